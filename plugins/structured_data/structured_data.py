"""Schema.org JSON-LD for search engines, from facts the site already states.

Owns: the Jinja global `structured_data()`, which returns the JSON-LD of the
page being rendered, or "" for pages that need none:

- the home pages: Organization (its name in every language from SITE_NAMES;
  founding year and offices from content/site.yml, plugins/site_data, in the
  page's language; a fact missing there is left out);
- event pages (Template: event): Event, from the page's Event_* front matter,
  so an editor adds the exact date or venue in one place;
- news articles: NewsArticle.

Its JSON goes into <script type="application/ld+json"> as it is, so `<`, `>`,
`&`, U+2028 and U+2029 are written as \\u escapes (`json_for_script()`): a
title like "Tips <!--<script>" cannot end or extend the element.

Signal: `generator_init`, to add the global. Must not state anything that is
not in settings or content.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from language_switcher.language_switcher import alternates, page_url

EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
    "moved-online": "EventMovedOnline",
}


def organization(ctx, alts, *, full: bool) -> dict[str, Any]:
    lang = ctx["DEFAULT_LANG"]
    facts = ctx["site_data"].organization  # in this language (plugins/site_data)
    home = {a.lang: a.url for a in alts}
    org: dict[str, Any] = {
        "@type": "Organization",
        "name": ctx["SITENAME"],
        "url": page_url(ctx["main_siteurl"], "index.html"),
    }
    if not full:
        return org
    names = ctx.get("SITE_NAMES") or {}
    others = [name for other, name in names.items() if other != lang and name]
    country = facts.get("country")
    offices = [facts.get("head_office"), facts.get("liaison_office")]
    org |= {
        "alternateName": others,
        "foundingDate": facts.get("founding_date"),
        "logo": f"{theme_url(ctx)}/images/favicon.svg",
        "address": address(offices[0], country),
        "location": [place(city, country) for city in offices if city],
        "sameAs": [url for other, url in home.items() if other != lang],
    }
    # A fact missing from content/site.yml (reported there by its line) is
    # left out while drafting, never a KeyError that stops the preview.
    return {key: value for key, value in org.items() if value}


def address(city: str | None, country: str | None) -> dict[str, Any] | None:
    if not city and not country:
        return None
    found = {"addressLocality": city, "addressCountry": country}
    return {"@type": "PostalAddress"} | {k: v for k, v in found.items() if v}


def place(city: str, country: str | None) -> dict[str, Any]:
    return {"@type": "Place", "address": address(city, country)}


def theme_url(ctx) -> str:
    return f"{ctx['main_siteurl']}/{ctx['MAIN_THEME_STATIC_DIR']}"


def canonical(alts) -> str:
    return next(a.url for a in alts if a.is_current)


def images_of(ctx, content) -> list[str]:
    """The page's own picture when its front matter names one (`Image:`, made
    1200 x 630 by plugins/responsive_images), else the site's card."""
    own = getattr(content, "social_image", None)
    if own:
        return [own["url"]]
    return [f"{theme_url(ctx)}/{ctx['SOCIAL_CARD']}"]


def event(ctx, alts, page) -> dict[str, Any]:
    lang = ctx["DEFAULT_LANG"]
    place: dict[str, Any] = {
        "@type": "Place",
        "name": page.metadata.get("event_venue") or page.metadata.get("event_city"),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": page.metadata.get("event_city", ""),
            "addressCountry": ctx["site_data"].organization.get("country", ""),
        },
    }
    data: dict[str, Any] = {
        "@type": "Event",
        "name": page.metadata.get("event_name") or page.title,
        "startDate": page.metadata["event_start"],
        "eventStatus": "https://schema.org/"
        + EVENT_STATUS[page.metadata.get("event_status") or "scheduled"],
        "location": place,
        "organizer": organization(ctx, alts, full=False),
        "description": Markup(page.summary).striptags(),
        "url": canonical(alts),
        "inLanguage": lang,
        "image": images_of(ctx, page),
    }
    if page.metadata.get("event_end"):
        data["endDate"] = page.metadata["event_end"]
    return data


def news_article(ctx, alts, article) -> dict[str, Any]:
    published = article.date.isoformat()
    modified = getattr(article, "modified", None)
    return {
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": published,
        "dateModified": modified.isoformat() if modified else published,
        "inLanguage": article.lang,
        "url": canonical(alts),
        "mainEntityOfPage": canonical(alts),
        "image": images_of(ctx, article),
        "author": organization(ctx, alts, full=False),
        "publisher": organization(ctx, alts, full=False)
        | {
            "logo": {
                "@type": "ImageObject",
                "url": f"{theme_url(ctx)}/images/favicon.svg",
            }
        },
    }


# Characters that can end a <script> element early, or make the HTML parser
# treat what follows as script ("<!--<script>" keeps it open past </script>),
# written as JSON escapes: the JSON means the same, the HTML parser sees no
# markup. U+2028/U+2029 are line terminators to older JavaScript parsers.
SCRIPT_SAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def json_for_script(data: Any) -> str:
    """JSON to put inside a <script> element as it is: no markup can end it."""
    return json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE)


@pass_context
def structured_data(ctx, alts=None) -> str:
    """`structured_data(alts)`: alts is the page's alternates(), if at hand."""
    alts = alts if alts is not None else alternates(ctx)
    page, article = ctx.get("page"), ctx.get("article")
    if ctx.get("output_file") == "index.html" and page is not None:
        data = organization(ctx, alts, full=True)
    elif page is not None and page.metadata.get("template") == "event":
        if not page.metadata.get("event_start"):
            return ""
        data = event(ctx, alts, page)
    elif article is not None:
        data = news_article(ctx, alts, article)
    else:
        return ""
    return json_for_script({"@context": "https://schema.org", **data})


def add_global(generator) -> None:
    generator.env.globals["structured_data"] = structured_data


def register() -> None:
    signals.generator_init.connect(add_global)
