"""The news listing: newest first, paginated, and switchable page by page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.built_site import Site, build, settings, visible_text

JA_ARTICLES = settings.DEFAULT_PAGINATION + 3  # two listing pages in Japanese
EN_ARTICLES = 3  # one in English


def write_article(folder: Path, slug: str, lang: str, day: dt.date) -> None:
    (folder / f"{slug}.{lang}.md").write_text(
        f"Title: {lang} news {day.isoformat()}\nLang: {lang}\nDate: {day.isoformat()}\n\n"
        f"Body of {slug}.\n",
        "utf-8",
    )


@pytest.fixture(scope="module")
def news_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """More Japanese news than fits one page; fewer English translations."""
    content = tmp_path_factory.mktemp("news-content")
    articles = content / "articles"
    articles.mkdir()
    (content / "pages").mkdir()
    first = dt.date(2013, 1, 1)
    for number in range(JA_ARTICLES):
        day = first + dt.timedelta(days=7 * number)
        write_article(articles, f"item-{number:02d}", "ja", day)
        if number < EN_ARTICLES:
            write_article(articles, f"item-{number:02d}", "en", day)
    output = content.parent / "news-output"
    build(output, content=content)
    return Site(output)


def listed_dates(page) -> list[str]:
    return [t["datetime"] for t in page.select(".article-list time")]


def test_news_is_listed_newest_first_across_pages(news_site: Site):
    dates = listed_dates(news_site.page("/news/")) + listed_dates(
        news_site.page("/news/2/")
    )
    assert len(dates) == JA_ARTICLES
    assert dates == sorted(dates, reverse=True)


def test_news_listing_is_paginated_with_links_both_ways(news_site: Site):
    first, second = news_site.page("/news/"), news_site.page("/news/2/")
    assert len(first.select(".article-list__item")) == settings.DEFAULT_PAGINATION
    assert first.select_one('.pagination a[rel="next"]')["href"] == "/news/2/"
    assert second.select_one('.pagination a[rel="prev"]')["href"] == "/news/"
    assert "2" in visible_text(second.select_one("title"))


def test_listing_page_switches_to_the_same_page_number_when_it_exists(news_site: Site):
    link = news_site.page("/news/").select_one(".language-switcher a")
    assert link["href"] == "/en/news/"
    assert link.get("rel") == ["alternate"]


def test_listing_page_without_counterpart_switches_to_the_other_home(news_site: Site):
    link = news_site.page("/news/2/").select_one(".language-switcher a")
    assert link["href"] == "/en/"
    assert not link.get("rel"), "a fallback is not an alternate version of the page"
    hreflangs = {
        x["hreflang"] for x in news_site.page("/news/2/").select("link[hreflang]")
    }
    assert "en" not in hreflangs


def test_untranslated_article_switches_to_the_other_home(news_site: Site):
    link = news_site.page("/news/item-05/").select_one(".language-switcher a")
    assert link["href"] == "/en/"
    assert news_site.file_for("/en/news/item-05/") is None


def test_translated_article_switches_to_its_translation(news_site: Site):
    assert (
        news_site.page("/en/news/item-01/").select_one(".language-switcher a")["href"]
        == "/news/item-01/"
    )
