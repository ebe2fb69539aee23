"""Facts about the build that every plugin needs, defined once.

Owns: which Pelican run is the main site (`is_main_site`), when a file
counts as changed (`file_stamp`), how a plugin that changes a content's HTML
makes Pelican read it again (`forget_rendered`), what a language is called
(`language_name`, from Babel's CLDR data), and the build's "now"
(`build_now`): the moment a build takes as the present, so the same
commit built on the same day gives the same bytes on any machine.

Not a Pelican plugin (no register()): plugins import it. Must not change
settings or content.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from functools import cache
from pathlib import Path


@cache
def language_name(lang: str, in_lang: str | None = None) -> str:
    """A language's name: in itself by default ("日本語"), or in `in_lang`
    ("Japanese"); a code Babel does not know, quoted ('"xx"')."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang).get_display_name(in_lang or lang) or f'"{lang}"'
    except (ValueError, UnknownLocaleError):
        return f'"{lang}"'


def file_stamp(status: os.stat_result) -> tuple[int, int, int]:
    """What tells that a file changed since it was last read: its modification
    time, its size, and its inode change time. No tool can set the last one
    back, so an edit that keeps the size and the modification time (a copy
    that preserves times, two saves within the clock's resolution) is still
    seen. Every cache of what a source reads as keys on this."""
    return (status.st_mtime_ns, status.st_size, status.st_ctime_ns)


def forget_rendered(content) -> None:
    """Pelican memoizes a content object's HTML and summary (per site URL)
    once asked (pelican.utils.memoized, one cache per method for every
    object); after a plugin changes its `_content`, drop what was kept."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        memo = Content.__dict__[name].cache
        for key in [k for k in memo if k and k[0] is content]:
            del memo[key]


def is_main_site(settings: dict) -> bool:
    """The main language's Pelican, not one i18n_subsites made: a subsite's
    DEFAULT_LANG is a key of I18N_SUBSITES."""
    return settings["DEFAULT_LANG"] not in settings.get("I18N_SUBSITES", {})


def build_now(content: Path | str) -> dt.datetime:
    """The build's present, in UTC: $SOURCE_DATE_EPOCH when set (the scheduled
    CI build sets it to the day it runs), else the date of the last commit of
    the repository holding `content`, else (no git) the machine's clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    committed = last_commit_time(str(Path(content).resolve()))
    if committed is not None:
        return committed
    return dt.datetime.now(dt.UTC)


@cache
def last_commit_time(folder: str) -> dt.datetime | None:
    try:
        result = subprocess.run(
            ["git", "-C", folder, "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = result.stdout.strip()
    if result.returncode != 0 or not stamp.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(stamp), dt.UTC)
