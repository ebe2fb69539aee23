"""The news listing: newest first, paginated, and switchable page by page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks.corpus import site_yml
from language_switcher import language_switcher
from tests.built_site import ROOT, Site, build, settings, visible_text

ARTICLES = settings.DEFAULT_PAGINATION + 3  # two listing pages per language


def write_article(folder: Path, slug: str, lang: str, day: dt.date) -> None:
    (folder / f"{slug}.{lang}.md").write_text(
        f"Title: {lang} news {day.isoformat()}\nLang: {lang}\nDate: {day.isoformat()}\n"
        f"Summary: Summary of {slug}.\n\nBody of {slug}.\n",
        "utf-8",
    )


def news_corpus(root: Path, translated: int) -> Path:
    """ARTICLES Japanese articles, the first `translated` of them also in English."""
    articles = root / "articles"
    articles.mkdir(parents=True)
    (root / "pages").mkdir()
    first = dt.date(2013, 1, 1)
    for number in range(ARTICLES):
        day = first + dt.timedelta(days=7 * number)
        write_article(articles, f"item-{number:02d}", "ja", day)
        if number < translated:
            write_article(articles, f"item-{number:02d}", "en", day)
    (root / "site.yml").write_text(site_yml({"news/": ("お知らせ", "News")}), "utf-8")
    return root


@pytest.fixture(scope="module")
def news_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """More news than fits one page, all of it in both languages (publishable)."""
    content = news_corpus(tmp_path_factory.mktemp("news") / "content", ARTICLES)
    build(content.parent / "output", content=content)
    return Site(content.parent / "output")


@pytest.fixture(scope="module")
def drafting_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The same while drafting: only three articles translated so far."""
    content = news_corpus(tmp_path_factory.mktemp("drafting") / "content", 3)
    build(content.parent / "output", content=content, fatal=False)
    return Site(content.parent / "output")


def listed_dates(page) -> list[str]:
    return [t["datetime"] for t in page.select(".article-list time")]


def test_news_is_listed_newest_first_across_pages(news_site: Site):
    dates = listed_dates(news_site.page("/news/")) + listed_dates(
        news_site.page("/news/2/")
    )
    assert len(dates) == ARTICLES
    assert dates == sorted(dates, reverse=True)


def test_news_listing_is_paginated_with_links_both_ways(news_site: Site):
    first, second = news_site.page("/news/"), news_site.page("/news/2/")
    assert len(first.select(".article-list__item")) == settings.DEFAULT_PAGINATION
    assert first.select_one('.pagination a[rel="next"]')["href"] == "/news/2/"
    assert second.select_one('.pagination a[rel="prev"]')["href"] == "/news/"
    assert "2" in visible_text(second.select_one("title"))


@pytest.mark.parametrize(
    ("start", "target"), [("/news/2/", "/en/news/2/"), ("/en/news/2/", "/news/2/")]
)
def test_listing_page_switches_to_the_same_page_number(news_site: Site, start, target):
    link = news_site.page(start).select_one(".language-switcher a")
    assert link["href"] == target
    assert link.get("rel") == ["alternate"]


def test_while_drafting_untranslated_news_shows_on_the_other_site_marked(
    drafting_site: Site,
):
    english_listing = drafting_site.page("/en/news/")
    untranslated = english_listing.select('.article-list__item[lang="ja"]')
    assert untranslated, "Japanese-only news is listed on the English site"
    kept = drafting_site.page("/en/news/item-05/")
    assert "not been translated yet" in visible_text(kept.select_one(".notice"))
    assert kept.select_one(".language-switcher a")["href"] == "/news/item-05/"


def test_untranslated_article_switches_to_the_other_home(drafting_site: Site):
    link = drafting_site.page("/news/item-05/").select_one(".language-switcher a")
    assert link["href"] == "/en/"
    assert not link.get("rel"), "a fallback is not an alternate version of the page"
    hreflangs = {
        x["hreflang"]
        for x in drafting_site.page("/news/item-05/").select("link[hreflang]")
    }
    assert "en" not in hreflangs


def test_translated_article_switches_to_its_translation(drafting_site: Site):
    assert (
        drafting_site.page("/en/news/item-01/").select_one(".language-switcher a")[
            "href"
        ]
        == "/news/item-01/"
    )


def test_listing_page_the_other_language_lacks_falls_back_to_its_home():
    """E.g. more Japanese than English news pages: page 2 has no English twin."""
    from pelican.paginator import PaginationRule, Paginator
    from pelican.settings import read_settings

    configured = read_settings(str(ROOT / "pelicanconf.py"))
    patterns = configured["PAGINATION_PATTERNS"]
    configured["PAGINATION_PATTERNS"] = [PaginationRule(*rule) for rule in patterns]
    per_page = configured["DEFAULT_PAGINATION"]
    paginator = Paginator(
        "news/index.html", "news/", [object()] * ARTICLES, configured, per_page
    )
    language_switcher._ARTICLES_BY_LANG["en"] = [object()] * 3
    ctx = {"articles_paginator": paginator, "articles_page": paginator.page(2)}
    assert language_switcher.counterpart_save_as(ctx, "en") is None
    ctx["articles_page"] = paginator.page(1)
    assert language_switcher.counterpart_save_as(ctx, "en") == "news/index.html"
