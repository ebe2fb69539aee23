"""The allowlist itself: what the theme and Python-Markdown (with the site's
extensions) produce, and nothing else. plugins/html_allowlist reads pages
against it. To let content use one more element or attribute, add it here,
with the reason, after checking what a browser does with it.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What Python-Markdown (extra: tables, footnotes, def lists, abbr, attr_list,
# fenced code, md_in_html; toc) and the site's rewrites make of content.
CONTENT_ELEMENTS = words(
    """a abbr address b bdi blockquote br caption cite code col colgroup dd del
    details dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins
    kbd li mark ol p picture pre q rp rt ruby s samp section small source span
    strong sub summary sup table tbody td tfoot th thead time tr u ul var
    wbr article aside header footer nav"""
)
# Inline drawings of the theme's icons: shapes only, nothing that links,
# loads, animates or embeds.
DRAWING_ELEMENTS = words("svg g path circle ellipse line polyline polygon rect desc")
# The page around the content: the theme's layout and its head.
THEME_ELEMENTS = words("html head body title meta link script noscript main button")
HEAD_ONLY = frozenset({"title", "meta", "link", "script"})
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "lang", "dir", "title", "hidden", "role"})
# What content itself may set of those: `hidden` and `role` are the theme's
# (hidden text still reaches feeds and search), and a class only from
# CONTENT_CLASSES (the theme's own classes can cover the page with a link
# or draw a fake banner: found by the third hostile review).
THEME_ONLY_ATTRIBUTES = frozenset({"hidden", "role"})
# Classes editors' Markdown, its extensions and the site's rewrites give
# content (docs/reference.md): {: .lead }, {: .button .button--quiet },
# <div class="figures">, <ol class="timeline">, phrase_breaks' nobr,
# footnotes, and fenced code's language-<name>.
CONTENT_CLASSES = words(
    "lead button button--quiet figures timeline nobr footnote footnote-ref "
    "footnote-backref layout--wide layout--reading"
)
CONTENT_CLASS_PREFIXES = ("language-",)
# data-* names the theme writes for Pagefind and its own scripts. Never in
# content: Pagefind's UI writes a page's data-pagefind-filter as HTML and its
# data-pagefind-meta url: as the result's link (found by the hostile review),
# and the theme's scripts read the others.
DATA_ATTRIBUTES = words(
    "data-pagefind-body data-pagefind-ignore data-text data-translations data-language"
)
# Attributes whose value must be a language tag (BCP 47's shape): the theme's
# language-help.js writes a link's hreflang into a cookie.
LANGUAGE_TAG_ATTRIBUTES = frozenset({"lang", "hreflang"})
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
ELEMENT_ATTRIBUTES = {
    # download: the event page's calendar file (theme/templates/event.html).
    "a": {"href", "hreflang", "rel", "type", "aria-current", "download"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading",
            "decoding", "fetchpriority"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "align"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "time": {"datetime"}, "details": {"open"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "meta": {"charset", "content", "name", "property", "http-equiv"},
    "link": {"rel", "href", "hreflang", "type", "title", "sizes", "media"},
    "script": {"src", "defer", "type"},
    "button": {"type"},
}  # fmt: skip
DRAWING_ATTRIBUTES = words(
    """xmlns viewbox width height fill stroke stroke-width stroke-linecap
    stroke-linejoin stroke-dasharray stroke-miterlimit fill-rule clip-rule d
    cx cy r rx ry x y x1 y1 x2 y2 points transform opacity fill-opacity
    stroke-opacity focusable vector-effect preserveaspectratio"""
)
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|avif);", re.I)
# Browsers drop tabs and newlines anywhere in a URL, and control characters
# and spaces at its ends, before reading its scheme (WHATWG URL).
URL_NOISE = re.compile(r"[\t\n\r]")
URL_ENDS = "".join(map(chr, range(0x21)))
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# A <meta http-equiv> the theme writes; refresh, set-cookie … never.
HTTP_EQUIV = frozenset({"content-security-policy"})
LINK_RELATIONS = frozenset(
    {"canonical", "alternate", "stylesheet", "icon", "cms-config-url"}
)
CLOSING_TAG = re.compile(r"</\s*[a-zA-Z]")
