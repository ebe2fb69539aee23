"""In Chromium, on the production build: search results that look like the
site, the query carried between languages, the switcher on every page kind,
and a language suggestion that stays away once the reader has chosen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.built_site import lang_of

PHONE = {"viewport": {"width": 390, "height": 844}}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SCREENSHOTS = Path("/tmp/design-search")
# A word in one language's pages only, to see "nothing here, try there".
SEARCHES = {
    "ja": ("/search/", "補償", "「補償」の検索結果：{n}件", "/en/search/"),
    "en": ("/en/search/", "compensation", "{n} results for “compensation”", "/search/"),
}


def search(page, base: str, path: str, query: str) -> None:
    page.goto(base + path)
    page.fill(".pagefind-ui__search-input", query)
    page.wait_for_selector(".pagefind-ui__results", state="attached", timeout=15_000)


@pytest.mark.parametrize("lang", SEARCHES)
def test_result_count_reads_naturally_in_the_page_language(published, open_page, lang):
    path, query, phrase, _other = SEARCHES[lang]
    page = open_page(**DESKTOP)
    search(page, published.base, path, query)
    page.wait_for_selector(".pagefind-ui__result-link")
    count = page.locator(".pagefind-ui__result").count()
    assert page.inner_text(".pagefind-ui__message") == phrase.format(n=count)


@pytest.mark.parametrize("lang", SEARCHES)
def test_result_titles_are_links_in_the_body_font(published, open_page, lang):
    path, query, _phrase, _other = SEARCHES[lang]
    page = open_page(**DESKTOP)
    search(page, published.base, path, query)
    title, body, link = page.evaluate(
        """() => {
        const style = (el) => getComputedStyle(el);
        const title = style(document.querySelector('.pagefind-ui__result-link'));
        const probe = document.createElement('a');
        probe.href = '#';
        document.querySelector('main p').append(probe);
        const link = style(probe).color;
        probe.remove();
        return [
          {font: title.fontFamily, color: title.color, line: title.textDecorationLine},
          style(document.body).fontFamily,
          link,
        ];
    }"""
    )
    assert title["font"] == body
    assert title["color"] == link, "the colour of every other link"
    assert title["line"] == "underline"


@pytest.mark.parametrize("lang", SEARCHES)
def test_no_results_offers_the_same_query_in_the_other_language(
    published, open_page, lang
):
    path, _query, _phrase, other = SEARCHES[lang]
    page = open_page(**DESKTOP)
    search(page, published.base, path, "zzqxv")
    link = page.locator(".search__elsewhere a")
    link.wait_for()
    assert "zzqxv" in link.inner_text()
    assert link.get_attribute("href") == published.base + other + "?q=zzqxv"
    link.click()
    page.wait_for_selector(".pagefind-ui__message")
    assert page.input_value(".pagefind-ui__search-input") == "zzqxv"
    assert lang_of(page.url.removeprefix(published.base)) != lang


@pytest.mark.parametrize("lang", SEARCHES)
def test_switcher_carries_the_query_to_the_other_search_page(
    published, open_page, lang
):
    path, query, _phrase, other = SEARCHES[lang]
    page = open_page(**DESKTOP)
    search(page, published.base, path, query)
    page.wait_for_selector(".pagefind-ui__result-link")
    switch = page.locator(".language-switcher a[hreflang]")
    expected = published.base + other + "?q=" + query
    assert (
        page.evaluate("(a) => decodeURIComponent(a.href)", switch.element_handle())
        == expected
    )
    switch.click()
    page.wait_for_selector(".pagefind-ui__message")
    assert page.input_value(".pagefind-ui__search-input") == query


def test_without_javascript_the_switcher_still_switches(published, open_page):
    page = open_page(**DESKTOP, java_script_enabled=False)
    page.goto(published.base + "/search/?q=補償")
    page.locator(".language-switcher a").click()
    assert page.url == published.base + "/en/search/"


def test_switcher_marks_the_current_language_on_every_page(published):
    for url in published.site.html_urls():
        switcher = published.site.page(url).select_one(".language-switcher")
        current = switcher.select('[aria-current="true"], [aria-current="page"]')
        assert [c.get("lang") for c in current] == [lang_of(url)], url
        assert current[0].name != "a", f"{url}: the current language links to itself"
        names = [item.get_text(strip=True) for item in switcher.select("li")]
        assert names == ["日本語", "English"], url


@pytest.mark.parametrize(
    ("choose", "selector"),
    [
        ("the switcher", ".language-switcher a"),
        ("dismissing", ".language-help__dismiss"),
    ],
)
def test_suggestion_stays_away_once_the_reader_has_chosen(
    published, open_page, choose, selector
):
    page = open_page(**PHONE, locale="en-US")
    page.goto(published.base + "/about/")
    assert page.locator('.language-help[data-language="en"]').is_visible()
    page.locator(selector).first.click()
    if choose == "the switcher":
        page.wait_for_url(published.base + "/en/about/")
    page.goto(published.base + "/purpose/")
    page.wait_for_load_state()
    assert page.locator(".language-help").first.is_hidden(), f"back after {choose}"


@pytest.mark.parametrize(
    ("locale", "url"), [("en-US", "/about/"), ("ja-JP", "/en/about/")]
)
def test_suggestion_is_slim_on_a_phone(published, open_page, locale, url):
    page = open_page(**PHONE, locale=locale)
    page.goto(published.base + url)
    box = page.locator(".language-help:visible").bounding_box()
    assert box["height"] <= 96
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"suggestion-{lang_of(url)}-390.png")


@pytest.mark.parametrize(
    ("url", "locale"),
    [("/search/?q=補償", "en-US"), ("/en/search/?q=zzqxv", "ja-JP")],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_and_suggestion_pass_axe(published, open_page, url, locale, scheme):
    """The states axe never sees on a fresh page: results, none, the suggestion."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_accessibility import WCAG_TAGS

    page = open_page(**PHONE, locale=locale, color_scheme=scheme)
    page.goto(published.base + url)
    page.wait_for_selector(".pagefind-ui__results", state="attached", timeout=15_000)
    assert page.locator(".language-help:visible").count() == 1
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
