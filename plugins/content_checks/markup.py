"""What a source's Markdown may link to and embed, with the line of each problem.

Owns: the rules for links ({filename}, {static}, images, URL schemes) and for
raw HTML inside Markdown. Markdown passes raw HTML through untouched, so a
careless or hostile line could redirect readers (<meta http-equiv=refresh>),
hide the rest of a page (an unclosed <!--) or embed what the site's security
policy then blocks. Code (fenced blocks and `code spans`) is left out: there
HTML is shown, not run. Pure functions of a Source; knows nothing of Pelican.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from pathlib import Path

from markdown.extensions.fenced_code import FencedBlockPreprocessor

from .findings import Finding, did_you_mean
from .sources import Source

# Pelican's INTRASITE_LINK_REGEX accepts {what} and the older |what|.
INTRASITE = re.compile(r"^[{|](?P<what>[^{}|]*)[}|](?P<target>.*)$")
LINK_KINDS = {  # and {attach}, which Pelican knows and this site refuses
    "filename": "{filename}about.en.md for a page or article",
    "static": "{static}/images/<file> for an image or file",
    "index": "{index} for the news listing",
}
# Where a URL can stand in Markdown and in raw HTML. Scanned over the whole
# text, not parsed: nesting ([a [b] c](…)) or a blockquote cannot hide one.
INLINE_URL = re.compile(r"\]\(\s*<?(?P<url>[^)\s>]*)")
IMAGE_URL = re.compile(r"!\[[^\]\n]{0,500}\]\(\s*<?(?P<url>[^)\s>]*)")
# Python-Markdown takes a reference's URL from the next line too.
REFERENCE = re.compile(
    r"^[ >*+\-\d.)]*\[[^\]\n]+\]:[ \t]*(?:\n[ \t>]*)?<?(?P<url>[^\s>]+)", re.M
)
REFERENCE_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\s?\[(?P<label>[^\]\n]*)\]")
ATTRIBUTE_URL = re.compile(
    r"""(?<![\w-])(?P<attr>href|src|srcset|action|formaction|poster|background
        |cite|data|xlink:href|ping)
        \s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>}]+))""",
    re.I | re.X,
)
IMAGE_ATTRIBUTES = {"src", "srcset", "poster", "background"}
# {filename}… wherever a URL can stand: after "](", "=", or "]:".
INTRASITE_TOKEN = re.compile(
    r"(?:\]\(\s*<?|=\s*[\"']?|\]:[ ]*<?)"
    r"(?P<token>[{|](?P<what>[A-Za-z]*)[}|](?P<target>[^\s)\"'>\]]*))"
)
TAG = re.compile(
    r"<(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?"
)
# Elements that load, run, redirect, take input, or swallow the rest of the
# page (plaintext, xmp, title …): never from content.
FORBIDDEN_ELEMENTS = {
    "script", "style", "meta", "link", "base", "iframe", "frame", "frameset",
    "object", "embed", "applet", "form", "input", "button", "textarea",
    "select", "template", "portal", "svg", "math", "noscript", "plaintext",
    "xmp", "noembed", "noframes", "title", "dialog", "html", "head", "body",
}  # fmt: skip
# Anywhere: raw HTML, or Markdown's attribute lists ({: onclick=… }).
EVENT_ATTRIBUTE = re.compile(r"(?<![\w-])(?P<attr>on[a-z]+)\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"(?<![\w-])style\s*=", re.I)
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*):")
# Python-Markdown's own rules for code, so "code" means what it renders as code.
FENCED_CODE = FencedBlockPreprocessor.FENCED_BLOCK_RE
CODE_SPAN = re.compile(
    r"(?<![\\`])(?P<ticks>`+)(?!`)(?:(?!(?P=ticks)).)+?(?<!`)(?P=ticks)(?!`)", re.S
)


def prose(source: Source) -> str:
    """The source with code and plain-text front matter blanked out (same
    length and lines), so offsets still give line numbers. Of the front
    matter only Summary is Markdown (Pelican renders it); titles are escaped."""
    lines = source.text.split("\n")
    starts = sorted(field.line for field in source.fields.values())
    summary = source.fields.get("summary")
    for index in range(min(source.body_line - 1, len(lines))):
        number = index + 1
        owner = max((line for line in starts if line <= number), default=0)
        if summary is None or owner != summary.line:
            lines[index] = " " * len(lines[index])
    text = FENCED_CODE.sub(lambda m: blank(m[0]), "\n".join(lines))
    # A code span never crosses a blank line (a paragraph's end).
    return "\n\n".join(
        CODE_SPAN.sub(lambda m: blank(m[0]), part) for part in text.split("\n\n")
    )


def blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def attribute_value(match: re.Match[str]) -> str:
    for group in ("dq", "sq", "bare"):
        if match[group] is not None:
            return match[group]
    return ""


def urls(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, url as written, is an image) for every link and image."""
    images = {m.start("url") for m in IMAGE_URL.finditer(text)}
    labels = {m["label"].lower() for m in REFERENCE_IMAGE.finditer(text)}
    for match in INLINE_URL.finditer(text):
        yield match.start("url"), match["url"], match.start("url") in images
    for match in REFERENCE.finditer(text):
        label = re.match(r"^[ >*+\-\d.)]*\[([^\]]+)\]", match[0])
        is_image = bool(label) and label[1].lower() in labels
        yield match.start("url"), match["url"], is_image
    for attr in ATTRIBUTE_URL.finditer(text):
        name = attr["attr"].lower()
        value = attribute_value(attr)
        values = (
            [part.split()[0] for part in value.split(",") if part.split()]
            if name == "srcset"
            else [value]
        )
        for value in values:
            yield attr.start(), value, name in IMAGE_ATTRIBUTES


