"""Dates in the reader's language, formatted by Babel's CLDR data.

Owns: the `localized_date` and `iso_date` Jinja filters, and the `build_date`
Jinja global: the build's "now" (site_facts.build_now) as a date in the site's
TIMEZONE, for what a page says about the present (the footer's © years).
Pelican's own `locale_date` depends on the OS having ja_JP/en_US locales
installed and only warns when they are missing; Babel needs none, so every
machine builds the same bytes.

Signal: `generator_init`, to add them to each generator's Jinja environment
before any template is compiled.

Must not: read the machine's clock (site_facts decides what "now" is) or
change settings or content.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton
from pelican import signals

from site_facts import build_now

# Partial ISO dates an editor may write in front matter before the exact day
# is known: "2013", "2013-09", "2013-09-14".
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """Return the date and its precision: 'year', 'month' or 'day'."""
    match = PARTIAL_DATE.match(text.strip())
    if not match:
        raise ValueError(
            f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2013-09)"
        )
    year, month, day = match.groups()
    precision = "day" if day else "month" if month else "year"
    return dt.date(int(year), int(month or 1), int(day or 1)), precision


def localized_date(value: dt.date | str, lang: str, format: str = "long") -> str:
    """Format a date, or a partial ISO date string, for the language `lang`.

    >>> localized_date(dt.date(2013, 6, 1), "ja")
    '2013年6月1日'
    >>> localized_date("2013-09", "en")
    'September 2013'
    """
    if isinstance(value, str):
        value, precision = parse_partial_date(value)
        if precision == "year":
            return format_skeleton("y", value, locale=lang)
        if precision == "month":
            return format_skeleton("yMMMM", value, locale=lang)
    if isinstance(value, dt.datetime):
        value = value.date()  # as format_date does
    return formatted_day(value, lang, format)


# Each page shows its date, and the listings show it again: Babel parses the
# pattern and walks the locale's data for each call, so each day is
# formatted once per language and format.
@lru_cache(maxsize=16384)
def formatted_day(day: dt.date, lang: str, format: str) -> str:
    return format_date(day, format=format, locale=lang)


def iso_date(value: dt.date | str) -> str:
    """The machine-readable form for <time datetime>: as precise as known."""
    if isinstance(value, str):
        parse_partial_date(value)  # reject what is not a date
        return value.strip()
    # The date's own strftime: Pelican's SafeDatetime wraps it in a slower,
    # locale-aware one that these digits do not need.
    return dt.date.strftime(value, "%Y-%m-%d")


def build_date(settings: dict) -> dt.date:
    """The build's present as a date where the site is (its TIMEZONE)."""
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    return build_now(settings["PATH"]).astimezone(zone).date()


def add_filters(generator) -> None:
    generator.env.filters["localized_date"] = localized_date
    generator.env.filters["iso_date"] = iso_date
    generator.env.globals["build_date"] = build_date(generator.settings)


def register() -> None:
    signals.generator_init.connect(add_filters)
