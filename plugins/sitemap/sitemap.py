"""One sitemap.xml for both languages, with hreflang alternates, and robots.txt.

Owns: recording every page any site writes, with the same alternates its
<head> declares (language_switcher.alternates), and, once the main site has
finished (after its subsites), writing at the root:

- sitemap.xml: each page's canonical URL with xhtml:link alternates for
  every language it exists in, plus x-default (the main language);
- robots.txt, naming the sitemap.

Only for an absolute SITEURL (production builds): a sitemap of relative URLs
is invalid. Pages listed in SITEMAP_EXCLUDE (the 404 pages) and hidden content
(Status: hidden) are left out.

Signals: `initialized` (main site) to start afresh; `content_written` for each
page; `finalized` (main site) to write. Must not change any page.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pelican import Pelican, signals

from language_switcher.language_switcher import alternates
from site_facts import is_main_site

_PAGES: dict[str, dict[str, str]] = {}  # canonical URL -> {lang: URL}


def publishing(settings: dict) -> bool:
    return settings.get("SITEURL", "").startswith(("http://", "https://"))


def start(pelican: Pelican) -> None:
    if is_main_site(pelican.settings):
        _PAGES.clear()


def record_page(path: str, context: dict | None = None) -> None:
    if not context or "output_file" not in context or "lang_siteurls" not in context:
        return
    if not publishing(context):
        return
    if context["output_file"] in context.get("SITEMAP_EXCLUDE", ()):
        return
    content = context.get("article") or context.get("page")
    if content is not None and content.status != "published":
        return  # Status: hidden is listed nowhere
    links = [a for a in alternates(context) if a.is_counterpart]
    current = next(a for a in links if a.is_current)
    _PAGES[current.url] = {a.lang: a.url for a in links}


def sitemap_xml(pages: dict[str, dict[str, str]], main_lang: str) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for url in sorted(pages):
        versions = pages[url]
        lines.append(f"  <url>\n    <loc>{escape(url)}</loc>")
        hreflangs = sorted(versions.items())
        if main_lang in versions:
            hreflangs.append(("x-default", versions[main_lang]))
        for lang, href in hreflangs:
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(href)}/>'
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(pelican: Pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings) or not publishing(settings):
        return
    output = Path(pelican.output_path)
    (output / "sitemap.xml").write_text(
        sitemap_xml(_PAGES, settings["DEFAULT_LANG"]), "utf-8"
    )
    (output / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {settings['SITEURL']}/sitemap.xml\n",
        "utf-8",
    )


def register() -> None:
    signals.initialized.connect(start)
    signals.content_written.connect(record_page)
    signals.finalized.connect(write_sitemap)
