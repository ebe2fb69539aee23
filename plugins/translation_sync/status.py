"""Whether each translation still says what its original says: the sync points.

Owns: `content/translations.lock` (reading and writing it, and the fingerprint
of a source's text), which side of a pair is the original (`Original:` in
front matter, else the site's DEFAULT_LANG), the status of every page and
article in each language (original, translated, missing, outdated,
unrecorded, one language) and marking a pair in sync. The diff is history.py's.

The lock holds one line per file and counterpart: its path, the counterpart's
path (both inside content/) and the sha256 of the counterpart's text when the
two last said the same thing. A translation's sync point is its line against
its original, or the `Translated_from:` digest in its own front matter (the
browser editor's "up to date" box writes it; it wins when present, and
i18n-mark keeps it equal to the lock). A translation is outdated when its
original's text no longer has that fingerprint; an original is never
outdated, and a translation edited alone stays translated. Text is read the
way content_checks.sources reads it (a CRLF save changes nothing), and no git
history is needed except for the diff.

Knows nothing of Pelican: tasks.py (i18n-status, i18n-diff, i18n-mark, new)
and the plugin (translation_sync.py) both use it. Must not write anything but
the lock file and a translation's own `Translated_from:` line.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from content_checks.findings import Finding
from content_checks.sources import Source, as_markdown_reads, find_sources
from site_facts import language_name

LOCK_NAME = "translations.lock"
# Front matter of a page or article written in one language only
# (docs/reference.md).
# Not "Translation": Pelican reads that key as "this item is a translation".
ONE_LANGUAGE_KEY = "one_language"
# Which language a pair was written in (docs/reference.md): the site's
# DEFAULT_LANG unless either file says otherwise.
ORIGINAL_KEY = "original"
# A translation's sync point in its own front matter (the editor's box).
SYNC_KEY = "translated_from"
LOCK_HEADER = (
    "# Translation sync points: written by `invoke i18n-mark` and `invoke new`;\n"
    "# never edit by hand. One line per translation: its path, its counterpart's\n"
    "# path (inside content/), and the sha256 of the counterpart's text when the\n"
    "# two last said the same thing.\n"
)

ORIGINAL = "original"
TRANSLATED = "translated"
MISSING = "missing"
OUTDATED = "outdated"
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
    default: str = ""  # DEFAULT_LANG: the original's language unless said

    @property
    def default_original(self) -> str:
        return self.default or self.languages[0]

    @classmethod
    def from_settings(cls, settings: Mapping) -> Config:
        """From Pelican's settings, or pelicanconf's names (tasks.py)."""
        return cls(
            content=Path(settings["PATH"]).resolve(),
            languages=tuple(settings["LANGUAGES"]),
            static_paths=tuple(settings.get("STATIC_PATHS", ())),
            ignore=tuple(settings.get("IGNORE_FILES", ())),
            default=settings.get("DEFAULT_LANG", ""),
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

    def original(self, config: Config) -> str:
        """The language it was written in: what `Original:` says (on either
        file), else the default; files that disagree or name no language of
        the site count as unsaid (pairs.py reports them)."""
        said = {s.value(ORIGINAL_KEY) for s in self.files.values()} - {""}
        if len(said) == 1 and (lang := said.pop()) in config.languages:
            return lang
        return config.default_original


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
    original: Source | None = None  # of a translation (None on the original)
    recorded: str = ""  # the sync point it was judged by (sha256), if any

    def describe(self) -> str:
        """What an editor reads after the file's path."""
        if self.original is None:
            return self.state
        of = (
            f"translation of the {language_name(self.original.lang or '', 'en')} "
            f"original {self.original.path.name}"
        )
        if self.state == OUTDATED:
            return f"outdated: {of}, which changed since they were last in sync"
        if self.state == UNRECORDED:
            return f"unrecorded: {of}; no sync point yet"
        return f"{self.state}: {of}"


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
    source_lang = item.original(config)
    original = item.files.get(source_lang)
    for lang in config.languages:
        source = item.files.get(lang)
        if source is None:
            state = NOT_NEEDED if item.one_language else MISSING
            result.append(Status(item, lang, state))
            continue
        if len(item.files) < 2:
            state = ONE_LANGUAGE if item.one_language else TRANSLATED
            result.append(Status(item, lang, state, source.path))
            continue
        if lang == source_lang or original is None:
            # The original is never outdated; without one (content_checks
            # says it is missing) there is nothing to compare with.
            result.append(Status(item, lang, ORIGINAL if original else TRANSLATED,
                                 source.path))  # fmt: skip
            continue
        recorded = source.value(SYNC_KEY) or lock.get(
            (relative(source), relative(original)), ""
        )
        if not recorded:
            state = UNRECORDED
        else:
            state = TRANSLATED if recorded == digest(original) else OUTDATED
        result.append(Status(item, lang, state, source.path, original, recorded))
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
    keep_editor_marks(item, config)
    lock.update(pair_entries(item, config))
    write_lock(config.lock, lock)
    return item


def mark_all(config: Config) -> list[Item]:
    """Record every pair as in sync as it stands (a fresh lock)."""
    items = [item for item in find_items(config) if len(item.files) > 1]
    lock: Lock = {}
    for item in items:
        keep_editor_marks(item, config)
        lock.update(pair_entries(item, config))
    write_lock(config.lock, lock)
    return items


LINE_BREAK = re.compile(rb"(\r\n|\r|\n)")


def keep_editor_marks(item: Item, config: Config) -> None:
    """Before marking: a translation's own `Translated_from:` line (the
    editor's box) is set to the sync point the lock gets, so the two agree.
    Only that line changes; a translation without one gets none."""
    original = item.files.get(item.original(config))
    if original is None:
        return
    digest = fingerprint(original.path)
    for source in item.files.values():
        found = source.fields.get(SYNC_KEY)
        if source is original or found is None or found.value.strip() == digest:
            continue
        # Lines as Markdown counts them (\r\n, \r, \n): the field's line.
        parts = LINE_BREAK.split(source.path.read_bytes())
        index = 2 * (found.line - 1)
        bom = (
            b"\xef\xbb\xbf"
            if index == 0 and parts[0].startswith(b"\xef\xbb\xbf")
            else b""
        )
        parts[index] = bom + f"{found.key}: {digest}".encode()
        source.path.write_bytes(b"".join(parts))
