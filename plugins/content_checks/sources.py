"""The editor's view of content/: which sources exist, their front matter, and lines.

Owns: finding every source file under the content folder, reading its front
matter the way Python-Markdown's meta extension does (Key: value lines up to
the first blank line; indented lines continue a value) while keeping the line
number of each key, and deriving what the file name says (kind, slug, lang).
Knows nothing of Pelican, so tasks (i18n-status, new) use it too.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from site_facts import file_stamp

KINDS = {"pages": "page", "articles": "article"}
# A slug, and so a file name or folder under pages/ or articles/: it is the
# page's web address. `invoke new` and content_checks both use it.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")
SOURCE_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[A-Za-z_-]+)\.md$")
# Python-Markdown's meta extension (Pelican's reader), line for line.
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
META_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
# Characters XML (the feeds) cannot carry and nobody types on purpose.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass
class Field:
    key: str  # as the editor wrote it, e.g. "Lnag"
    value: str
    line: int


Stamp = tuple[int, int, int]  # site_facts.file_stamp


@dataclass
class Source:
    path: Path  # absolute
    content_root: Path
    stamp: Stamp = (0, 0, 0)  # of the file as read
    text: str = ""
    decode_error: str = ""  # the first line that is not UTF-8
    read_error: str = ""  # why the file could not be read at all
    fields: dict[str, Field] = field(default_factory=dict)  # by lower-case key
    duplicate_fields: list[Field] = field(default_factory=list)
    body_line: int = 1  # first line after the front matter
    control: tuple[int, str] | None = None  # (line, character) of the first one

    @cached_property
    def relative(self) -> str:
        """Path inside the content folder: 'pages/about.ja.md'."""
        return relative_posix(self.path, self.content_root)

    @cached_property
    def text_digest(self) -> str:
        """sha256 of the text as Markdown reads it (translation_sync's sync
        points); only for a source that was read and decoded."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

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

    @property
    def body(self) -> str:
        """The text below the front matter."""
        return "\n".join(self.text.split("\n")[self.body_line - 1 :])

    def value(self, key: str) -> str:
        found = self.fields.get(key)
        return found.value.strip() if found else ""

    def line_for(self, key: str) -> int:
        """The line of a front-matter key, or 1 where the file lacks it."""
        found = self.fields.get(key)
        return found.line if found else 1

    def line_of(self, needle: str) -> int:
        """1-based line of the first occurrence of needle in the file (1 if absent)."""
        index = self.text.find(needle)
        return self.text.count("\n", 0, index) + 1 if index >= 0 else 1


def relative_posix(path: Path, root: Path) -> str:
    """path.relative_to(root).as_posix(), by comparing text for a path listed
    below root (pathlib's parsing was a tenth of a rebuild's checks)."""
    text, prefix = str(path), folder_prefix(root)
    if text.startswith(prefix):
        return text[len(prefix) :].replace(os.sep, "/")
    return path.relative_to(root).as_posix()


def folder_prefix(folder: Path) -> str:
    """What the text of every path inside folder starts with."""
    text = str(folder)
    return text if text.endswith(os.sep) else text + os.sep


def below(path: Path, folders: list[Path]) -> bool:
    """Whether path is one of folders or inside one (Path.is_relative_to)."""
    text = str(path)
    return any(
        text == str(folder) or text.startswith(folder_prefix(folder))
        for folder in folders
    )


_READ: dict[Path, Source] = {}  # every source read, by path


def read_so_far() -> dict[Path, Source]:
    """Every source this process has read, as last read (a copy)."""
    return dict(_READ)


def read_source(path: Path, content_root: Path) -> Source:
    """The source as written; re-read only once the file changed (the live
    preview checks every source on every save)."""
    try:
        status = path.stat()
    except OSError as error:  # removed or replaced since it was listed
        return Source(path, content_root, read_error=reason(error))
    stamp = file_stamp(status)
    known = _READ.get(path)
    if known and known.stamp == stamp and known.content_root == content_root:
        return known
    source = parse_source(path, content_root, stamp)
    _READ[path] = source
    return source


def parse_source(path: Path, content_root: Path, stamp: Stamp) -> Source:
    source = Source(path=path, content_root=content_root, stamp=stamp)
    try:
        raw = path.read_bytes()
    except OSError as error:
        source.read_error = reason(error)
        return source
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        source.decode_error = f"{line}"
        source.text = raw.decode("utf-8", errors="replace")
        return source
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        source.control = (line, control[0])
    source.text = as_markdown_reads(text)
    parse_front_matter(source)
    return source


