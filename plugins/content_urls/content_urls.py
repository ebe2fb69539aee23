"""Compute each content's source-relative path once, not on every URL.

Owns: a memo for Pelican's `Content.get_relative_source_path`. Pelican 4.12
builds a content's URL and output path (`url`, `save_as`) from its metadata
every time a template, a plugin or the writer asks for one, and each time
computes the source's path relative to PATH with two `os.path.abspath` and
an `os.path.relpath`: 14,000 calls and about a tenth of a cold build at
N = 1000 (`invoke bench`). That path is a pure function of PATH, the source
path and the working folder, so it is computed once per triple; everything
else in the URL stays Pelican's own code, read fresh each time (a plugin may
still change a slug or an override_url after reading).

No signal: installed when Pelican loads the plugin. Must not change any URL
(tests/test_build_performance.py compares with Pelican's own method).
"""

from __future__ import annotations

import os
from functools import cache

from pelican.contents import Content

_pelicans_method = Content.get_relative_source_path


@cache
def relative_source_path(
    content_path: str, source_path: str, working_folder: str
) -> str | None:
    """Pelican's own computation, for one (PATH, source, working folder):
    the caller passes os.getcwd(), which Pelican's abspath calls read."""
    stand_in = _StandIn({"PATH": content_path}, source_path)
    return _pelicans_method(stand_in)


class _StandIn:
    """Just what Pelican's method reads: settings["PATH"] and source_path."""

    __slots__ = ("settings", "source_path")

    def __init__(self, settings: dict, source_path: str) -> None:
        self.settings = settings
        self.source_path = source_path


def get_relative_source_path(
    self: Content, source_path: str | None = None
) -> str | None:
    source_path = source_path or self.source_path
    if source_path is None:
        return None
    return relative_source_path(self.settings["PATH"], source_path, os.getcwd())


def register() -> None:
    Content.get_relative_source_path = get_relative_source_path
