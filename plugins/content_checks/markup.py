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

from .findings import Finding, did_you_mean
from .sources import Source

# Pelican's INTRASITE_LINK_REGEX accepts {what} and the older |what|.
INTRASITE = re.compile(r"^[{|](?P<what>[^{}|]*)[}|](?P<target>.*)$")
LINK_KINDS = {
    "filename": "{filename}about.en.md for a page or article",
    "static": "{static}/images/<file> for an image or file",
    "attach": "{attach}/images/<file> for a file moved beside the page",
    "index": "{index} for the news listing",
}
# Where a URL can stand in Markdown and in raw HTML.
MARKDOWN_LINK = re.compile(r"(?P<image>!?)\[[^\]]*\]\(\s*<?(?P<url>[^)\s>]*)")
REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<url>[^\s>]+)", re.M)
ATTRIBUTE_URL = re.compile(
    r"""\s(?P<attr>href|src|srcset|action|formaction|poster|cite|data|xlink:href)
        \s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""",
    re.I | re.X,
)
TAG = re.compile(
    r"<(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?"
)
# Elements that load, run, redirect or take input: never from content.
FORBIDDEN_ELEMENTS = {
    "script", "style", "meta", "link", "base", "iframe", "frame", "frameset",
    "object", "embed", "applet", "form", "input", "button", "textarea",
    "select", "template", "portal", "svg", "math", "noscript",
}  # fmt: skip
EVENT_ATTRIBUTE = re.compile(r"\s(?P<attr>on[a-z]+)\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*):")
FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks)", re.S)


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
    fence = ""
    for index, line in enumerate(lines):
        opened = FENCE.match(line)
        if fence:
            if (
                opened
                and opened["fence"][0] == fence[0]
                and len(opened["fence"]) >= len(fence)
            ):
                fence = ""
            lines[index] = " " * len(line)
        elif opened:
            fence = opened["fence"]
            lines[index] = " " * len(line)
    text = "\n".join(lines)
    return CODE_SPAN.sub(lambda m: blank(m[0]), text)


def blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def urls(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, url as written, is an image) for every link and image."""
    for match in MARKDOWN_LINK.finditer(text):
        yield match.start("url"), match["url"], bool(match["image"])
    for match in REFERENCE.finditer(text):
        yield match.start("url"), match["url"], False
    for tag in TAG.finditer(text):
        for attr in ATTRIBUTE_URL.finditer(tag["attrs"]):
            value = attr["dq"] if attr["dq"] is not None else attr["sq"]
            value = attr["bare"] if value is None else value
            offset = tag.start("attrs") + attr.start()
            is_image = tag["name"].lower() in ("img", "source", "picture")
            yield offset, value, is_image and attr["attr"].lower() in ("src", "srcset")


def check_markup(
    source: Source, existing: set[str], statuses: dict[str, str]
) -> list[Finding]:
    """Links, images and raw HTML in one source."""
    text = prose(source)
    findings: list[Finding] = []

    def add(offset: int, message: str) -> None:
        findings.append(Finding(source.path, line_at(text, offset), message))

    for offset, url, is_image in urls(text):
        for message in check_url(source, url, is_image, existing, statuses):
            add(offset, message)
    for tag in TAG.finditer(text):
        name = tag["name"].lower()
        if name in FORBIDDEN_ELEMENTS:
            add(
                tag.start(),
                f"raw HTML <{name}> is not allowed in content: it can load, run or "
                "redirect what the page did not mean to — remove it (to show HTML as "
                "an example, put it in a ``` code block)",
            )
            continue
        for event in EVENT_ATTRIBUTE.finditer(tag["attrs"]):
            add(
                tag.start(),
                f"the HTML attribute {event['attr']}= runs a script, which content may "
                "not do (the site's security policy blocks it too): remove it",
            )
        if STYLE_ATTRIBUTE.search(tag["attrs"]):
            add(
                tag.start(),
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


def check_url(
    source: Source,
    url: str,
    is_image: bool,
    existing: set[str],
    statuses: dict[str, str],
) -> list[str]:
    """What is wrong with one link or image address, in an editor's words."""
    intrasite = INTRASITE.match(url)
    if intrasite:
        return check_intrasite(source, intrasite, existing, statuses)
    # Browsers ignore entities, spaces and control characters in a scheme.
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
    scheme = SCHEME.match(plain)
    if scheme and scheme["scheme"] not in SAFE_SCHEMES:
        if is_image and plain.startswith("data:image/"):
            return []
        return [
            f'links to a "{scheme["scheme"]}:" address, which content may not use: '
            "link to a web page (https://…) or to a page of this site ({filename}…)"
        ]
    if is_image and (scheme or plain.startswith("//")):
        return [
            f'image "{url}" is on another site, which the site\'s security policy '
            "blocks: save the file in content/images/ and write {static}/images/<file>"
        ]
    if is_image and not scheme:
        return [
            f'image "{url}" will not be found on the published site: put the file '
            "in content/images/ and write {static}/images/<file>"
        ]
    return []


def check_intrasite(
    source: Source, match: re.Match[str], existing: set[str], statuses: dict[str, str]
) -> list[str]:
    what = match["what"]
    target = match["target"].split("#", 1)[0].split("?", 1)[0]
    written = match.group(0)[: len(what) + 2]  # "{filename}" or "|filename|"
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
    if statuses.get(relative) == "draft" and source.value("status") != "draft":
        return [
            f"links to {written}{target}, which is a draft (Status: draft) and is not "
            "published: remove the link, or publish that file"
        ]
    return []
