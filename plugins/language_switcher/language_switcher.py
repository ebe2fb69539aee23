"""Where "this page in the other language" is, for every page the site writes.

Owns: the Jinja globals `alternates()`, `language_name()` and `gettext_in()`. `alternates()`
returns, for the page being rendered, one link per site language: its own URL
for the current language and, for each other language, the exact counterpart
(the translation of an article or page, the same page number of the news
listing) or that language's home page where no counterpart exists. The
language switcher and the <link rel="alternate" hreflang> tags both read it,
so they can never disagree.

Signals: `generator_init` to add the globals; `article_generator_finalized`
to remember each language's published articles (after i18n_subsites has
filtered them), so a listing page knows how many pages the other language
has. Every site's context is generated before any site is written, so the
record is complete when templates run. Must not change any content or URL.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import pass_context
from pelican import signals
from pelican.paginator import Paginator

from site_facts import language_name

# lang -> that site's published articles, refreshed by every build.
_ARTICLES_BY_LANG: dict[str, list[Any]] = {}


@dataclass(frozen=True)
class Alternate:
    lang: str
    name: str  # the language's name in that language: "English", "日本語"
    url: str
    is_current: bool  # the language of the page being rendered
    is_counterpart: bool  # False when it falls back to that language's home


def page_url(siteurl: str, save_as: str) -> str:
    """Clean URL of an output file: 'purpose/index.html' -> '<site>/purpose/'."""
    path = save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as
    return f"{siteurl}/{path}"


def listing_page_save_as(ctx, lang: str, number: int) -> str | None:
    """The save_as of page `number` of `lang`'s news listing, if it has one."""
    articles = _ARTICLES_BY_LANG.get(lang, [])
    own = ctx["articles_paginator"]
    paginator = Paginator(own.name, own.url, articles, own.settings, own.per_page)
    if number > paginator.num_pages:
        return None
    return paginator.page(number).save_as


def counterpart_save_as(ctx, lang: str) -> str | None:
    content = ctx.get("article") or ctx.get("page")
    if content is not None:
        if content.lang == lang:
            return content.save_as  # untranslated content kept on the other site
        for translation in content.translations:
            if translation.lang == lang:
                # save_as is never rewritten by i18n_subsites (url is), so it
                # is the translation's path inside its own site.
                return translation.save_as
        return None
    if ctx.get("articles_page") is not None:
        return listing_page_save_as(ctx, lang, ctx["articles_page"].number)
    return None


@pass_context
def alternates(ctx) -> list[Alternate]:
    current = ctx["DEFAULT_LANG"]
    result = []
    for lang, siteurl in ctx["lang_siteurls"].items():
        if lang == current:
            save_as, found = ctx["output_file"], True
        else:
            save_as = counterpart_save_as(ctx, lang)
            found = save_as is not None
        result.append(
            Alternate(
                lang=lang,
                name=language_name(lang),
                url=page_url(siteurl, save_as if found else "index.html"),
                is_current=lang == current,
                is_counterpart=found,
            )
        )
    return result


@cache
def catalog(localedir: str, lang: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("messages", localedir, [lang])
    except OSError:
        return gettext.NullTranslations()


@pass_context
def gettext_in(ctx, lang: str, message: str) -> str:
    """A UI string in another language than the page's: the language help
    speaks the language it offers. (Extracted with the keyword gettext_in:2.)"""
    if lang == ctx["I18N_TEMPLATES_LANG"]:
        return message
    return catalog(ctx["I18N_GETTEXT_LOCALEDIR"], lang).gettext(message)


def remember_articles(generator) -> None:
    _ARTICLES_BY_LANG[generator.settings["DEFAULT_LANG"]] = list(generator.articles)


def add_globals(generator) -> None:
    generator.env.globals["alternates"] = alternates
    generator.env.globals["language_name"] = language_name
    generator.env.globals["gettext_in"] = gettext_in


def register() -> None:
    signals.generator_init.connect(add_globals)
    signals.article_generator_finalized.connect(remember_articles)


__all__ = [
    "Alternate",
    "alternates",
    "language_name",
    "page_url",
    "register",
]
