"""The safety net behind markup.py: the HTML a source actually renders to.

Owns: checking the HTML Python-Markdown made of each page and article (its
body and its Summary) for what content may not carry: elements that load,
run, redirect or swallow the page, `on…=` handlers, `style=`, script
addresses, images from other sites, and an unclosed comment. markup.py reads
the Markdown and names the exact line; this reads the result, so no Markdown
construct it did not foresee (attribute lists, nested brackets, references
inside quotes) can slip a tag through. The line is the first line of the
source that shows the offending text, or the first line of the text.

Pure functions of HTML and a Source; knows nothing of Pelican.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .findings import Finding
from .markup import FORBIDDEN_ELEMENTS, IMAGE_ATTRIBUTES, check_url
from .sources import Source

URL_ATTRIBUTES = {
    "href", "src", "srcset", "action", "formaction", "poster", "background",
    "cite", "data", "xlink:href", "ping",
}  # fmt: skip
IMAGE_ELEMENTS = {"img", "image", "source", "video", "audio", "input", "table", "td"}


class Problems(HTMLParser):
    """Collects (text to look for in the source, message) for one HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(
                (
                    f"<{tag}",
                    f"the text makes a <{tag}> element, which is not allowed in "
                    "content: it can load, run, redirect or hide what the page did "
                    "not mean to — remove it",
                )
            )
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(
                    (
                        name,
                        f"the text gives an element {name}=, which runs a script: remove it",
                    )
                )
            elif name == "style":
                self.found.append(
                    (
                        "style",
                        "the text gives an element style=, which the site's security "
                        "policy blocks: remove it",
                    )
                )
            elif name in URL_ATTRIBUTES and value:
                is_image = name in IMAGE_ATTRIBUTES and tag in IMAGE_ELEMENTS
                values = (
                    [p.split()[0] for p in value.split(",") if p.split()]
                    if name == "srcset"
                    else [value]
                )
                for url in values:
                    if re.match(r"^[{|][A-Za-z]*[}|]", url):
                        continue  # a link within the site: markup.py checks it
                    for message in check_url(url, is_image):
                        self.found.append((url, message))

    handle_startendtag = handle_starttag


def problems_in(html: str) -> list[tuple[str, str]]:
    parser = Problems()
    parser.feed(html)
    parser.close()
    if html.count("<!--") > html.count("-->"):
        parser.found.append(
            (
                "<!--",
                "an HTML comment opens (<!--) and is never closed: everything after "
                "it would vanish from the page — close it with -->",
            )
        )
    return parser.found


def check_rendered(source: Source, body: str, summary: str) -> list[Finding]:
    """Findings for the HTML a source rendered to, at the best line we can name."""
    findings = []
    for html, fallback in ((body, source.body_line), (summary, summary_line(source))):
        for needle, message in problems_in(html or ""):
            index = source.text.lower().find(needle.lower())
            line = source.text.count("\n", 0, index) + 1 if index >= 0 else fallback
            findings.append(Finding(source.path, line, message))
    return sorted(set(findings))


def summary_line(source: Source) -> int:
    field = source.fields.get("summary")
    return field.line if field else 1
