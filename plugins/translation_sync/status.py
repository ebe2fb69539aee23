"""Whether each translation still says what its counterpart says: the sync points.

Owns: `content/translations.lock` (reading and writing it, and the fingerprint
of a source's text), the status of every page and article in each language
(translated, missing, outdated, both changed, unrecorded, one language),
marking a pair in sync, and the translator's diff of what changed (from git).

The lock holds one line per translation: its path, its counterpart's path
(both inside content/) and the sha256 of the counterpart's text when the two
last said the same thing. A translation is outdated when its counterpart's
text no longer has that fingerprint while its own text still has the one its
counterpart's line records: the edited side is never the outdated one. Text
is read the way content_checks.sources reads it (a CRLF save changes
nothing), and no git history is needed except for the diff.

Knows nothing of Pelican: tasks.py (i18n-status, i18n-diff, i18n-mark, new)
and the plugin (translation_sync.py) both use it. Must not write anything but
the lock file.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from content_checks.findings import Finding
from content_checks.sources import Source, as_markdown_reads, find_sources

LOCK_NAME = "translations.lock"
# Front matter of a page or article written in one language only (README).
# Not "Translation": Pelican reads that key as "this item is a translation".
ONE_LANGUAGE_KEY = "one_language"
LOCK_HEADER = (
    "# Translation sync points: written by `invoke i18n-mark` and `invoke new`;\n"
    "# never edit by hand. One line per translation: its path, its counterpart's\n"
    "# path (inside content/), and the sha256 of the counterpart's text when the\n"
    "# two last said the same thing.\n"
)

TRANSLATED = "translated"
MISSING = "missing"
OUTDATED = "outdated"
BOTH_CHANGED = "both changed"
UNRECORDED = "unrecorded"
ONE_LANGUAGE = "one language"
NOT_NEEDED = "-"  # the other language of a one-language page

Lock = dict[tuple[str, str], str]  # (translation, counterpart) -> fingerprint


def fingerprint_text(raw: bytes) -> str:
    """sha256 of a source's text as Markdown reads it (BOM, line endings)."""
    text = as_markdown_reads(raw.decode("utf-8-sig", errors="replace"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(path: Path) -> str:
    return fingerprint_text(path.read_bytes())


@dataclass(frozen=True)
class Config:
    content: Path  # the content folder
    languages: tuple[str, ...]  # main language first
    static_paths: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Mapping) -> Config:
        """From Pelican's settings, or pelicanconf's names (tasks.py)."""
        return cls(
            content=Path(settings["PATH"]).resolve(),
            languages=tuple(settings["LANGUAGES"]),
            static_paths=tuple(settings.get("STATIC_PATHS", ())),
            ignore=tuple(settings.get("IGNORE_FILES", ())),
        )

    @property
    def lock(self) -> Path:
        return self.content / LOCK_NAME

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.content).as_posix()


DIGEST = re.compile(r"[0-9a-f]{64}")
REMAKE = (
    "restore it from git (`git checkout -- {path}`), or remove it and mark "
    "each pair in sync again (`invoke i18n-mark <file>`)"
)


def read_lock(path: Path) -> Lock:
    """The sync points, or LockError saying what is wrong with the file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}  # no pair marked yet
    except IsADirectoryError:
        raise LockError(
            path,
            1,
            "is a folder, not the sync-point file: move the folder away, then "
            f"restore the file from git (`git checkout -- {os.path.relpath(path)}`)",
        ) from None
    except OSError as error:
        raise LockError(
            path,
            1,
            f"cannot be read ({error.strerror}): give your user read access "
            "to it (`ls -l` shows its owner and mode)",
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LockError(
            path,
            line,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x}): {remake(path)}",
        ) from None
    lock: Lock = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not DIGEST.fullmatch(parts[2]):
            raise LockError(path, number, f"{unreadable(line)}: {remake(path)}")
        lock[(parts[0], parts[1])] = parts[2]
    return lock


def remake(path: Path) -> str:
    return REMAKE.format(path=os.path.relpath(path))


def unreadable(line: str) -> str:
    if line.startswith(("<<<<<<<", "=======", ">>>>>>>", "|||||||")):
        return "a merge conflict is left in it (keep both sides' lines, remove the markers)"
    return "not a sync point (translation, counterpart, sha256, tab-separated)"


def write_lock(path: Path, lock: Lock) -> None:
    """Sorted, one line per translation: the same content gives the same bytes."""
    lines = [f"{a}\t{b}\t{digest}\n" for (a, b), digest in sorted(lock.items())]
    path.write_text(LOCK_HEADER + "".join(lines), "utf-8", newline="\n")


@dataclass
class Item:
    """A page or article: its source in each language it exists in."""

    kind: str
    slug: str
    files: dict[str, Source] = field(default_factory=dict)  # lang -> source

    @property
    def one_language(self) -> bool:
        return any(s.value(ONE_LANGUAGE_KEY) == "yes" for s in self.files.values())


def find_items(config: Config, files: list[Path] | None = None) -> list[Item]:
    """Every page and article (of `files`, if listed already), sorted by
    kind and slug."""
    found = find_sources(
        config.content, list(config.static_paths), files, ignore=config.ignore
    )
    items: dict[tuple[str, str], Item] = {}
    for source in found:
        if source.kind and source.slug and source.lang in config.languages:
            key = (source.kind, source.slug)
            items.setdefault(key, Item(*key)).files[source.lang] = source
    return [items[key] for key in sorted(items)]


@dataclass
class Status:
    item: Item
    lang: str
    state: str
    path: Path | None = None  # None where it is missing
    changed: list[Source] = field(default_factory=list)  # counterparts edited

    def describe(self) -> str:
        """What an editor reads after the file's path."""
        names = ", ".join(s.path.name for s in self.changed)
        if self.state == OUTDATED:
            return f"outdated: {names} changed"
        if self.state == BOTH_CHANGED:
            return (
                f"both changed: this file and {names} were edited since they were "
                "last in sync; the pair needs a look"
            )
        if self.state == UNRECORDED:
            return "unrecorded: no sync point yet"
        return self.state


