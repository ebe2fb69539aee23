"""What HTML may ship, decided the way a browser reads it.

Owns: the one HTML parser every check and every rewrite of the site's HTML
goes through (lexbor, a WHATWG-conformant parser, through selectolax), and
the allowlist of the elements, attributes and URL schemes the theme and
Python-Markdown (with the site's extensions) produce. Anything else is a
Problem: the text to look for in the source file, and what is wrong in an
editor's words. A denylist of known-bad things is what failed before
(`<![CDATA[ … ]]>` and `<!-->` read differently by Python's html.parser):
here only what is listed passes, and the tree is the browser's own.

- `fragment_problems(html)`: what a page's body, a summary or a feed entry
  may carry (content from Markdown);
- `page_problems(html, origins)`: a whole page as written, the theme's
  head (metadata, its own scripts, structured data) and body together;
- `parse_fragment` / `serialize_fragment`: for plugins that rewrite HTML
  (phrase_breaks, responsive_images), so no rewrite works on text that only
  looks like HTML.

Pure functions of text; knows nothing of Pelican. Must not change the HTML
it checks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .lists import (
    CLOSING_TAG,
    CONTENT_CLASS_PREFIXES,
    CONTENT_CLASSES,
    CONTENT_ELEMENTS,
    DATA_ATTRIBUTES,
    DATA_IMAGE,
    DRAWING_ATTRIBUTES,
    DRAWING_ELEMENTS,
    ELEMENT_ATTRIBUTES,
    GLOBAL_ATTRIBUTES,
    HEAD_ONLY,
    HTTP_EQUIV,
    LANGUAGE_TAG,
    LANGUAGE_TAG_ATTRIBUTES,
    LINK_RELATIONS,
    LINK_SCHEMES,
    SCHEME,
    THEME_ELEMENTS,
    THEME_ONLY_ATTRIBUTES,
    URL_ATTRIBUTES,
    URL_ENDS,
    URL_NOISE,
)


@dataclass(frozen=True)
class Problem:
    needle: str  # what to look for in the source, to name its line
    message: str  # what is wrong and how to fix it, in an editor's words


def parse_document(html: str | bytes) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def parse_fragment(html: str) -> LexborNode:
    """A body fragment as a browser reads it inside <body>: its nodes are the
    returned <body>'s children (a fragment's <meta> stays in it, as in a
    page's body)."""
    tree = LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body>{html}")
    return tree.body


def serialize_fragment(body: LexborNode) -> str:
    return body.inner_html or ""


def fragment_problems(
    html: str, origins: frozenset[str] = frozenset()
) -> list[Problem]:
    """What content HTML (a page's body, a summary or a feed entry) carries that
    content may not, and whether it stays in its place on the page.
    `origins`: the site's own URL prefixes, where a written feed's images are."""
    body = parse_fragment(html)
    found = _problems_below(body, Allow(origins, content_only=True))
    if not stays_in_place(html):
        found.append(
            Problem(
                misplacing_tag(html),
                "the text closes an element it did not open (</main>, </div> …) or "
                "leaves a link or emphasis open, so the rest of the page (its footer "
                "too) would land inside or around it — close each element you open, "
                "and only those",
            )
        )
    return found


CONTAINER = "<!DOCTYPE html><html><head></head><body><article id=c>{}</article><span id=after>.</span>"
MISPLACING = re.compile(
    r"</\s*[a-zA-Z][a-zA-Z0-9]*|<(a|b|i|em|strong|s|u|code|small|span|font|nobr)\b",
    re.I,
)


def stays_in_place(html: str) -> bool:
    """Content sits in an element of the theme's page: whatever follows it
    (the page's footer) must follow it in the tree too. A stray end tag
    closes the theme's element early; an unclosed <a> or <b> is re-opened by
    the parser around everything after it."""
    body = LexborHTMLParser(CONTAINER.format(html)).body
    children = [node for node in body.iter(include_text=True)]
    if len(children) != 2:
        return False
    content, after = children
    return (
        content.tag == "article"
        and content.attributes.get("id") == "c"
        and after.tag == "span"
        and after.attributes == {"id": "after"}
        and after.inner_html == "."
    )


def misplacing_tag(html: str) -> str:
    match = MISPLACING.search(html)
    return match[0] if match else ""


def page_problems(
    html: str | bytes, origins: frozenset[str], application: bool = False
) -> list[Problem]:
    """A whole written page. `origins`: the site's own URL prefixes
    (https://example.org, …), where its stylesheets, scripts and images are.
    `application`: a page that is a program of the site's own (the content
    editor), whose own script files load in its body too."""
    tree = parse_document(html)
    allow = Allow(origins, content_only=False, application=application)
    found = []
    if tree.head is not None:
        found += _part_problems(tree.head, allow, in_head=True)
    if tree.body is not None:
        body = tree.body
        if body.attributes:
            found += _element_problems("body", tuple(body.attributes.items()), allow)
        for part in body.iter(include_text=False):
            found += _part_problems(part, allow, in_head=False)
    found += duplicate_id_problems(tree)
    themed = not application and tree.css_first("main") is not None
    if themed and not tree.css_first("body > main ~ footer"):
        found.append(
            Problem(
                "</main>",
                "the page lost its shape: its footer no longer follows its main "
                "text (an element closed early, or one left open around the rest) — "
                "close each element you open, and only those",
            )
        )
    root = tree.root
    if root is not None and root.attributes:
        found += _element_problems("html", tuple(root.attributes.items()), allow)
    return found


