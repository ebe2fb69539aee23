"""Each page speaks one language, and one click reaches the same page in the other."""

from __future__ import annotations

import pytest

from tests import site_content
from tests.built_site import Site, japanese_catalog, lang_of, settings, visible_text


def test_every_page_declares_its_site_language(site: Site):
    for url in site.html_urls():
        assert site.page(url).html["lang"] == lang_of(url), url


def test_every_page_links_its_counterpart_in_the_other_language(site: Site):
    for url in site.html_urls():
        lang = lang_of(url)
        switcher = site.page(url).select(".language-switcher a[hreflang]")
        assert len(switcher) == len(settings.LANGUAGES) - 1, url
        for link in switcher:
            assert link["hreflang"] != lang
            target = site.file_for(link["href"])
            assert target is not None, (
                f"{url}: switcher points at missing {link['href']}"
            )
            assert lang_of(link["href"]) == link["hreflang"]


def test_switcher_lands_on_the_same_page_not_the_home_page(site: Site):
    for url in site.html_urls():
        other = site.page(url).select_one(".language-switcher a[hreflang]")["href"]
        path = url.removeprefix("/en")
        assert other.removeprefix("/en") == path, f"{url} switches to {other}"


def test_switcher_names_each_language_in_that_language(site: Site):
    assert (
        visible_text(site.page("/purpose/").select_one(".language-switcher a"))
        == "English"
    )
    assert (
        visible_text(site.page("/en/purpose/").select_one(".language-switcher a"))
        == "日本語"
    )


def test_head_declares_hreflang_alternates_that_exist(site: Site):
    for url in site.html_urls():
        alternates = site.page(url).select('link[rel="alternate"][hreflang]')
        langs = {link["hreflang"] for link in alternates}
        assert langs == {*settings.LANGUAGES, "x-default"}, url
        for link in alternates:
            assert site.file_for(link["href"]) is not None, (url, link["href"])


@pytest.mark.parametrize("url", ["/", "/purpose/", "/news/", "/programs/welfare/"])
def test_japanese_navigation_is_in_japanese(site: Site, url):
    labels = [visible_text(a) for a in site.page(url).select(".site-nav a")]
    expected = [label for label, _path in site_content.site_data("ja").navigation]
    assert labels == expected


def test_japanese_pages_carry_no_english_interface_text(site: Site):
    english_ui = [msgid for msgid in japanese_catalog() if "%(" not in msgid]
    for url in site.html_urls():
        if lang_of(url) != "ja":
            continue
        page = site.page(url)
        chrome = " | ".join(
            visible_text(node)
            for node in page.select(
                ".skip-link, .site-header, .site-footer, .breadcrumbs, .event-facts dt, .home__news h2"
            )
        )
        leaked = [msgid for msgid in english_ui if msgid in chrome]
        assert not leaked, f"{url} shows English UI text: {leaked}"


def test_english_navigation_is_in_english(site: Site):
    labels = [visible_text(a) for a in site.page("/en/").select(".site-nav a")]
    assert labels == [label for label, _path in site_content.site_data("en").navigation]


def test_navigation_marks_the_current_section(site: Site):
    nav = site.page("/en/programs/welfare/").select_one(".site-nav")
    current = [visible_text(a) for a in nav.select("a[aria-current]")]
    assert current == ["Programs"]
    assert (
        site.page("/purpose/").select_one('.site-nav a[aria-current="page"]')["href"]
        == "/purpose/"
    )


def test_every_navigation_link_resolves(site: Site):
    for url in ("/", "/en/"):
        for link in site.page(url).select(".site-nav a, .site-name"):
            assert site.file_for(link["href"]) is not None, link["href"]


@pytest.mark.parametrize(
    ("url", "offices"),
    [
        ("/", "本部：神戸 · 連絡事務所：東京"),
        ("/en/", "Head office: Kobe · Liaison office: Tokyo"),
    ],
)
def test_footer_names_the_offices_in_the_page_language(site: Site, url, offices):
    assert offices in visible_text(site.page(url).select_one(".site-footer"))