def check_markup(
    source: Source,
    existing: set[str],
    statuses: dict[str, str],
    static: tuple[str, ...] = (),
) -> list[Finding]:
    """Links, images and raw HTML in one source."""
    text = prose(source)
    findings: list[Finding] = []

    def add(offset: int, message: str) -> None:
        findings.append(Finding(source.path, line_at(text, offset), message))

    for match in INTRASITE_TOKEN.finditer(text):
        if match["what"] == "static" and in_front_matter(source, text, match):
            add(match.start("token"), in_summary(match["token"]))
            continue
        for message in check_intrasite(source, match, existing, statuses, static):
            add(match.start("token"), message)
    for offset, url, is_image in urls(text):
        if INTRASITE.match(url):
            continue  # checked above
        for message in check_url(url, is_image):
            add(offset, message)
    for tag in TAG.finditer(text):
        name = tag["name"].lower()
        if name in FORBIDDEN_ELEMENTS:
            add(
                tag.start(),
                f"raw HTML <{name}> is not allowed in content: it can load, run, "
                "redirect or hide what the page did not mean to — remove it (to show "
                "HTML as an example, put it in a ``` code block)",
            )
    for event in EVENT_ATTRIBUTE.finditer(text):
        add(
            event.start(),
            f"the HTML attribute {event['attr']}= runs a script, which content may "
            "not do (the site's security policy blocks it too): remove it",
        )
    for style in STYLE_ATTRIBUTE.finditer(text):
        add(
            style.start(),
            "style= is blocked by the site's security policy, so it would do "
            "nothing: remove it (the theme styles every page)",
        )
    opened = text.find("<!--")
    while opened >= 0:
        closed = text.find("-->", opened + 4)
        if closed < 0:
            add(
                opened,
                "an HTML comment opens here (<!--) and is never closed: everything "
                "after it would vanish from the page — close it with -->, or remove it",
            )
            break
        opened = text.find("<!--", closed + 3)
    return findings


def in_front_matter(source: Source, text: str, match: re.Match[str]) -> bool:
    """In Summary, the only front matter prose() leaves."""
    return line_at(text, match.start("token")) < source.body_line