@dataclass(frozen=True)
class Allow:
    origins: frozenset[str]
    content_only: bool
    application: bool = False

    def element(self, tag: str, in_head: bool) -> bool:
        if tag == "script" and self.application:
            return True
        if tag in HEAD_ONLY:
            return not self.content_only and in_head
        if tag in CONTENT_ELEMENTS:
            return True
        return not self.content_only and (
            tag in THEME_ELEMENTS or tag in DRAWING_ELEMENTS
        )

    def own(self, url: str) -> bool:
        plain = as_browsers_read(url)
        if plain.startswith("//"):  # another site (/\host reads as //host)
            return False
        if not SCHEME.match(plain):
            return True  # a path on this site
        return any(plain.startswith(origin + "/") for origin in self.origins)


# A page's parts (its head, its header, its footer …) as serialized, found
# clean: the theme's parts repeat on every page, and are read once.
_CLEAN_PARTS: dict[tuple[Allow, bool, str], None] = {}
CLEAN_PARTS_KEPT = 4096


def duplicate_id_problems(tree: LexborHTMLParser) -> list[Problem]:
    """Two elements with one id: the theme's scripts find theirs by id (a
    heading "Search" made id="search" and took the search page's place)."""
    seen: set[str] = set()
    found = []
    for node in tree.css("[id]"):
        name = node.attributes.get("id") or ""
        if name in seen:
            found.append(
                Problem(
                    name,
                    f'two elements of the page have id "{name}" (a heading\'s '
                    "anchor and one of the theme's, say): give the heading "
                    "another id with {: #another-name }, or rename it",
                )
            )
        seen.add(name)
    return found


def _part_problems(part: LexborNode, allow: Allow, in_head: bool) -> list[Problem]:
    key = (allow, in_head, part.html or "")
    if key in _CLEAN_PARTS:
        return []
    found = _problems_below(part, allow, in_head, include_top=True)
    if not found:
        if len(_CLEAN_PARTS) >= CLEAN_PARTS_KEPT:
            _CLEAN_PARTS.clear()
        _CLEAN_PARTS[key] = None
    return found


def _problems_below(
    top: LexborNode, allow: Allow, in_head=False, include_top=False
) -> list[Problem]:
    found: list[Problem] = []
    top_id = None if include_top else top.mem_id
    for node in top.traverse(include_text=False):
        tag = node.tag or ""
        if tag == "-comment":
            found += _comment_problems(node)
            continue
        if node.mem_id == top_id:
            continue
        if not allow.element(tag, in_head):
            found.append(element_problem(tag))
            continue
        attributes = node.attributes
        if attributes:
            # Theme markup repeats on every page: each distinct element is
            # judged once (a page is ~130 elements; most were seen before).
            found += _element_problems(tag, tuple(attributes.items()), allow)
        if tag == "noscript":
            found += _noscript_problems(node)
        elif tag == "script":
            found += _script_problems(node, allow, in_head)
    return found


def element_problem(tag: str) -> Problem:
    return Problem(
        f"<{tag}",
        f"the text makes a <{tag}> element, which is not allowed in content: it "
        "can load, run, redirect or hide what the page did not mean to — remove "
        "it (to show HTML as an example, put it in a ``` code block)",
    )


def _comment_problems(node: LexborNode) -> Iterator[Problem]:
    text = node.comment_content or ""
    if CLOSING_TAG.search(text):
        yield Problem(
            "<!--",
            "an HTML comment (<!-- … -->) swallows part of the page: it is never "
            "closed where it should be — close it with -->, or remove it",
        )


def _noscript_problems(node: LexborNode) -> Iterator[Problem]:
    """Browsers with scripts on read a <noscript>'s content as plain text up
    to the first `</noscript`, wherever it stands (inside a quoted value
    too); the parser here reads it as markup. Where the two could differ,
    refuse."""
    for inner in node.traverse(include_text=True):
        values = [inner.text_content or ""] if inner.is_text_node else []
        values += [value or "" for value in inner.attributes.values()]
        if inner.tag == "-comment":
            values.append(inner.comment_content or "")
        if any("</noscript" in value.lower() for value in values):
            yield element_problem("noscript")
            return


@lru_cache(maxsize=8192)
def _element_problems(
    tag: str, attributes: tuple[tuple[str, str | None], ...], allow: Allow
) -> tuple[Problem, ...]:
    return tuple(_attribute_problems(tag, dict(attributes), allow))


