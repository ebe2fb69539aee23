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

BudouX takes about 0.05 ms per phrase, so each source's result is kept
(plugins/disk_memo, under CACHE_PATH) for the next build: a rebuild runs it
only on what changed.

Signals: `content_object_init` to rewrite each Japanese page's or article's
HTML once, when it is read; `generator_init` to add the filter; `finalized`
to keep the results. Must not change the text: body paragraphs keep normal
Japanese line breaking but for their last phrases.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import budoux
from markupsafe import Markup, escape
from pelican import signals
from selectolax.lexbor import LexborNode

from disk_memo import DiskMemo, digest
from html_allowlist import parse_fragment, serialize_fragment
from site_facts import is_main_site

LANG = "ja"
MIDDLE_DOT = "・"
SPLIT = "\x00"  # where a phrase is split further (never in text)
# Japanese line-breaking rules (kinsoku): what may not start or end a line.
NO_LINE_START = set(
    "、。\uff0c\uff0e・：\uff1b\uff1f\uff01）」』】\u3015〉》ー"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
)
NO_LINE_END = set("（「『【\u3014〈《")
# Names BudouX splits inside (中 / 小企業 / 等協同組合法): never broken.
WHOLE_WORDS = ("中小企業等協同組合法", "経済産業省", "事業協同組合")
# Loan words BudouX keeps in one phrase with what follows, too long for a
# phone's heading line (コワーキングスペースの): a line may break after them.
LOAN_WORDS = ("コワーキング",)
SHORT_LINE = 30  # characters: a list item this short is set like a heading
MIN_LAST_LINE = 4  # characters a paragraph's last line holds at least


@cache
def parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=65536)  # titles recur on listing pages and in both sites
def phrases(text: str) -> tuple[str, ...]:
    """Split text into phrases: BudouX's, then after each middle dot and after
    the long loan words of this site's vocabulary (コワーキング / スペースの);
    never inside a number (BudouX splits 2012年 as 201 / 2年), never before
    closing punctuation or a middle dot, never after an opening bracket (a
    line may not end with （ nor start with ）, 、 or ・)."""
    pieces: list[str] = []
    for phrase in parser().parse(text):
        for word in LOAN_WORDS:
            phrase = re.sub(
                f"({word})(?=[\\u30a1-\\u30fa\\u4e00-\\u9fff])", "\\1" + SPLIT, phrase
            )
        phrase = phrase.replace(MIDDLE_DOT, MIDDLE_DOT + SPLIT)
        pieces.extend(p for p in phrase.split(SPLIT) if p)
    pieces = keep_whole(text, pieces)
    result: list[str] = []
    for piece in pieces:
        joins = result and (
            (result[-1][-1:].isdigit() and piece[:1].isdigit())
            or piece[:1] in NO_LINE_START
            or result[-1][-1:] in NO_LINE_END
        )
        if joins:
            result[-1] += piece
        else:
            result.append(piece)
    return tuple(result)


def keep_whole(text: str, pieces: list[str]) -> list[str]:
    """Join pieces that split one of WHOLE_WORDS."""
    inside = set()
    for word in WHOLE_WORDS:
        for match in re.finditer(re.escape(word), text):
            inside.update(range(match.start() + 1, match.end()))
    joined: list[str] = []
    offset = 0
    for piece in pieces:
        if joined and offset in inside:
            joined[-1] += piece
        else:
            joined.append(piece)
        offset += len(piece)
    return joined


def break_text(text: str) -> str:
    """Plain text -> escaped HTML with <wbr> between phrases."""
    return "<wbr>".join(str(escape(p)) for p in phrases(text))


def break_element(element: LexborNode) -> bool:
    """<wbr> between the phrases of every text inside an element (a tree
    rewrite: tags, attributes and comments are the parser's, never text)."""
    changed = False
    for node in list(element.traverse(include_text=True)):
        if not node.is_text_node:
            continue
        pieces = phrases(node.text_content or "")
        if len(pieces) < 2:
            continue
        for piece in pieces[:-1]:
            node.insert_before(piece)
            node.insert_before(element.parser.create_node("wbr"))
        node.replace_with(pieces[-1])
        changed = True
    return changed


