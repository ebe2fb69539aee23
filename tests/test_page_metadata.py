"""What search engines and link previews read from each page's <head>."""

from __future__ import annotations

import pytest

from tests import site_content
from tests.built_site import lang_of, settings


def head(published, url):
    return published.site.page(published.base + url)


def test_every_page_has_its_own_title_and_description(published):
    seen_titles = {}
    for url in published.site.html_urls():
        page = head(published, url)
        title = page.title.get_text(strip=True)
        description = page.select_one('meta[name="description"]')
        assert title and description and description["content"].strip(), url
        assert title not in seen_titles, (
            f"{url} and {seen_titles.get(title)} share a title"
        )
        seen_titles[title] = url


def test_every_page_has_an_absolute_canonical_url(published):
    for url in published.site.html_urls():
        canonical = head(published, url).select_one('link[rel="canonical"]')["href"]
        assert canonical == published.base + url.removesuffix("index.html")


@pytest.mark.parametrize(
    ("lang", "locale", "alternate"),
    [("ja", "ja_JP", "en_US"), ("en", "en_US", "ja_JP")],
)
def test_open_graph_names_the_locale_and_its_alternate(
    published, lang, locale, alternate
):
    url = site_content.a_page(lang).url
    page = head(published, url)
    og = {m["property"]: m["content"] for m in page.select("meta[property^='og:']")}
    assert og["og:locale"] == locale
    assert og["og:locale:alternate"] == alternate
    assert og["og:url"] == published.base + url
    assert og["og:title"].startswith(page.select_one("main h1").get_text().strip()[:4])
    image = og["og:image"]
    assert image.startswith(published.base + "/")
    assert published.site.file_for(image).stat().st_size > 10_000


def test_articles_are_open_graph_articles(published):
    page = head(published, site_content.an_article("en").url)
    assert page.select_one('meta[property="og:type"]')["content"] == "article"


def test_not_found_pages_ask_not_to_be_indexed(published):
    for url in ("/404.html", "/en/404.html"):
        assert (
            head(published, url).select_one('meta[name="robots"]')["content"]
            == "noindex"
        )
    assert head(published, "/").select_one('meta[name="robots"]') is None


def test_not_found_page_offers_the_other_language_in_that_language(published):
    page = head(published, "/404.html")
    english = page.select_one('main [lang="en"] a')
    assert english["href"] == published.base + "/en/"


def test_production_stylesheet_is_minified(published, site):
    minified = (published.site.root / "theme/css/site.css").read_text("utf-8")
    readable = (site.root / "theme/css/site.css").read_text("utf-8")
    assert "/*" not in minified and "\n  " not in minified
    assert len(minified) < 0.8 * len(readable)
    assert "word-break:keep-all" in minified  # same rules, less space


def test_japanese_headings_carry_phrase_breaks_without_inline_styles(site):
    wrapped = 0
    for url in site.html_urls():
        page = site.page(url)
        assert page.select("[style]") == [], f"{url} has inline styles"
        for heading in page.select("main h1, main h2"):
            has_breaks = heading.find("wbr") is not None
            if lang_of(url) == "en":
                assert not has_breaks, f"{url}: English needs no phrase breaks"
            wrapped += has_breaks
    assert wrapped >= 1


def test_phrase_breaks_never_split_a_word(site):
    """The breaks fall between whole words (a title of the test's own), and
    each Japanese page's heading is broken exactly so, whichever page it is."""
    from phrase_breaks.phrase_breaks import phrases

    assert list(phrases("コワーカーのネットワークとビジネスのプラットフォーム")) == [
        "コワーカーの",
        "ネットワークと",
        "ビジネスの",
        "プラットフォーム",
    ]
    split = 0
    for source in site_content.pages("ja") + site_content.articles("ja"):
        heading = site.page(source.url).select_one("main h1")
        expected = list(phrases(source.meta["title"]))
        if len(expected) > 1 and "&" not in source.meta["title"]:
            assert heading.decode_contents().split("<wbr/>") == expected, source.url
            split += 1
    assert split, "no Japanese title of more than one phrase to check"


def test_body_paragraphs_keep_normal_japanese_line_breaking(site):
    assert site.page("/purpose/").select("main p wbr") == []


def test_languages_setting_drives_the_open_graph_locales():
    assert set(settings.LANGUAGES) == {settings.DEFAULT_LANG, *settings.I18N_SUBSITES}