def _attribute_problems(
    tag: str, attributes: dict[str, str | None], allow: Allow
) -> Iterator[Problem]:
    drawing = tag in DRAWING_ELEMENTS and not allow.content_only
    for name, value in attributes.items():
        name = name.lower()
        # The site's own program (the editor's page) passes its data-* to its
        # own scripts; content and the theme use only the listed ones.
        own_data = allow.application and name.startswith("data-")
        if not own_data and not _attribute_allowed(tag, name, drawing, allow):
            yield attribute_problem(name)
            continue
        if name == "class" and allow.content_only:
            foreign = [c for c in (value or "").split() if not content_class(c, tag)]
            if foreign:
                yield Problem(
                    foreign[0],
                    f'class "{foreign[0]}" is not one content may use (the '
                    "theme's own classes can cover or imitate parts of the "
                    "page): use .lead, .button, .figures or .timeline as "
                    "docs/reference.md shows, or remove it",
                )
            continue
        if name in LANGUAGE_TAG_ATTRIBUTES and not LANGUAGE_TAG.match(value or ""):
            yield Problem(
                name,
                f'{name}="{value}" is not a language code: write one like ja or '
                "en, or remove it",
            )
            continue
        if name in URL_ATTRIBUTES and value:
            yield from _url_problems(tag, name, value, attributes, allow)
    if tag == "link":
        rel = set((attributes.get("rel") or "").lower().split())
        if not rel or not rel <= LINK_RELATIONS:
            yield element_problem("link")
    if tag == "meta":
        equiv = (attributes.get("http-equiv") or "").strip().lower()
        if equiv and equiv not in HTTP_EQUIV:
            yield element_problem("meta")


def content_class(name: str, tag: str) -> bool:
    """A class content may use; language-<name> only on fenced code's <code>
    (language-help is the theme's bottom bar)."""
    if tag == "code" and name.startswith(CONTENT_CLASS_PREFIXES):
        return True
    return name in CONTENT_CLASSES


def _attribute_allowed(tag: str, name: str, drawing: bool, allow: Allow) -> bool:
    if name in GLOBAL_ATTRIBUTES:
        return not (allow.content_only and name in THEME_ONLY_ATTRIBUTES)
    if name in DATA_ATTRIBUTES:
        return not allow.content_only
    if name.startswith("aria-") and name[5:].isalpha():
        return True
    if drawing:
        return name in DRAWING_ATTRIBUTES
    return name in ELEMENT_ATTRIBUTES.get(tag, ())


def attribute_problem(name: str) -> Problem:
    if name.startswith("on"):
        message = f"the text gives an element {name}=, which runs a script: remove it"
    elif name == "style":
        message = (
            "the text gives an element style=, which the site's security policy "
            "blocks: remove it (the theme styles every page)"
        )
    else:
        message = (
            f"the text gives an element {name}=, which the site does not publish: "
            "remove it"
        )
    return Problem(name, message)


def as_browsers_read(url: str) -> str:
    """A URL as browsers read it: no tab or newline, no control character or
    space at its ends, and a backslash read as a slash (as http(s) URLs and
    paths on this site are: /\\host is //host, another site)."""
    return URL_NOISE.sub("", url).strip(URL_ENDS).replace("\\", "/")


def _url_problems(
    tag: str, name: str, value: str, attributes: dict, allow: Allow
) -> Iterator[Problem]:
    urls = (
        [part.split()[0] for part in value.split(",") if part.split()]
        if name == "srcset"
        else [value]
    )
    for url in urls:
        plain = as_browsers_read(url)
        scheme = SCHEME.match(plain)
        kind = scheme[1].lower() if scheme else ""
        if tag in ("img", "source"):
            # data: images only in the theme: content's pictures are files,
            # which the build cleans (a data: JPEG kept its GPS position).
            if allow.own(plain) or (DATA_IMAGE.match(plain) and not allow.content_only):
                continue
            yield Problem(
                url,
                f'image "{url}" is on another site, which the site\'s security '
                "policy blocks: save the file in content/images/ and write "
                "{static}/images/<file>",
            )
        elif tag in ("link", "script"):
            if allow.own(plain) or _is_alternate(tag, attributes):
                continue
            yield Problem(url, f"<{tag}> loads {url} from another site: remove it")
        elif kind and kind not in LINK_SCHEMES:
            yield Problem(
                url,
                f'links to a "{kind}:" address, which content may not use: link '
                "to a web page (https://…) or to a page of this site ({filename}…)",
            )


def _is_alternate(tag: str, attributes: dict) -> bool:
    """<link rel=canonical|alternate> names pages, it loads nothing."""
    rel = set((attributes.get("rel") or "").lower().split())
    return tag == "link" and bool(rel) and rel <= {"canonical", "alternate"}


def _script_problems(
    node: LexborNode, allow: Allow, in_head: bool
) -> Iterator[Problem]:
    source = node.attributes.get("src")
    kind = (node.attributes.get("type") or "").strip().lower()
    text = node.text(deep=True) or ""
    if source and not text.strip() and kind in ("", "module"):
        return  # the theme's own file (its origin checked with the URLs)
    if not source and kind == "application/ld+json" and _is_json(text):
        return  # structured data: data, never run
    yield element_problem("script")


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
