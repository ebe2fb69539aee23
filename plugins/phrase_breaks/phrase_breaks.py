"""Japanese headings and short lines break only between phrases, in any browser.

Owns: inserting <wbr> at BudouX phrase boundaries (and after the katakana
middle dot "・", which joins the words of a long loan-word name) into
Japanese headings, definition terms and short list items of the content, and
the `phrases` Jinja filter for titles the templates print. The stylesheet
sets `word-break: keep-all` on elements holding a <wbr>, so those are the only
places a line may break.

BudouX's own HTML processor is not used: it adds inline `style` attributes
(blocked by a strict CSP) and can wrap block elements in <span>. The parser
gives phrases; this module joins them with <wbr> and escapes them itself.

Signals: `content_object_init` to rewrite each Japanese page's or article's
HTML once, when it is read; `generator_init` to add the filter. Must not touch
paragraphs: body text keeps normal Japanese line breaking.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache

import budoux
from markupsafe import Markup, escape
from pelican import signals

LANG = "ja"
MIDDLE_DOT = "・"
SHORT_LINE = 30  # characters: a list item this short is set like a heading
BLOCK = re.compile(
    r"<(?P<tag>h[1-6]|dt|li)(?P<attrs>\s[^>]*)?>(?P<inner>.*?)</(?P=tag)>", re.S
)
TAG = re.compile(r"(<[^>]+>)")


@cache
def parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=65536)  # titles recur on listing pages and in both sites
def phrases(text: str) -> tuple[str, ...]:
    """Split text into phrases: BudouX's, then after each middle dot."""
    result = []
    for phrase in parser().parse(text):
        parts = phrase.split(MIDDLE_DOT)
        result.extend(p + MIDDLE_DOT for p in parts[:-1])
        if parts[-1]:
            result.append(parts[-1])
    return tuple(result)


def break_text(text: str) -> str:
    """Plain text -> escaped HTML with <wbr> between phrases."""
    return "<wbr>".join(str(escape(p)) for p in phrases(text))


def break_fragment(fragment: str) -> str:
    """An HTML fragment with <wbr> inserted into its text, tags left intact."""
    pieces = TAG.split(fragment)
    for index, piece in enumerate(pieces):
        if piece and not piece.startswith("<"):
            pieces[index] = break_text(html.unescape(piece))
    return "".join(pieces)


def visible_length(fragment: str) -> int:
    return len(html.unescape(TAG.sub("", fragment)).strip())


@lru_cache(maxsize=16384)  # a Japanese source is read by both sites
def break_blocks(content: str) -> str:
    def replace(match: re.Match[str]) -> str:
        tag, inner = match["tag"], match["inner"]
        if "<wbr>" in inner or (tag == "li" and visible_length(inner) > SHORT_LINE):
            return match[0]
        if tag == "li" and re.search(r"<(ul|ol|p|div)\b", inner):
            return match[0]  # a list item holding blocks: leave its text alone
        return f"<{tag}{match['attrs'] or ''}>{break_fragment(inner)}</{tag}>"

    return BLOCK.sub(replace, content)


def phrases_filter(text: str, lang: str) -> Markup:
    """Template filter: `{{ page.title|phrases(page.lang) }}`."""
    if lang != LANG or not text:
        return escape(text)
    return Markup(break_text(str(text)))


def add_phrase_breaks(content) -> None:
    # _content is Pelican's stored HTML of the source (checked on 4.12).
    if getattr(content, "lang", None) == LANG and content._content:
        content._content = break_blocks(content._content)


def add_filter(generator) -> None:
    generator.env.filters["phrases"] = phrases_filter


def register() -> None:
    signals.content_object_init.connect(add_phrase_breaks)
    signals.generator_init.connect(add_filter)
