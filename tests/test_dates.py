"""Dates read naturally in each language, whatever the build machine's locale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.localized_dates.localized_dates import localized_date
from tests import site_content
from tests.built_site import Site, visible_text

LANGS = ["ja", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_article_date_is_localized(site: Site, lang):
    """An article's date, whichever article, reads in its language."""
    article = site_content.an_article(lang)
    time = site.page(article.url).select_one("main time")
    assert visible_text(time) == localized_date(article.date, lang)
    assert time["datetime"] == article.date.isoformat()


@pytest.mark.parametrize("lang", LANGS)
def test_news_listing_dates_are_localized(site: Site, lang):
    """Every date of the listing's first page, each as its language writes it."""
    listing = site.page("/news/" if lang == "ja" else f"/{lang}/news/")
    times = listing.select(".article-list time")
    assert times
    for time in times:
        day = dt.date.fromisoformat(time["datetime"][:10])
        assert visible_text(time) == localized_date(day, lang)
    assert visible_text(times[0]) == localized_date(
        site_content.newest_articles(lang)[0].date, lang
    )


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        ("2013", "ja", "2013年"),
        ("2013-09", "ja", "2013年9月"),
        ("2013-09-14", "ja", "2013年9月14日"),
        ("2013-09-14", "en", "September 14, 2013"),
        (dt.date(2013, 6, 1), "en", "June 1, 2013"),
    ],
)
def test_partial_dates_show_only_what_is_known(value, lang, shown):
    assert localized_date(value, lang) == shown


def test_a_malformed_date_says_how_to_write_one():
    with pytest.raises(ValueError, match="YYYY-MM"):
        localized_date("September", "en")


def test_no_template_shows_pelicans_os_locale_date():
    """pelicanconf.py leaves Pelican's `locale_date` empty (it would depend on
    the OS's locales): a template using it would show no date at all."""
    templates = Path(__file__).resolve().parent.parent / "theme/templates"
    using = [
        path.name
        for path in templates.rglob("*.html")
        if "locale_date" in (text := path.read_text("utf-8"))
        or "locale_modified" in text
    ]
    assert list(templates.rglob("*.html")) and using == []


@given(
    moment=st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2200, 12, 31),
        timezones=st.sampled_from([ZoneInfo("Asia/Tokyo"), ZoneInfo("UTC")]),
    ),
    lang=st.sampled_from(["ja", "en"]),
    format=st.sampled_from(["long", "medium", "short", "full"]),
)
@settings(max_examples=200, deadline=None)
def test_remembered_dates_read_as_babel_and_pelican_write_them(moment, lang, format):
    """localized_dates remembers each day's text and writes ISO digits
    itself: the same text as Babel's format_date and Pelican's strftime."""
    from babel.dates import format_date
    from pelican.utils import SafeDatetime

    from plugins.localized_dates.localized_dates import iso_date

    value = SafeDatetime.fromisoformat(moment.isoformat())
    for _ in range(2):
        shown = localized_date(value, lang, format)
        assert shown == format_date(value, format=format, locale=lang)
    assert iso_date(value) == value.strftime("%Y-%m-%d")
