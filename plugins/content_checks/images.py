"""Editors' rules for images: alt text, and files the site can publish as photos.

Owns: every image a source shows (Markdown `![alt](…)`, `![alt][ref]` and
`![ref]`, found where Python-Markdown finds them: alt text with brackets or
a line break is still an image; raw `<img>`) and its front matter's `Image:`
(the link-preview picture): alt text is required (invisible characters are
none) and is not a file name, nor is `Image_alt:`; a `{static}` image must
be a readable image file of its own type, no larger than IMAGE_MAX_BYTES or
IMAGE_MAX_SIDE (a decompression bomb, a truncated download, a web page saved
as .jpg are refused here, at the line that shows it, not as a traceback in
the build). Alt text is written per language, in each file. That a
`{static}` file exists at all is markup.py's rule. Pure functions of a
Source and the files.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from pathlib import Path

from responsive_images.encoding import RASTER_SUFFIXES, Limits, NotUsable, inspect
from site_facts import file_stamp

from .findings import Finding
from .markup import INTRASITE, TAG, attribute_value, line_at, prose
from .sources import Source

# What follows an image's "![alt]", as Python-Markdown reads it (its
# ImageInlineProcessor, ImageReferenceInlineProcessor and the short `![label]`).
INLINE_TAIL = re.compile(r"\(\s*<?(?P<url>[^)\s>]*)")
REFERENCE_TAIL = re.compile(r"[ \t\n]?\[(?P<label>(?:[^\]\n]|\n(?!\n))*)\]")
# [label]: url, the URL on the same line or the next (Python-Markdown's
# ReferenceProcessor).
DEFINITION = re.compile(
    r"^[ >*+\-\d.)]*\[(?P<label>[^\[\]\n]*)\]:[ ]*\n?[ >]*<?(?P<url>[^\s>]+)", re.M
)
# Python-Markdown's backslash escapes: "\[" is a bracket, not an opening one.
ESCAPED = re.compile(r"\\[\\`*_{}\[\]()#+\-.!>:|<]")
# What image_brackets reads: escapes ("\[", "\!" are the characters, not
# markup), "![", "[", "]" and a paragraph's end.
BRACKET_TOKEN = re.compile(
    rf"(?P<escape>{ESCAPED.pattern})|(?P<image>!\[)|(?P<open>\[)|(?P<close>\])"
    r"|(?P<blank>\n\n)"
)
HTML_ATTRIBUTE = re.compile(
    r"""(?<![\w-])(?P<attr>alt|src)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""",
    re.I,
)
# Alt text that is a file name, not a description: with an image file's
# extension ("IMG_1234.jpg", "写真 1.png"), a screenshot's or a phone's name
# ("Screenshot 2024-01-01 at 10.00.00"), or one token of ASCII letters,
# digits, "_" and "-" with a digit in it ("DSC01234", "PXL_20230101_123456",
# "photo1"). "Photo of the 2013 conference" is a description.
FILE_NAME = re.compile(
    r"^(?:[^\n]*\.(?:jpe?g|png|gif|webp|avif|svg|heic|heif|tiff?|bmp|dng|raw)"
    r"|(?:screen ?shot|スクリーンショット)[ _-]?\d{4}-\d{2}-\d{2}\b.*"
    r"|(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]+)$",
    re.I,
)
# Characters that show nothing: alt text of only these is no alt text.
INVISIBLE = {"\u00ad", "\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def is_file_name(text: str) -> bool:
    return bool(FILE_NAME.match(text.strip()))


def visible(text: str) -> str:
    """The text, or "" when it shows nothing (spaces, zero-width and other
    format characters, soft hyphens)."""
    shown = "".join(
        c for c in text if c not in INVISIBLE and unicodedata.category(c) != "Cf"
    )
    return text.strip() if shown.strip() else ""


EXAMPLE_ALT = {"ja": "神戸のコワーキングスペース", "en": "A coworking space in Kobe"}
_INSPECTED: dict[tuple[Path, int, int], str] = {}  # (path, mtime, size) -> problem


def images(text: str) -> list[tuple[int, str | None, str]]:
    """(offset, alt text or None when there is no alt, url) of every image."""
    found = markdown_images(text)
    for tag in TAG.finditer(text):
        if tag["name"].lower() != "img":
            continue
        attrs = {
            m["attr"].lower(): attribute_value(m)
            for m in HTML_ATTRIBUTE.finditer(tag["attrs"])
        }
        found.append((tag.start(), attrs.get("alt"), attrs.get("src", "")))
    return sorted(found, key=lambda image: image[0])


def markdown_images(text: str) -> list[tuple[int, str | None, str]]:
    """Every `![alt](url)`, `![alt][label]` and `![label]` Python-Markdown
    renders as an image: the alt is everything up to the bracket that closes
    its own (`![Members [left] in Kobe](…)`), across single line breaks
    (`![Members⏎in Kobe](…)`) but not a paragraph's end, escaped brackets
    (`\\]`) not counted. A few lookalikes it would not render (one that
    spans a heading line) are checked too: better checked than missed."""
    definitions = {
        m["label"].strip().lower(): m["url"] for m in DEFINITION.finditer(text)
    }
    found: list[tuple[int, str | None, str]] = []
    for start, end in image_brackets(text):
        written = text[start + 2 : end]
        alt = ESCAPED.sub(lambda m: m[0][1], written)
        inline = INLINE_TAIL.match(text, end + 1)
        if inline:
            found.append((start, alt, inline["url"]))
            continue
        # ![alt][label], ![alt][] and ![alt]; an undefined [label] leaves
        # ![alt] to the short form.
        reference = REFERENCE_TAIL.match(text, end + 1)
        labels = [reference["label"]] if reference and reference["label"] else []
        url = next(
            (
                definitions[label_key(label)]
                for label in (*labels, written, alt)
                if label_key(label) in definitions
            ),
            None,
        )
        if url is not None:
            found.append((start, alt, url))
    return found


def image_brackets(text: str) -> list[tuple[int, int]]:
    """(offset of "![", offset of its closing "]") of every image's alt, in
    one pass: brackets pair up as Python-Markdown's getText counts them, and a
    blank line (a paragraph's end) closes none that opened before it."""
    pairs: list[tuple[int, int]] = []
    if "![" not in text:
        return pairs
    opened: list[tuple[int, bool]] = []  # (offset of "[", opens an image)
    for token in BRACKET_TOKEN.finditer(text):
        kind = token.lastgroup
        if kind == "blank":
            opened.clear()
        elif kind in ("image", "open"):
            opened.append((token.start(), kind == "image"))
        elif kind == "close" and opened:
            start, is_image = opened.pop()
            if is_image:
                pairs.append((start, token.start()))
    return pairs


def label_key(label: str) -> str:
    """A reference's id as Python-Markdown looks it up: runs of white space
    one space, lower case."""
    return re.sub(r"\s+", " ", label).lower()


def check_images(
    source: Source, limits: Limits, static: tuple[str, ...]
) -> list[Finding]:
    text = prose(source)
    findings: list[Finding] = []
    example = EXAMPLE_ALT.get(source.file_lang or "", EXAMPLE_ALT["en"])
    described: dict[str, str] = {}  # content path -> its alt text

    for offset, alt, url in images(text):
        line = line_at(text, offset)
        shown = visible(html.unescape(alt or ""))
        if not shown:
            findings.append(
                Finding(
                    source.path,
                    line,
                    f'image "{url}" has no alt text: write a short description of '
                    f"what it shows, in this page's language, between the brackets, "
                    f"![{example}]({url}) (screen readers read it, and it shows if "
                    "the image does not load)",
                )
            )
        elif is_file_name(shown) or shown == Path(url).stem:
            findings.append(
                Finding(
                    source.path,
                    line,
                    f'image "{url}" has the alt text "{shown}", which is a file name '
                    "and tells a reader nothing: describe what it shows, e.g. "
                    f"![{example}]({url})",
                )
            )
        relative = static_target(source, url, static)
        if relative is None:
            continue
        if shown:
            described.setdefault(relative, shown)
        problem = usable(source.content_root / relative, limits)
        if problem:
            findings.append(Finding(source.path, line, f'image "{url}" {problem}'))

    findings.extend(check_social_image(source, limits, static, described, example))
    return findings


def check_social_image(
    source: Source,
    limits: Limits,
    static: tuple[str, ...],
    described: dict[str, str],
    example: str,
) -> list[Finding]:
    field = source.fields.get("image")
    alt_field = source.fields.get("image_alt")
    if field is None or not field.value.strip():
        if alt_field is not None:
            return [
                Finding(
                    source.path,
                    alt_field.line,
                    f"{alt_field.key} describes the link-preview picture, but there "
                    "is no `Image:` line: add one (Image: images/<file>), or remove "
                    "this line",
                )
            ]
        return []
    value = field.value.strip()
    plain = INTRASITE.match(value)
    target = plain["target"] if plain else value
    relative = static_target(source, "{static}/" + target.lstrip("/"), static)
    if relative is None or not (source.content_root / relative).is_file():
        return [
            Finding(
                source.path,
                field.line,
                f'{field.key} "{value}" is not a file in content/images/: write '
                f"{field.key}: images/<file> (a JPEG or PNG there)",
            )
        ]
    if Path(relative).suffix.lower() not in RASTER_SUFFIXES - {".gif"}:
        return [
            Finding(
                source.path,
                field.line,
                f'{field.key} "{value}" is not a photo link previews can show: '
                "name a JPEG, PNG, WebP or AVIF file",
            )
        ]
    problem = usable(source.content_root / relative, limits)
    if problem:
        return [Finding(source.path, field.line, f'{field.key} "{value}" {problem}')]
    alt = visible(html.unescape(alt_field.value)) if alt_field else ""
    if alt and (is_file_name(alt) or alt == Path(relative).stem):
        return [
            Finding(
                source.path,
                alt_field.line,
                f'{alt_field.key} "{alt}" is a file name and tells a reader '
                "nothing: describe what the picture shows, in this page's language, "
                f"e.g. `{alt_field.key}: {example}`",
            )
        ]
    if not alt and relative not in described:
        return [
            Finding(
                source.path,
                field.line,
                f'{field.key} "{value}" needs a description for link previews: add '
                f"`Image_alt: {example}` (what the picture shows, in this page's "
                "language), or show the same image in the text with its alt text",
            )
        ]
    return []


def static_target(source: Source, url: str, static: tuple[str, ...]) -> str | None:
    """content path of a {static} image inside the static folders, or None."""
    match = INTRASITE.match(url)
    if not match or match["what"] != "static":
        return None
    target = html.unescape(match["target"]).split("#", 1)[0].split("?", 1)[0]
    root = source.content_root
    base = root if target.startswith("/") else source.path.parent
    relative = Path(
        os.path.relpath(os.path.normpath(base / target.lstrip("/")), root)
    ).as_posix()
    if not any(relative.startswith(f"{folder}/") for folder in static):
        return None  # outside content/images/: markup.py says so
    if not (root / relative).is_file():
        return None  # markup.py: "does not exist"
    return relative


def usable(path: Path, limits: Limits) -> str:
    """Why a raster image file cannot be published as a photo ("" when it can)."""
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return ""  # SVG and documents are published as they are
    try:
        stat = path.stat()
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    key = (path, *file_stamp(stat))
    if key not in _INSPECTED:
        try:
            inspect(path, limits)
            _INSPECTED[key] = ""
        except NotUsable as problem:
            _INSPECTED[key] = str(problem)
        except OSError as error:
            _INSPECTED[key] = f"cannot be read ({error})"
    return _INSPECTED[key]