def item_statuses(
    item: Item, config: Config, lock: Lock, digests: dict
) -> list[Status]:
    def digest(source: Source) -> str:
        if source.path not in digests:
            # The text content_checks read, when it could: the same sha256 as
            # fingerprint(), without reading the file again.
            readable = source.text and not (source.decode_error or source.read_error)
            digests[source.path] = (
                source.text_digest if readable else fingerprint(source.path)
            )
        return digests[source.path]

    def relative(source: Source) -> str:
        if source.content_root == config.content:
            return source.relative  # found under the (resolved) content folder
        return config.relative(source.path)

    result = []
    for lang in config.languages:
        source = item.files.get(lang)
        if source is None:
            state = NOT_NEEDED if item.one_language else MISSING
            result.append(Status(item, lang, state))
            continue
        others = [s for other, s in item.files.items() if other != lang]
        if not others:
            state = ONE_LANGUAGE if item.one_language else TRANSLATED
            result.append(Status(item, lang, state, source.path))
            continue
        own = relative(source)
        keys = [(own, relative(other)) for other in others]
        if any(key not in lock for key in keys):
            result.append(Status(item, lang, UNRECORDED, source.path))
            continue
        changed = [
            o for o, key in zip(others, keys, strict=True) if lock[key] != digest(o)
        ]
        # Did this side change too? Its counterpart's line records its text.
        edited_too = any(
            lock.get((relative(o), own), digest(source)) != digest(source)
            for o in changed
        )
        state = (BOTH_CHANGED if edited_too else OUTDATED) if changed else TRANSLATED
        result.append(Status(item, lang, state, source.path, changed))
    return result


def statuses(config: Config, items: list[Item] | None = None) -> list[Status]:
    """Every page and article in each language, in the order of find_items."""
    lock = read_lock(config.lock)
    digests: dict[Path, str] = {}
    return [
        status
        for item in (find_items(config) if items is None else items)
        for status in item_statuses(item, config, lock, digests)
    ]


def item_of(path: Path, items: Iterable[Item]) -> Item | None:
    wanted = path.resolve()
    for item in items:
        if any(s.path.resolve() == wanted for s in item.files.values()):
            return item
    return None


def pair_entries(item: Item, config: Config) -> Lock:
    """The item's sync point as it stands: every translation against each other."""
    return {
        (config.relative(a.path), config.relative(b.path)): fingerprint(b.path)
        for a in item.files.values()
        for b in item.files.values()
        if a is not b
    }


def existing_entries(lock: Lock, config: Config) -> Lock:
    """Drop the lines of files that are gone (renamed or removed)."""
    return {
        key: digest
        for key, digest in lock.items()
        if all((config.content / path).is_file() for path in key)
    }


class SyncError(Exception):
    """Said to the editor as it is."""


class LockError(SyncError):
    """The lock cannot be read: said as `path:line: what is wrong and how to
    fix it`, like any content problem (finding)."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        self.finding = Finding(path, line, message)
        super().__init__(self.finding.format(Path.cwd()))


def mark(config: Config, path: Path) -> Item:
    """Record the pair `path` belongs to (either file) as in sync now."""
    item = item_of(path, find_items(config))
    if item is None:
        raise SyncError(f"{os.path.relpath(path)} is not a page or article")
    if len(item.files) < 2:
        raise SyncError(
            f"{os.path.relpath(path)} has no counterpart to be in sync with"
        )
    lock = existing_entries(read_lock(config.lock), config)
    lock.update(pair_entries(item, config))
    write_lock(config.lock, lock)
    return item


def mark_all(config: Config) -> list[Item]:
    """Record every pair as in sync as it stands (a fresh lock)."""
    items = [item for item in find_items(config) if len(item.files) > 1]
    lock: Lock = {}
    for item in items:
        lock.update(pair_entries(item, config))
    write_lock(config.lock, lock)
    return items


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
    """What changed in `path`'s counterparts since the pair was in sync: a
    unified diff per counterpart, paths shown relative to `shown`. Returns
    (text, found): found is False where the old text cannot be found."""
    item = item_of(path, find_items(config))
    if item is None:
        return f"{os.path.relpath(path, shown)} is not a page or article", False
    lang = next(
        lang for lang, s in item.files.items() if s.path.resolve() == path.resolve()
    )
    status = next(s for s in statuses(config, [item]) if s.lang == lang)
    name = os.path.relpath(status.path, shown)
    if status.state == UNRECORDED:
        return f"{name}: no sync point recorded yet (`invoke i18n-mark {name}`)", False
    if not status.changed:
        return f"{name}: {status.describe()}; its counterpart has not changed", True
    lock = read_lock(config.lock)
    out, found = [], True
    for other in status.changed:
        other_name = os.path.relpath(other.path, shown)
        digest = lock[(config.relative(status.path), config.relative(other.path))]
        old, where = recorded_text(other.path, digest)
        if old is None:
            found = False
            out.append(
                f"{other_name}: the version {name} was translated from "
                f"(sha256 {digest[:12]}…) cannot be found: {where}"
            )
            continue
        new = as_markdown_reads(other.path.read_bytes().decode("utf-8-sig", "replace"))
        out.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"{other_name} (in sync with {name}, commit {where[:12]})",
                tofile=f"{other_name} (now)",
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in out), found