def in_summary(token: str) -> str:
    """Of the front matter only Summary is Markdown (prose): a {static} file
    there is shown in listings and link previews, which are plain text (and
    the English site links its files later, so Pelican cannot even find it)."""
    return (
        f"Summary shows or links to {token}, but a summary is plain text, shown in "
        "listings, search results and link previews: put the image or the file "
        "link in the text, below the front matter (a page's link-preview picture "
        "is `Image: images/<file>`)"
    )


def check_url(url: str, is_image: bool) -> list[str]:
    """What is wrong with one link or image address, in an editor's words."""
    # Browsers ignore entities, spaces and control characters in a scheme.
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower().replace("\\", "/")
    scheme = SCHEME.match(plain)
    if scheme and scheme["scheme"] not in SAFE_SCHEMES:
        if is_image and plain.startswith("data:image/"):
            return [
                "an image written into the page as data: is not allowed: save "
                "the file in content/images/ and write {static}/images/<file> "
                "(the build removes a photo's GPS and camera data from files)"
            ]
        return [
            f'links to a "{scheme["scheme"]}:" address, which content may not use: '
            "link to a web page (https://…) or to a page of this site ({filename}…)"
        ]
    if is_image and (scheme or plain.startswith("//")):
        return [
            f'image "{url}" is on another site, which the site\'s security policy '
            "blocks: save the file in content/images/ and write {static}/images/<file>"
        ]
    if is_image and plain and not plain.startswith("#"):
        return [
            f'image "{url}" will not be found on the published site: put the file '
            "in content/images/ and write {static}/images/<file>"
        ]
    return []


def check_intrasite(
    source: Source,
    match: re.Match[str],
    existing: set[str],
    statuses: dict[str, str],
    static: tuple[str, ...],
) -> list[str]:
    what = match["what"]
    target = match["target"].split("#", 1)[0].split("?", 1)[0]
    written = match["token"][: len(what) + 2]  # "{filename}" or "|filename|"
    if what == "attach":
        # {attach} moves the file beside the page: it can land on any page's path.
        return [
            f"link {written}{target}: this site does not use {{attach}} — write "
            "{static}/images/<file> instead (the file stays in content/images/)"
        ]
    if what not in LINK_KINDS:
        kinds = ", ".join(LINK_KINDS.values())
        hint = did_you_mean(what, LINK_KINDS, show=lambda k: "{" + k + "}") or "."
        return [
            f"link {written}{target} is not a kind of link this site knows{hint} "
            f"Links within the site are written {kinds}"
        ]
    if what == "index":
        return []
    if not target:
        return [f"link {written} names no file: write {LINK_KINDS[what]}"]
    root = source.content_root
    folder = source.path.parent
    resolved = (
        (root / target.lstrip("/")) if target.startswith("/") else folder / target
    )
    relative = Path(os.path.relpath(os.path.normpath(resolved), root)).as_posix()
    if relative not in existing:
        # Suggest in the form the editor writes: relative to this file.
        nearby = {os.path.relpath(root / path, folder) for path in existing}
        hint = did_you_mean(target, nearby, show=f"{{{what}}}".__add__)
        return [f"links to {written}{target}, which does not exist{hint}"]
    in_static = any(relative.startswith(f"{folder}/") for folder in static)
    if what == "static" and not in_static:
        return [
            f"links to {written}{target}, which is not a file the site publishes: "
            "{static} is for files in content/images/; link a page with {filename}"
        ]
    if what == "filename" and (in_static or not relative.endswith(".md")):
        return [
            f"links to {written}{target}, which is not a page or article: write "
            f"{{static}}/{relative} for a file"
        ]
    if statuses.get(relative) == "draft" and source.value("status") != "draft":
        return [
            f"links to {written}{target}, which is not published (Status: draft, or "
            "an article dated after this build): remove the link, or publish that file"
        ]
    return []
