"""Editors' rules for images: alt text, and files the site can publish as photos.

Owns: every image a source shows (Markdown `![alt](…)`, `![alt][ref]`, raw
`<img>`) and its front matter's `Image:` (the link-preview picture): alt text
is required and is not a file name; a `{static}` image must be a readable
image file of its own type, no larger than IMAGE_MAX_BYTES or IMAGE_MAX_SIDE
(a decompression bomb, a truncated download, a web page saved as .jpg are
refused here, at the line that shows it, not as a traceback in the build).
Alt text is written per language, in each file. That a `{static}` file
exists at all is markup.py's rule. Pure functions of a Source and the files.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from responsive_images.encoding import RASTER_SUFFIXES, Limits, NotUsable, inspect

from .findings import Finding
from .markup import INTRASITE, TAG, attribute_value, line_at, prose
from .sources import Source

INLINE_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]{0,500})\]\(\s*<?(?P<url>[^)\s>]*)")
REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]{0,500})\]\s?\[(?P<label>[^\]\n]*)\]")
DEFINITION = re.compile(
    r"^[ >*+\-\d.)]*\[(?P<label>[^\]\n]+)\]:[ ]*<?(?P<url>[^\s>]+)", re.M
)
HTML_ATTRIBUTE = re.compile(
    r"""(?<![\w-])(?P<attr>alt|src)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""",
    re.I,
)
# "IMG_1234.jpg", "photo.png", "DSC01234", "PXL_20240101_123456": names, not descriptions.
FILE_NAME = re.compile(
    r"^(?:[\w.\- ]+\.(?:jpe?g|png|gif|webp|avif|svg|heic|tiff?)"
    r"|(?:img|dsc|dscn|dscf|pxl|pict|image|photo|screenshot)[\w\- ]*\d[\w\- ]*)$",
    re.I,
)
EXAMPLE_ALT = {"ja": "神戸のコワーキングスペース", "en": "A coworking space in Kobe"}
_INSPECTED: dict[tuple[Path, int, int], str] = {}  # (path, mtime, size) -> problem


def images(text: str) -> list[tuple[int, str | None, str]]:
    """(offset, alt text or None when there is no alt, url) of every image."""
    found: list[tuple[int, str | None, str]] = []
    for match in INLINE_IMAGE.finditer(text):
        found.append((match.start(), match["alt"], match["url"]))
    definitions = {m["label"].lower(): m["url"] for m in DEFINITION.finditer(text)}
    for match in REFERENCE_IMAGE.finditer(text):
        label = (match["label"] or match["alt"]).lower()
        if label in definitions:
            found.append((match.start(), match["alt"], definitions[label]))
    for tag in TAG.finditer(text):
        if tag["name"].lower() != "img":
            continue
        attrs = {
            m["attr"].lower(): attribute_value(m)
            for m in HTML_ATTRIBUTE.finditer(tag["attrs"])
        }
        found.append((tag.start(), attrs.get("alt"), attrs.get("src", "")))
    return found


def check_images(
    source: Source, limits: Limits, static: tuple[str, ...]
) -> list[Finding]:
    text = prose(source)
    findings: list[Finding] = []
    example = EXAMPLE_ALT.get(source.file_lang or "", EXAMPLE_ALT["en"])
    described: dict[str, str] = {}  # content path -> its alt text

    for offset, alt, url in images(text):
        line = line_at(text, offset)
        shown = html.unescape(alt or "").strip()
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
        elif FILE_NAME.match(shown) or shown == Path(url).stem:
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
    if not (alt_field and alt_field.value.strip()) and relative not in described:
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
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _INSPECTED:
        try:
            inspect(path, limits)
            _INSPECTED[key] = ""
        except NotUsable as problem:
            _INSPECTED[key] = str(problem)
        except OSError as error:
            _INSPECTED[key] = f"cannot be read ({error})"
    return _INSPECTED[key]
