"""Pelican's per-source bookkeeping done once, or cheaply: paths, slugs, links.

Owns: a memo for Pelican's `Content.get_relative_source_path`. Pelican 4.12
builds a content's URL and output path (`url`, `save_as`) from its metadata
every time a template, a plugin or the writer asks for one, and each time
computes the source's path relative to PATH with two `os.path.abspath` and
an `os.path.relpath`: 14,000 calls and about a tenth of a cold build at
N = 1000 (`invoke bench`). That path is a pure function of PATH, the source
path and the working folder, so it is computed once per triple; everything
else in the URL stays Pelican's own code, read fresh each time (a plugin may
still change a slug or an override_url after reading).

The same for `pelican.utils.slugify`: every category, tag and author of
every content is a new object with no slug yet, and Pelican compares them by
slug (hash, ==, sorting) and builds their URLs from it: 4,000 slugifies of
the same few names per build at N = 1000, each a Markup parse, a Unicode
normalisation, unidecode and the substitutions. A slug is a pure function of
its arguments, so each distinct call is computed once per process.

And a content's links to static files (`get_static_links`, asked for every
content as it is read, to publish what pages link to): Pelican scans the
whole HTML for every intrasite link to keep the {static} and {attach} ones;
HTML that never says "static" or "attach" has none, and is not scanned.

And which files are sources (`Generator._include_path`, asked for every file
by every generator of every site): Pelican matches each name against each
IGNORE_FILES pattern with fnmatch in turn; here all of them are one
expression (content_checks' own, the same matches).

No signal: installed when Pelican loads the plugin. Must not change any URL,
slug, link or source (tests/test_build_performance.py compares them with
Pelican's).
"""

from __future__ import annotations

import os
from functools import cache, lru_cache

import pelican.contents
import pelican.urlwrappers
import pelican.utils
from pelican.contents import Content
from pelican.generators import Generator

from content_checks.sources import ignore_pattern

_pelicans_method = Content.get_relative_source_path


@cache
def relative_source_path(
    content_path: str, source_path: str, working_folder: str
) -> str | None:
    """Pelican's own computation, for one (PATH, source, working folder):
    the caller passes os.getcwd(), which Pelican's abspath calls read for a
    relative path (or "" when both are absolute)."""
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
    content_path = self.settings["PATH"]
    # Two absolute paths (as Pelican's are) need no working folder: asking
    # for it was 18,000 getcwd calls a build.
    absolute = os.path.isabs(content_path) and os.path.isabs(source_path)
    return relative_source_path(
        content_path, source_path, "" if absolute else os.getcwd()
    )


_pelicans_slugify = pelican.utils.slugify


@lru_cache(maxsize=1 << 16)
def remembered_slug(
    value: str, regex_subs: tuple, preserve_case: bool, use_unicode: bool
) -> str:
    return _pelicans_slugify(value, regex_subs, preserve_case, use_unicode)


def slugify(value, regex_subs=(), preserve_case=False, use_unicode=False) -> str:
    """pelican.utils.slugify, remembered (its arguments made hashable)."""
    subs = tuple((source, replacement) for source, replacement in regex_subs)
    return remembered_slug(str(value), subs, bool(preserve_case), bool(use_unicode))


_pelicans_static_links = Content.get_static_links


def get_static_links(self: Content) -> set[str]:
    html = self._content
    if isinstance(html, str) and "static" not in html and "attach" not in html:
        return set()
    return _pelicans_static_links(self)


_pelicans_include_path = Generator._include_path


def include_path(self: Generator, path, extensions=None) -> bool:
    """Pelican's inclusion rule: not an IGNORE_FILES name, and a reader's
    extension (or any, with extensions=False)."""
    if extensions is None:
        extensions = tuple(self.readers.extensions)
    basename = os.path.basename(path)
    ignored = ignore_pattern(tuple(self.settings["IGNORE_FILES"]))
    if ignored is not None and ignored.match(basename):
        return False
    return extensions is False or os.path.splitext(basename)[1][1:] in extensions


def register() -> None:
    Content.get_relative_source_path = get_relative_source_path
    Content.get_static_links = get_static_links
    Generator._include_path = include_path
    # Each module that imported the name calls it by that name.
    for module in (pelican.utils, pelican.contents, pelican.urlwrappers):
        module.slugify = slugify
