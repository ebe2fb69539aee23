"""In Chromium: site search in each language, and the gentle language suggestion."""

from __future__ import annotations

import pytest

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_page(**options):
        contexts.append(browser.new_context(**DESKTOP, **options))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


def search(page, base: str, path: str, query: str) -> list[str]:
    page.goto(base + path)
    page.fill(".pagefind-ui__search-input", query)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    return [
        a.get_attribute("href")
        for a in page.query_selector_all(".pagefind-ui__result-link")
    ]


def test_japanese_query_finds_the_japanese_compensation_page(published, open_page):
    results = search(open_page(locale="ja-JP"), published.base, "/search/", "補償")
    assert results[0] == "/programs/compensation/"
    assert all(not r.startswith("/en/") for r in results)


def test_english_query_finds_the_english_welfare_page(published, open_page):
    results = search(
        open_page(locale="en-US"), published.base, "/en/search/", "welfare"
    )
    assert results[0] == "/en/programs/welfare/"
    assert all(r.startswith("/en/") for r in results)


def test_search_ui_speaks_the_page_language(published, open_page):
    page = open_page(locale="ja-JP")
    page.goto(published.base + "/search/")
    placeholder = page.get_attribute(".pagefind-ui__search-input", "placeholder")
    assert placeholder and any(
        "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in placeholder
    )


def test_no_page_breaks_the_security_policy(published, open_page):
    page = open_page(locale="en-US")
    refused = []
    page.on(
        "console",
        lambda m: (
            refused.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    for url in published.site.html_urls():
        page.goto(published.base + url)
    search(page, published.base, "/en/search/", "coworking")
    assert refused == []


@pytest.mark.parametrize(
    ("locale", "url", "offered", "counterpart", "wording"),
    [
        ("en-US", "/about/", "en", "/en/about/", "also available in English"),
        (
            "ja-JP",
            "/en/programs/welfare/",
            "ja",
            "/programs/welfare/",
            "日本語でもご覧いただけます",
        ),
    ],
)
def test_reader_is_offered_the_page_in_the_language_they_prefer(
    published, open_page, locale, url, offered, counterpart, wording
):
    page = open_page(locale=locale)
    page.goto(published.base + url)
    help_box = page.locator(f'.language-help[data-language="{offered}"]')
    assert help_box.is_visible()
    assert help_box.get_attribute("lang") == offered, "said in the language offered"
    assert wording in help_box.inner_text()
    assert help_box.locator("a").get_attribute("href") == published.base + counterpart
    assert page.url == published.base + url, "a suggestion, never a redirect"


def test_reader_of_the_page_language_sees_no_suggestion(published, open_page):
    page = open_page(locale="ja-JP")
    page.goto(published.base + "/about/")
    assert page.locator(".language-help").first.is_hidden()


def test_dismissed_suggestion_stays_away(published, open_page):
    page = open_page(locale="en-US")
    page.goto(published.base + "/about/")
    page.locator(".language-help__dismiss").click()
    assert page.locator(".language-help").first.is_hidden()
    page.goto(published.base + "/purpose/")
    assert page.locator(".language-help").first.is_hidden()


def test_choosing_a_language_is_remembered_for_hosts_that_redirect(
    published, open_page
):
    page = open_page(locale="en-US")
    page.goto(published.base + "/en/")
    page.locator(".language-switcher a").click()
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("nf_lang") == "ja"