def as_markdown_reads(text: str) -> str:
    """The text as Python-Markdown sees it before any extension runs (its
    NormalizeWhitespace: \r\n and \r are \n, STX/ETX gone, tabs expanded,
    blank-looking lines empty), so the checks read exactly what Pelican reads.
    Line numbers do not change."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x02", "").replace("\x03", "").expandtabs(4)
    if " \n" not in text and not text.endswith(" "):
        return text  # no line of spaces only (most sources): skip the scan
    return BLANK_LOOKING.sub("", text)


BLANK_LOOKING = re.compile(r"(?m)^ +$")


def parse_front_matter(source: Source) -> None:
    current: Field | None = None
    text = source.text
    # The lines up to the first blank one, as the meta extension splits them
    # (not the whole body: the front matter is a few lines of a long text).
    end = text.find("\n\n")
    lines = (text if end < 0 else text[: end + 1]).split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip() or (number > 1 and META_END.match(line)):
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
    source.body_line = text.count("\n") + 2


def reason(error: OSError) -> str:
    """An OSError in words: 'Permission denied'."""
    return error.strerror or type(error).__name__


def is_ignored(name: str, ignore: tuple[str, ...]) -> bool:
    """Whether a file or folder name matches IGNORE_FILES, as Pelican decides
    (fnmatch, each pattern; here all of them in one expression)."""
    pattern = ignore_pattern(tuple(ignore))
    return pattern is not None and pattern.match(name) is not None


@lru_cache(maxsize=16)
def ignore_pattern(ignore: tuple[str, ...]) -> re.Pattern[str] | None:
    if not ignore:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in ignore))


@dataclass(frozen=True)
class Refused:
    """Something under content/ the build must not read or publish."""

    path: Path
    why: str  # what it is, in an editor's words


@dataclass
class Listing:
    files: list[Path] = field(default_factory=list)  # regular files, sorted
    refused: list[Refused] = field(default_factory=list)


def list_content(root: Path, ignore: tuple[str, ...] = ()) -> Listing:
    """Every regular file below root, sorted, and what must not be read.

    Names matching `ignore` (IGNORE_FILES: dot-files, editors' backups) are
    left out, as Pelican leaves them out. Symbolic links are refused, not
    followed: Pelican would follow them and publish whatever they point to,
    outside the repository too. So are pipes, sockets and devices (reading a
    pipe waits forever). A folder that cannot be listed is left out, as
    os.walk leaves it out. The kind of each entry comes from the folder's
    listing itself (no stat per file where the file system says it).
    """
    listing = Listing()
    ignored = ignore_pattern(tuple(ignore))
    folders = [str(root)]
    while folders:
        try:
            with os.scandir(folders.pop()) as scanned:
                entries = list(scanned)
        except OSError:
            continue
        for entry in entries:
            if ignored is not None and ignored.match(entry.name):
                continue
            try:
                if entry.is_symlink():
                    target = os.readlink(entry.path)
                    listing.refused.append(
                        Refused(Path(entry.path), f"is a symbolic link (to {target})")
                    )
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    listing.files.append(Path(entry.path))
                else:
                    listing.refused.append(
                        Refused(
                            Path(entry.path),
                            "is not a regular file (a pipe, socket or device)",
                        )
                    )
            except OSError as error:
                listing.refused.append(
                    Refused(Path(entry.path), f"cannot be read ({reason(error)})")
                )
    listing.files.sort()
    listing.refused.sort(key=lambda refused: refused.path)
    return listing


# The latest build's listing, with the settings object it was made for.
_BUILD_LISTING: list[tuple[dict, Listing]] = []


def listing_for(settings: dict) -> Listing:
    """content/ (settings["PATH"]) listed once per build. The plugins that
    need the list (content_checks, translation_sync, incremental_output) ask
    as the build starts, and every build reads its settings afresh (the live
    preview's too), so the same settings object means the same build. Taken
    with the IGNORE_FILES the build started with: what content_checks then
    refuses (and adds there) is in `refused`, never in `files`."""
    if _BUILD_LISTING and _BUILD_LISTING[0][0] is settings:
        return _BUILD_LISTING[0][1]
    root = Path(settings["PATH"])
    listing = list_content(root, tuple(settings.get("IGNORE_FILES", ())))
    _BUILD_LISTING[:] = [(settings, listing)]
    return listing


def files_under(root: Path, ignore: tuple[str, ...] = ()) -> list[Path]:
    """Every regular file below root that the build reads, sorted."""
    return list_content(root, ignore).files


def find_sources(
    content_root: Path,
    static_paths: list[str],
    files: list[Path] | None = None,
    ignore: tuple[str, ...] = (),
) -> list[Source]:
    """Every file under content/ (`files`, if already listed) that is not a
    static file (images and such)."""
    static = [content_root / folder for folder in static_paths]
    listed = files_under(content_root, ignore) if files is None else files
    return [
        read_source(path, content_root) for path in listed if not below(path, static)
    ]
