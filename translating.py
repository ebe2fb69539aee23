"""What `invoke i18n-status`, `i18n-diff` and `i18n-mark` do at length (tasks.py
keeps their names and help): the sync points of plugins/translation_sync, as
an editor reads them.

Owns: the sync points' view of content/ as pelicanconf.py sets it, the status
table, and `said`: a verb whose lock cannot be read or written (not UTF-8, a
folder, no access, a full disk) says so in one line and exits 2, never with a
traceback. The lock itself is translation_sync/status.py's.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from invoke import Exit

from content_checks.failures import explain
from translation_sync import status

ROOT = Path(__file__).resolve().parent
NEEDS_WORK = (status.OUTDATED, status.UNRECORDED)


def said(verb):
    """The verb, with a lock it cannot read or write said in one line."""

    @functools.wraps(verb)
    def run(*args, **kwargs):
        try:
            return verb(*args, **kwargs)
        except status.SyncError as error:
            raise Exit(str(error), code=2) from None
        except OSError as error:
            raise Exit(explain(error), code=2) from None

    return run


def sync_config() -> status.Config:
    """The translation sync points' view of content/ (plugins/translation_sync)."""
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    return status.Config(
        content=ROOT / "content",
        languages=tuple(pelicanconf.LANGUAGES),
        static_paths=tuple(pelicanconf.STATIC_PATHS),
        ignore=tuple(pelicanconf.IGNORE_FILES),
        default=pelicanconf.DEFAULT_LANG,
    )


def content_file(file: str) -> Path:
    """A path as the editor typed it: from here, or from the project."""
    path = Path(file)
    return path if path.exists() or path.is_absolute() else ROOT / file


def shown(path: Path) -> str:
    return os.path.relpath(path, Path.cwd())


def print_status(config: status.Config) -> None:
    """The table of every page and article x language (the original's cell
    says "original"), then what needs work; Exit (1) when a translation is
    missing. A translation edited alone, its original unchanged, is
    "translated": its own edits (a typo) never need the original's author."""
    found = status.statuses(config)
    rows: dict[tuple[str, str], list[status.Status]] = {}
    for one in found:
        rows.setdefault((one.item.kind, one.item.slug), []).append(one)
    width = max(len(f"{kind} {slug}") for kind, slug in rows) + 2
    header = f"{'content':<{width}}" + "".join(
        f"{lang:<14}" for lang in config.languages
    )
    print(header.rstrip())
    for (kind, slug), cells in rows.items():
        line = "".join(f"{cell.state:<14}" for cell in cells)
        print(f"{kind + ' ' + slug:<{width}}{line}".rstrip())
    notes = [s for s in found if s.state in NEEDS_WORK]
    if notes:
        print()
    for one in notes:
        print(f"{shown(one.path)}  {one.describe()}")
    missing = sum(s.state == status.MISSING for s in found)
    wanted = sum(s.state != status.NOT_NEEDED for s in found)
    print(f"\n{wanted - missing} of {wanted} translations present.")
    if any(s.state == status.OUTDATED for s in found):
        print(
            "See what changed: invoke i18n-diff <file>; then: invoke i18n-mark <file>"
        )
    if missing:
        raise Exit(f"{missing} translation(s) missing.", code=1)
