"""Dates read naturally in each language, whatever the build machine's locale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.localized_dates.localized_dates import localized_date
from tests.built_site import Site, visible_text

ARTICLE = "news/coworking-asia-conference-tokyo-2013/"


@pytest.mark.parametrize(
    ("url", "shown"),
    [("/" + ARTICLE, "2013年6月1日"), ("/en/" + ARTICLE, "June 1, 2013")],
)
def test_article_date_is_localized(site: Site, url, shown):
    time = site.page(url).select_one("main time")
    assert visible_text(time) == shown
    assert time["datetime"] == "2013-06-01"


@pytest.mark.parametrize(
    ("url", "shown"), [("/news/", "2013年6月1日"), ("/en/news/", "June 1, 2013")]
)
def test_news_listing_dates_are_localized(site: Site, url, shown):
    assert visible_text(site.page(url).select_one(".article-list time")) == shown


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
