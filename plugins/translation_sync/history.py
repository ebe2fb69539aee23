"""What changed in a translation's original since the pair was last in sync:
the translator's diff (`invoke i18n-diff`), from git.

Owns: finding, in git history, the text the original had when its sync point
was recorded (the newest commit holding that version), and the unified diff
from it to the text now. Reads git and files; writes nothing.
"""

from __future__ import annotations

import difflib
import os
import subprocess
from pathlib import Path

from content_checks.sources import as_markdown_reads

from .status import (
    OUTDATED,
    UNRECORDED,
    Config,
    find_items,
    fingerprint_text,
    item_of,
    statuses,
)


def git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True)


def recorded_text(path: Path, digest: str) -> tuple[str | None, str]:
    """The text `path` had when its fingerprint was `digest`, from git: the
    newest commit holding that version. (text, commit), or (None, why not)."""
    folder = path.parent
    top = git(folder, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        return None, "this folder is not a git repository, so its history is unknown"
    inside = path.resolve().relative_to(Path(top.stdout.decode().strip()).resolve())
    revisions = git(folder, "log", "--format=%H", "--", str(path)).stdout.split()
    for revision in (r.decode() for r in revisions):
        shown = git(folder, "show", f"{revision}:{inside.as_posix()}")
        if shown.returncode == 0 and fingerprint_text(shown.stdout) == digest:
            return as_markdown_reads(shown.stdout.decode("utf-8-sig", "replace")), (
                revision
            )
    shallow = git(folder, "rev-parse", "--is-shallow-repository").stdout.strip()
    if shallow == b"true":
        return None, (
            "this clone's history is too shallow to hold it: fetch more with "
            "`git fetch --unshallow` (or `git fetch --depth=N` for N more "
            "commits) and try again"
        )
    return None, "no commit holds it (was it marked before it was committed?)"


def diff(config: Config, path: Path, shown: Path) -> tuple[str, bool]:
    """What changed in `path`'s original since the translation was last in
    sync: a unified diff, paths shown relative to `shown`. Returns (text,
    found): found is False where the old text cannot be found."""
    item = item_of(path, find_items(config))
    if item is None:
        return f"{os.path.relpath(path, shown)} is not a page or article", False
    lang = next(
        lang for lang, s in item.files.items() if s.path.resolve() == path.resolve()
    )
    status = next(s for s in statuses(config, [item]) if s.lang == lang)
    name = os.path.relpath(status.path, shown)
    if status.original is None:
        return f"{name}: {status.describe()}; an original has nothing to catch up", True
    if status.state == UNRECORDED:
        return f"{name}: no sync point recorded yet (`invoke i18n-mark {name}`)", False
    if status.state != OUTDATED:
        return f"{name}: {status.describe()}; its original has not changed", True
    original = status.original
    original_name = os.path.relpath(original.path, shown)
    old, where = recorded_text(original.path, status.recorded)
    if old is None:
        return (
            f"{original_name}: the version {name} was translated from "
            f"(sha256 {status.recorded[:12]}…) cannot be found: {where}\n"
        ), False
    new = as_markdown_reads(original.path.read_bytes().decode("utf-8-sig", "replace"))
    out = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{original_name} (in sync with {name}, commit {where[:12]})",
        tofile=f"{original_name} (now)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in out), True
