"""An iCalendar (.ics) file for each event page whose start day is known.

Owns: writing `calendar.ics` next to an event page (Template: event) once its
Event_start front matter is a full date (YYYY-MM-DD), and the Jinja global
`calendar_url(page)` the template links it with (None until then). The file is
the same bytes on every build: its UID comes from the page's slug and the
site's host, its DTSTAMP from the content's own dates, never the clock.

Also owns whether an event has taken place: the Jinja global
`event_held(page)`, true once the build's "now" (site_facts.build_now, never
the machine's clock) is past the event's last day, as precise as its front
matter: Event_end, else Event_start ("2013-09" ends on 30 September).

Signals: `content_written`, after the event page itself is written (so the
output folder exists and is not cleaned again); `generator_init` for the
globals. Uses PyPI icalendar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlparse

from markupsafe import Markup
from pelican import signals

from localized_dates.localized_dates import parse_partial_date
from site_facts import build_now

FILENAME = "calendar.ics"


def full_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    day, precision = parse_partial_date(value)
    return day if precision == "day" else None


def is_calendar_event(page) -> bool:
    return (
        page is not None
        and page.metadata.get("template") == "event"
        and full_date(page.metadata.get("event_start")) is not None
    )


def last_day(value: str) -> dt.date:
    """The last day a partial date covers: 2013 -> 31 Dec, 2013-09 -> 30 Sep."""
    day, precision = parse_partial_date(value)
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day


def is_held(page, now: dt.datetime) -> bool:
    """Whether the event on `page` ended before `now` (False without a date)."""
    meta = page.metadata if page is not None else {}
    when = meta.get("event_end") or meta.get("event_start")
    if not when:
        return False
    try:
        return last_day(when) < now.date()
    except ValueError:
        return False  # content_checks reports the date itself


def calendar_url(page, siteurl: str) -> str | None:
    if not is_calendar_event(page):
        return None
    return f"{siteurl}/{page.url}{FILENAME}"


def build_calendar(page, siteurl: str, canonical: str) -> bytes:
    from icalendar import Calendar, Event  # only sites with a dated event pay for it

    meta = page.metadata
    start = full_date(meta["event_start"])
    end = full_date(meta.get("event_end")) or start
    host = urlparse(siteurl).hostname or "localhost"
    stamp_date = meta.get("modified") or meta.get("date")
    stamp = (
        stamp_date.astimezone(dt.UTC)
        if isinstance(stamp_date, dt.datetime)
        else dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    )
    event = Event()
    event.add("uid", f"{page.slug}@{host}")
    event.add("dtstamp", stamp)
    event.add("summary", meta.get("event_name") or page.title)
    event.add("dtstart", start)
    event.add("dtend", end + dt.timedelta(days=1))  # all-day: DTEND is exclusive
    place = ", ".join(v for v in (meta.get("event_venue"), meta.get("event_city")) if v)
    if place:
        event.add("location", place)
    event.add("description", Markup(page.summary).striptags())
    event.add("url", canonical)
    calendar = Calendar()
    calendar.add("prodid", f"-//{page.settings['SITENAME']}//{host}//")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return calendar.to_ical()


def write_calendar(path: str, context: dict) -> None:
    page = context.get("page") if context else None
    if not is_calendar_event(page):
        return
    siteurl = context["SITEURL"]
    canonical = f"{siteurl}/{page.url}"
    target = Path(path).parent / FILENAME
    # The page itself may not be on disk yet (plugins/parallel_writing writes
    # it, and makes its folder, once every page is rendered).
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_calendar(page, siteurl, canonical))


def add_global(generator) -> None:
    now = build_now(generator.settings["PATH"])
    generator.env.globals["calendar_url"] = calendar_url
    generator.env.globals["event_held"] = lambda page: is_held(page, now)


def register() -> None:
    signals.content_written.connect(write_calendar)
    signals.generator_init.connect(add_global)