def visible_length(element: LexborNode) -> int:
    return len((element.text(deep=True) or "").strip())


def has_descendant(element: LexborNode, tags: frozenset[str]) -> bool:
    return any(
        node.tag in tags
        for node in element.traverse(include_text=False)
        if node.mem_id != element.mem_id
    )


# A source's HTML (by digest) -> that HTML with its breaks.
MEMO: DiskMemo[str] = DiskMemo("phrase-breaks.pickle")
BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "li", "th", "td"})
HOLDS_BLOCKS = frozenset({"ul", "ol", "p", "div", "dl"})
WBR = frozenset({"wbr"})


def break_blocks(content: str) -> str:
    """The content's HTML with its phrase breaks; unchanged, as it was, when
    nothing needs one."""
    if not content.strip():
        return content
    body = parse_fragment(content)
    changed = False
    elements = [n for n in body.traverse(include_text=False) if n.tag in BLOCKS | {"p"}]
    for element in elements:
        changed |= break_block(element)
    # Link text inside running text breaks only between phrases too.
    for link in body.css("a"):
        text_only = all(
            not child.is_element_node for child in link.iter(include_text=True)
        )
        if text_only:
            changed |= break_element(link)
    return serialize_fragment(body) if changed else content


def break_block(element: LexborNode) -> bool:
    tag = element.tag
    if tag == "p":
        lead = "lead" in (element.attributes.get("class") or "").split()
        if lead and not has_descendant(element, WBR):
            return break_element(element)  # a lead is set like a heading
        return keep_last_line(element)
    if tag in ("li", "dd") and has_descendant(element, HOLDS_BLOCKS):
        return False  # an item holding blocks: leave its text alone
    long = visible_length(element) > SHORT_LINE
    if has_descendant(element, WBR) or (tag in ("li", "dd") and long):
        return keep_last_line(element)
    return break_element(element)


def keep_last_line(element: LexborNode) -> bool:
    """Keep a paragraph's last few characters together (<span class="nobr">),
    so its last line never holds just one or two (as in …こ / と。), in
    browsers without `text-wrap: pretty` too. Only a few: more would leave
    the line before ragged."""
    last = element.last_child
    if last is None or not last.is_text_node or element.css_first("span.nobr"):
        return False
    tail = last.text_content or ""
    if len(tail.strip()) < 2 * MIN_LAST_LINE:
        return False
    kept = tail.rstrip()[-MIN_LAST_LINE:]
    if any(char.isspace() or char.isascii() for char in kept):
        return False  # Latin text wraps at its spaces, as it should
    head = tail[: len(tail.rstrip()) - MIN_LAST_LINE]
    rest = tail[len(tail.rstrip()) :]
    span = element.parser.create_node("span")
    span.attrs["class"] = "nobr"
    span.insert_child(kept)
    last.insert_before(head)
    last.insert_before(span)
    if rest:
        last.replace_with(rest)
    else:
        last.decompose()
    return True


def phrases_filter(text: str, lang: str) -> Markup:
    """Template filter: `{{ page.title|phrases(page.lang) }}`."""
    if lang != LANG or not text:
        return escape(text)
    return Markup(break_text(str(text)))


def add_phrase_breaks(content) -> None:
    # _content is Pelican's stored HTML of the source (checked on 4.12).
    if getattr(content, "lang", None) == LANG and content._content:
        html_as_read = content._content
        if content.settings.get("LOAD_CONTENT_CACHE"):
            MEMO.load(content.settings["CACHE_PATH"])
        content._content = MEMO.get(
            digest(html_as_read), lambda: break_blocks(html_as_read)
        )


def keep_results(pelican) -> None:
    # Once, after the last site: a Japanese source is read by every site.
    settings = pelican.settings
    if is_main_site(settings) and settings.get("CACHE_CONTENT"):
        MEMO.save(settings["CACHE_PATH"])


def add_filter(generator) -> None:
    generator.env.filters["phrases"] = phrases_filter


def register() -> None:
    signals.content_object_init.connect(add_phrase_breaks)
    signals.generator_init.connect(add_filter)
    signals.finalized.connect(keep_results)
