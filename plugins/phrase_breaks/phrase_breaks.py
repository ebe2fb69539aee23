"""Japanese headings and short lines break only between phrases, in any browser.

Owns: inserting <wbr> at BudouX phrase boundaries (and after the katakana
middle dot "・", which joins the words of a long loan-word name) into
Japanese headings, definition terms, table cells, short list items and
descriptions, and link text of the content, and the `phrases` Jinja filter
for titles the templates print. The stylesheet sets `word-break: keep-all` on
elements holding a <wbr>, so those are the only places a line may break. And
at the end of a paragraph, list item or description, the last short phrases
are kept on one line (<span class="nobr">), so no last line holds one or two
characters.

BudouX's own HTML processor is not used: it adds inline `style` attributes
(blocked by a strict CSP) and can wrap block elements in <span>. The parser
gives phrases; this module joins them with <wbr> and escapes them itself.

Signals: `content_object_init` to rewrite each Japanese page's or article's
HTML once, when it is read; `generator_init` to add the filter. Must not
change the text: body paragraphs keep normal Japanese line breaking but for
their last phrases.
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
MIDDLE_DOT_MARK = "\x00"  # where a phrase is split further (never in text)
# Loan words BudouX keeps in one phrase with what follows, too long for a
# phone's heading line (コワーキングスペースの): a line may break after them.
LOAN_WORDS = ("コワーキング",)
SHORT_LINE = 30  # characters: a list item this short is set like a heading
BLOCK = re.compile(
    r"<(?P<tag>h[1-6]|dt|dd|li|th|td)(?P<attrs>\s[^>]*)?>(?P<inner>.*?)</(?P=tag)>",
    re.S,
)
PARAGRAPH = re.compile(r"<p(?P<attrs>\s[^>]*)?>(?P<inner>.*?)</p>", re.S)
LINK = re.compile(r"<a(?P<attrs>\s[^>]*)>(?P<inner>[^<]*)</a>")
MIN_LAST_LINE = 3  # characters a paragraph's last line holds at least
KEEP_TOGETHER = 12  # characters: at most this many kept together at its end
TAG = re.compile(r"(<[^>]+>)")


@cache
def parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=65536)  # titles recur on listing pages and in both sites
def phrases(text: str) -> tuple[str, ...]:
    """Split text into phrases: BudouX's, never inside a number (its model
    splits 2012年 as 201 / 2年), then after each middle dot and after the
    long loan words of this site's vocabulary (コワーキング / スペースの)."""
    merged: list[str] = []
    for phrase in parser().parse(text):
        if merged and merged[-1][-1:].isdigit() and phrase[:1].isdigit():
            merged[-1] += phrase
        else:
            merged.append(phrase)
    result = []
    for phrase in merged:
        for word in LOAN_WORDS:
            phrase = phrase.replace(word, word + MIDDLE_DOT_MARK)
        parts = phrase.replace(MIDDLE_DOT, MIDDLE_DOT + MIDDLE_DOT_MARK).split(
            MIDDLE_DOT_MARK
        )
        result.extend(p for p in parts if p)
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
        long = visible_length(inner) > SHORT_LINE
        if tag in ("li", "dd") and re.search(r"<(ul|ol|p|div|dl)\b", inner):
            return match[0]  # an item holding blocks: leave its text alone
        if "<wbr>" in inner or (tag in ("li", "dd") and long):
            return f"<{tag}{match['attrs'] or ''}>{keep_last_line(inner)}</{tag}>"
        return f"<{tag}{match['attrs'] or ''}>{break_fragment(inner)}</{tag}>"

    content = BLOCK.sub(replace, content)
    content = PARAGRAPH.sub(
        lambda m: f"<p{m['attrs'] or ''}>{keep_last_line(m['inner'])}</p>", content
    )
    # Link text inside running text breaks only between phrases too.
    return LINK.sub(
        lambda m: (
            m[0]
            if "<wbr>" in m["inner"]
            else f"<a{m['attrs']}>{break_fragment(m['inner'])}</a>"
        ),
        content,
    )


def keep_last_line(inner: str) -> str:
    """Keep a paragraph's last phrases together (<span class="nobr">): the
    fewest that make three characters or more, so its last line never holds
    just one or two (as in …こ / と。), in browsers without `text-wrap:
    pretty` too. Only when they are short: a long span could not wrap at all
    on a narrow screen."""
    pieces = TAG.split(inner)
    tail = html.unescape(pieces[-1])
    if not tail.strip() or "nobr" in inner:
        return inner
    parts = phrases(tail)
    kept = ""
    while parts and len(kept.strip()) < MIN_LAST_LINE:
        kept = parts[-1] + kept
        parts = parts[:-1]
    if not parts or len(kept) > KEEP_TOGETHER:
        return inner  # the whole tail, or too long to keep on one line
    pieces[-1] = f'{escape("".join(parts))}<span class="nobr">{escape(kept)}</span>'
    return "".join(pieces)


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
