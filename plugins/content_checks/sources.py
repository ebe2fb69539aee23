"""The editor's view of content/: which sources exist, their front matter, and lines.

Owns: finding every source file under the content folder, reading its front
matter the way Python-Markdown's meta extension does (Key: value lines up to
the first blank line; indented lines continue a value) while keeping the line
number of each key, and deriving what the file name says (kind, slug, lang).
Knows nothing of Pelican, so tasks (i18n-status, new) use it too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

KINDS = {"pages": "page", "articles": "article"}
SOURCE_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[A-Za-z_-]+)\.md$")
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")


@dataclass
class Field:
    key: str  # as the editor wrote it, e.g. "Lnag"
    value: str
    line: int


Stamp = tuple[int, int]  # (st_mtime_ns, st_size)


@dataclass
class Source:
    path: Path  # absolute
    content_root: Path
    stamp: Stamp = (0, 0)  # of the file as read
    text: str = ""
    decode_error: str = ""
    fields: dict[str, Field] = field(default_factory=dict)  # by lower-case key
    duplicate_fields: list[Field] = field(default_factory=list)
    body_line: int = 1  # first line after the front matter

    @cached_property
    def relative(self) -> str:
        """Path inside the content folder: 'pages/about.ja.md'."""
        return self.path.relative_to(self.content_root).as_posix()

    @cached_property
    def kind(self) -> str | None:
        """'page' or 'article' by folder, or None for a file in the wrong place."""
        return KINDS.get(self.relative.split("/", 1)[0])

    @cached_property
    def name_match(self) -> re.Match[str] | None:
        return SOURCE_NAME.match(self.path.name)

    @property
    def file_lang(self) -> str | None:
        match = self.name_match
        return match["lang"] if match else None

    @property
    def file_slug(self) -> str | None:
        """The slug the path gives: pages/programs/welfare.ja.md -> programs/welfare."""
        match = self.name_match
        if not match or self.kind is None:
            return None
        folder = self.relative.split("/", 1)[1].rpartition("/")[0]
        return f"{folder}/{match['slug']}" if folder else match["slug"]

    @property
    def slug(self) -> str | None:
        """The slug Pelican will use: an explicit Slug: wins over the path."""
        explicit = self.value("slug")
        return explicit or self.file_slug

    @property
    def lang(self) -> str | None:
        return self.value("lang") or None

    def value(self, key: str) -> str:
        found = self.fields.get(key)
        return found.value.strip() if found else ""

    def line_of(self, needle: str) -> int:
        """1-based line of the first occurrence of needle in the file (1 if absent)."""
        index = self.text.find(needle)
        return self.text.count("\n", 0, index) + 1 if index >= 0 else 1


_READ: dict[Path, Source] = {}  # every source read, by path


def read_source(path: Path, content_root: Path) -> Source:
    """The source as written; re-read only once the file changed (the live
    preview checks every source on every save)."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _READ.get(path)
    if known and known.stamp == stamp and known.content_root == content_root:
        return known
    source = parse_source(path, content_root, stamp)
    _READ[path] = source
    return source


def parse_source(path: Path, content_root: Path, stamp: Stamp) -> Source:
    source = Source(path=path, content_root=content_root, stamp=stamp)
    raw = path.read_bytes()
    try:
        source.text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        source.decode_error = f"{line}"
        source.text = raw.decode("utf-8", errors="replace")
        return source
    parse_front_matter(source)
    return source


def parse_front_matter(source: Source) -> None:
    current: Field | None = None
    lines = source.text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            source.body_line = number + 1
            return
        meta = META_LINE.match(line)
        if meta:
            current = Field(meta["key"], meta["value"], number)
            key = current.key.lower()
            if key in source.fields:
                source.duplicate_fields.append(current)
            else:
                source.fields[key] = current
            continue
        more = CONTINUATION.match(line)
        if more and current is not None:
            current.value += " " + more["value"].strip()
            continue
        source.body_line = number
        return
    source.body_line = len(lines) + 1


def files_under(root: Path) -> list[Path]:
    """Every file below root, sorted."""
    return sorted(
        Path(folder, name) for folder, _, names in os.walk(root) for name in names
    )


def find_sources(
    content_root: Path, static_paths: list[str], files: list[Path] | None = None
) -> list[Source]:
    """Every file under content/ (`files`, if already listed) that is not a
    static file (images and such)."""
    static = [content_root / folder for folder in static_paths]
    return [
        read_source(path, content_root)
        for path in (files_under(content_root) if files is None else files)
        if not path.name.startswith(".")
        and not any(path.is_relative_to(folder) for folder in static)
    ]
