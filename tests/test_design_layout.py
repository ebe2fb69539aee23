"""The page's frame as a reader sees it (Chromium, production build): a compact
header on phones, a centred reading column, the footer at the window's foot,
a type scale with a clear h1, the footer as a map of the site, dark mode."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

import pelicanconf as settings
from site_facts import build_now
from tests import site_content
from tests.built_site import ROOT

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
HEADER_MAX_HEIGHT = 120  # px at 390 px, issue 11
CENTRING_TOLERANCE = 24  # px between the reading column's two margins
H1_OVER_H2 = 1.25

PAGE_KINDS = {
    "home": "",
    "purpose": "purpose/",
    "about": "about/",
    "programs": "programs/",
    "program": "programs/welfare/",
    "conference": "conference/",
    "news": "news/",
    "article": "news/coworking-asia-conference-tokyo-2013/",
    "search": "search/",
    "404": "404.html",
}
# Pages whose <main> is one reading column (home and programs compose grids).
READING_PAGES = ("purpose", "about", "program", "conference", "article", "news")
LANG_ROOTS = {"ja": "/", "en": "/en/"}


def url_of(lang: str, kind: str) -> str:
    return LANG_ROOTS[lang] + PAGE_KINDS[kind]


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_the_header_is_compact_on_a_phone_on_every_page(published, open_page, lang):
    page = open_page(**PHONE)
    heights = {}
    for kind in PAGE_KINDS:
        page.goto(published.base + url_of(lang, kind))
        heights[kind] = page.locator("header.site-header").bounding_box()["height"]
    assert max(heights.values()) <= HEADER_MAX_HEIGHT, heights


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_the_phone_navigation_is_one_row_that_scrolls_with_44px_targets(
    published, open_page, lang
):
    page = open_page(**PHONE)
    page.goto(published.base + url_of(lang, "purpose"))
    links = page.locator(".site-nav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, "the navigation wraps to more than one row"
    assert all(
        links.nth(i).bounding_box()["height"] >= 44 for i in range(links.count())
    )
    # Wider than the window, it scrolls inside itself, not the page.
    scroll = page.evaluate(
        "(() => { const nav = document.querySelector('.site-nav');"
        " return [nav.scrollWidth, nav.clientWidth,"
        " document.documentElement.scrollWidth]; })()"
    )
    assert scroll[0] > scroll[1] and scroll[2] <= 390


def test_the_english_phone_header_shows_the_short_name_and_keeps_the_full_one(
    published, open_page
):
    page = open_page(**PHONE)
    page.goto(published.base + "/en/")
    short, full = page.locator(".site-name__short"), page.locator(".site-name__full")
    assert short.is_visible() and short.text_content().strip("() ") == "BCC"
    assert full.bounding_box()["width"] <= 1, "the full name is not hidden"
    assert full.text_content() == "Business Cooperative of Coworking"
    desktop = open_page(**DESKTOP)
    desktop.goto(published.base + "/en/")
    assert desktop.locator(".site-name__full").bounding_box()["width"] > 100
    assert desktop.locator(".site-name__short").is_hidden()


@pytest.mark.parametrize("lang", LANG_ROOTS)
@pytest.mark.parametrize("kind", READING_PAGES)
def test_the_reading_column_is_centred_at_1280px(published, open_page, lang, kind):
    page = open_page(**DESKTOP)
    page.goto(published.base + url_of(lang, kind))
    column = page.locator("main > :is(article, section)").first.bounding_box()
    left = column["x"]
    right = 1280 - (column["x"] + column["width"])
    assert abs(left - right) <= CENTRING_TOLERANCE, (left, right)
    # On the header's axis: the header's content is centred the same way.
    header = page.locator(".site-header__inner").bounding_box()
    header_centre = header["x"] + header["width"] / 2
    assert abs(header_centre - (left + column["width"] / 2)) <= CENTRING_TOLERANCE


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_on_a_short_page_the_footer_sits_at_the_window_bottom(
    published, open_page, lang
):
    page = open_page(viewport={"width": 1280, "height": 1400})
    page.goto(published.base + url_of(lang, "404"))
    document_height = page.evaluate("document.documentElement.scrollHeight")
    assert document_height == 1400, "the page is not shorter than the window"
    footer = page.locator("footer.site-footer").bounding_box()
    assert footer["y"] + footer["height"] == pytest.approx(1400, abs=1)


@pytest.mark.parametrize("width", [390, 768, 1280])
@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_h1_is_clearly_larger_than_h2_at_every_width(published, open_page, lang, width):
    page = open_page(viewport={"width": width, "height": 900})
    page.goto(published.base + url_of(lang, "about"))
    sizes = page.evaluate(
        "['main h1', 'main h2'].map(s =>"
        " parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
    )
    assert sizes[0] >= H1_OVER_H2 * sizes[1], sizes


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_the_footer_is_a_map_of_the_site(published, open_page, lang):
    page = open_page(**DESKTOP)
    page.goto(published.base + url_of(lang, "about"))
    footer = page.locator("footer.site-footer")
    text = footer.inner_text()
    assert settings.SITE_NAMES[lang] in text
    first = site_content.site_data(lang).organization["founding_date"]
    now = build_now(ROOT / "content").astimezone(ZoneInfo(settings.TIMEZONE))
    assert f"© {first}\N{EN DASH}{now.year}" in text
    # Every section of the main navigation, as the header has it.
    header_links = page.eval_on_selector_all(".site-nav a", "as => as.map(a => a.href)")
    footer_links = footer.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert set(header_links) <= set(footer_links)
    # This page in each language, the current one marked.
    languages = footer.locator("a[hreflang]")
    assert languages.count() == len(LANG_ROOTS)
    for lang_link in languages.all():
        target = lang_link.get_attribute("hreflang")
        assert lang_link.get_attribute("href") == published.base + url_of(
            target, "about"
        )
        assert (lang_link.get_attribute("aria-current") == "page") == (target == lang)
    # No contact details unless CONTACT_EMAIL is set (it is not).
    assert not settings.CONTACT_EMAIL
    assert footer.locator('a[href^="mailto:"]').count() == 0


def test_dark_mode_has_its_own_tokens(published, open_page):
    tokens = (
        "--color-bg-page",
        "--color-bg-subtle",
        "--color-text-body",
        "--color-link",
        "--color-border",
    )
    values = {}
    for scheme in ("light", "dark"):
        page = open_page(**DESKTOP, color_scheme=scheme)
        page.goto(published.base + "/about/")
        values[scheme] = page.evaluate(
            "names => names.map(n =>"
            " getComputedStyle(document.documentElement).getPropertyValue(n).trim())",
            list(tokens),
        )
        assert all(values[scheme]), dict(zip(tokens, values[scheme], strict=True))
    same = [
        name
        for name, light, dark in zip(
            tokens, values["light"], values["dark"], strict=True
        )
        if light == dark
    ]
    assert same == []
