"""Remember what the per-file checks found, between builds and processes.

Owns: a memo of `rules.check_file`'s findings for each source, valid while
the source is unchanged (its stamp: site_facts.file_stamp) and so is
everything else check_file reads: the rules (from the settings), the content
folder, the list of files (links must point at one) and every source's
status (a link to a draft is reported), and the image files in STATIC_PATHS
(an image a source shows is checked). A change to any of those recomputes
every file; an edited source recomputes only itself. In memory for the live
preview; under CACHE_PATH for the next `pelican` process while Pelican's
content cache is on (loaded with LOAD_CONTENT_CACHE, saved with
CACHE_CONTENT); a published build, a fresh process that loads nothing,
checks everything afresh.

At N = 1000 article pairs check_file costs about 0.3 s per build. The rules
about the whole corpus (collections: slugs, pairs; output paths) read only
each source's path and front matter: their findings are kept for one key,
the context's and every source's front matter with its lines, so an edit to
a body reuses them and an edit to any front matter recomputes them (40 ms).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path

from site_facts import file_stamp

from .findings import Finding
from .sources import Source, Stamp

CACHE_NAME = "content-checks.pickle"
FORMAT = 3  # bump when what is stored changes shape


def canonical(value) -> object:
    """A stable, comparable description of a value (sets sorted, so the same
    rules give the same key in every process whatever the hash seed)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__qualname__,
            tuple(
                (f.name, canonical(getattr(value, f.name)))
                for f in dataclasses.fields(value)
            ),
        )
    if isinstance(value, dict):
        return tuple(sorted((repr(k), canonical(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return tuple(sorted(repr(canonical(v)) for v in value))
    if isinstance(value, list | tuple):
        return tuple(canonical(v) for v in value)
    if isinstance(value, Path | dt.datetime | dt.date):
        return str(value)
    return repr(value)


def context_key(content_root: Path, rules, existing, statuses, static) -> str:
    described = repr(canonical((str(content_root), rules, existing, statuses, static)))
    return hashlib.sha256(described.encode()).hexdigest()


def corpus_key(context: str, sources: list[Source]) -> str:
    """What the corpus rules read: the context, and each source's path,
    readability and front matter (keys, values, lines)."""
    described = repr(
        (
            context,
            [
                (
                    s.relative,
                    s.decode_error,
                    s.read_error,
                    [(f.key, f.value, f.line) for f in s.fields.values()],
                    [(f.key, f.value, f.line) for f in s.duplicate_fields],
                )
                for s in sources
            ],
        )
    )
    return hashlib.sha256(described.encode()).hexdigest()


def stamp_of(path: Path) -> Stamp:
    """A file's site_facts.file_stamp, or zeros if it cannot be read."""
    try:
        return file_stamp(path.stat())
    except OSError:
        return (0, 0, 0)


class FindingsMemo:
    """relative path -> (stamp, context key, findings)."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[Stamp, str, list[Finding]]] = {}
        # The corpus rules' findings, for one corpus_key.
        self.corpus_entry: tuple[str, list[Finding]] | None = None
        self.loaded_from: str | None = None
        self.changed = False
        self.computed = 0  # sources checked afresh, since this process began
        # What the last check_all read besides each source (rules, existing
        # files, statuses) and its key: recheck() checks one edited source
        # against it, for the live preview's quick update.
        self.last: tuple | None = None

    def findings(
        self, source: Source, key: str, compute: Callable[[], list[Finding]]
    ) -> list[Finding]:
        if self.knows(source, key):
            return self.entries[source.relative][2]
        found = compute()
        self.store(source, key, found)
        return found

    def missing(self, sources: list[Source], key: str) -> list[Source]:
        """The sources whose findings are not known for this key."""
        return [s for s in sources if not self.knows(s, key)]

    def corpus(self, key: str, compute: Callable[[], list[Finding]]) -> list[Finding]:
        if self.corpus_entry is None or self.corpus_entry[0] != key:
            self.corpus_entry = (key, compute())
            self.changed = True
        return self.corpus_entry[1]

    def knows(self, source: Source, key: str) -> bool:
        known = self.entries.get(source.relative)
        return bool(known and known[0] == source.stamp and known[1] == key)

    def store(self, source: Source, key: str, found: list[Finding]) -> None:
        self.computed += 1
        self.entries[source.relative] = (source.stamp, key, found)
        self.changed = True

    def load(self, cache_path: str) -> None:
        """Take the entries a previous process saved, once per cache folder."""
        if self.loaded_from == cache_path:
            return
        self.loaded_from = cache_path
        try:
            stored = pickle.loads((Path(cache_path) / CACHE_NAME).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return
        if isinstance(stored, dict) and stored.get("format") == FORMAT:
            self.entries = {**stored["entries"], **self.entries}
            self.corpus_entry = self.corpus_entry or stored["corpus"]

    def save(self, cache_path: str) -> None:
        if not self.changed:
            return
        folder = Path(cache_path)
        folder.mkdir(parents=True, exist_ok=True)
        staged = folder / f".{CACHE_NAME}.{id(self)}"
        stored = {
            "format": FORMAT,
            "entries": self.entries,
            "corpus": self.corpus_entry,
        }
        staged.write_bytes(pickle.dumps(stored))
        staged.replace(folder / CACHE_NAME)
        self.changed = False


MEMO = FindingsMemo()


def recheck(source: Source) -> list[Finding] | None:
    """One source's own findings against what the last check_all read, or
    None when nothing was checked yet in this process."""
    from .rules import check_file

    if MEMO.last is None:
        return None
    rules, existing, statuses, key = MEMO.last
    return MEMO.findings(
        source, key, lambda: check_file(source, rules, existing, statuses)
    )
