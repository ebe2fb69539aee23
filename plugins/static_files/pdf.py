"""Whether a PDF may be published: a cheap byte scan for what can run.

Refused: a file that does not start like a PDF, an encrypted one (its
contents cannot be read here), and one with any of the names in ACTIVE,
wherever they appear as PDF names (`/JavaScript`, `/JS`, `/AA`, `/Launch`,
…), also written with `#xx` escapes (`/J#61vaScript`). An `/OpenAction`
alone (most PDF writers use one to set the first view) is allowed: one that
runs a script names `/JS` or `/JavaScript`.

Covered: names in the file's bytes, and in every stream compressed with
Flate (zlib), inflated up to STREAM_LIMIT bytes each: PDF 1.5+ keeps
objects, actions included, in such compressed object streams.

Not covered: streams under other filters (LZW, ASCII85, ASCIIHex, chains of
filters), a stream's content past STREAM_LIMIT, names split by a filter's
line breaks, and anything a viewer reaches without such a name (a font or
image exploit, an attached file's contents). The scan decides what is
published; it is no malware scanner.
"""

from __future__ import annotations

import re
import zlib

ACTIVE = frozenset(
    {"JavaScript", "JS", "AA", "Launch", "SubmitForm", "ImportData", "RichMedia"}
    | {"XFA", "Sound", "Movie", "Rendition"}
)
STREAM_LIMIT = 4_000_000
NAME = re.compile(rb"/((?:[^\s/<>\[\]()%{}#]|#[0-9A-Fa-f]{2})+)")
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM = re.compile(rb"stream(?:\r\n|\r|\n)")  # a lone CR too
FIX = "save or print it to PDF again without scripts, actions or forms"


def names(data: bytes) -> set[str]:
    """Every PDF name in the bytes, #xx escapes decoded."""
    return {
        ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), raw).decode("latin-1")
        for raw in NAME.findall(data)
    }


def inflated_streams(data: bytes):
    """The start of every stream that inflates as zlib (others are skipped)."""
    view = memoryview(data)  # slices without copies
    for start in STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            yield inflater.decompress(view[start.end() :], STREAM_LIMIT)
        except zlib.error:
            continue


def pdf_problem(data: bytes) -> str | None:
    """Why a PDF may not be published, or None."""
    if b"%PDF-" not in data[:1024]:
        return "is not a PDF file (it does not start with %PDF-): export it again"
    found = names(data)
    if "Encrypt" in found:
        return f"is encrypted, so it cannot be checked for scripts: {FIX}, no password"
    for stream in inflated_streams(data):
        found |= names(stream)
    active = sorted(found & ACTIVE)
    if active:
        shown = ", ".join(f"/{name}" for name in active)
        return f"contains {shown}, which can run or open things in a reader: {FIX}"
    return None
