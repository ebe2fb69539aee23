"""Facts about the build that every plugin needs, defined once.

Owns: which Pelican run is the main site (`is_main_site`), when a file
counts as changed (`file_stamp`), how a plugin that changes a content's HTML
makes Pelican read it again (`forget_rendered`), what a language is called
(`language_name`, from Babel's CLDR data), and the build's "now"
(`build_now`, `build_time_line`): the moment a build takes as the present,
so the same commit gives the same bytes on any machine, and uncommitted
content is built as of now.

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
    """The build's present, in UTC (see `build_time`)."""
    return build_time(content)[0]


def build_time(content: Path | str) -> tuple[dt.datetime, str]:
    """The build's present, in UTC, and the rule that chose it, in words:

    - $SOURCE_DATE_EPOCH when set (the scheduled CI build sets it to the day
      it runs);
    - the date of the last commit, when nothing under `content` differs from
      it: a committed tree builds the same bytes on any machine;
    - the machine's clock, to the second, when `content` has uncommitted
      changes (an editor's new article is shown by the next build, not held
      back until committed), or is not in a git repository.

    Decided once per process, folder and $SOURCE_DATE_EPOCH: every plugin of
    a build agrees."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return _decided(str(Path(content).resolve()), epoch)


@cache
def _decided(content: str, epoch: str) -> tuple[dt.datetime, str]:
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC), "$SOURCE_DATE_EPOCH"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    committed = last_commit_time(content)
    if committed is None:
        return now, "now (no git history to date it by)"
    if uncommitted_changes(content):
        return now, "now (content/ has uncommitted changes)"
    return committed, "last commit (content/ committed)"


def build_time_line(content: Path | str, zone: str) -> str:
    """One line saying the build's present and why: "Build time: last commit
    (content/ committed), 2026-12-03 18:22 Asia/Tokyo"."""
    from zoneinfo import ZoneInfo

    moment, rule = build_time(content)
    shown = moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    return f"Build time: {rule}, {shown} {zone}"


def uncommitted_changes(folder: str) -> bool:
    """Whether any file under `folder` differs from the last commit (edited,
    added, deleted, or new and not ignored)."""
    try:
        result = subprocess.run(
            [
                "git",
                "--no-optional-locks",  # never write the index (no index.lock)
                "-C",
                folder,
                "status",
                "--porcelain",
                "--untracked-files=all",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return True
    return result.returncode != 0 or bool(result.stdout.strip())


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
