"""An event with a full start date gets a calendar file readers can import.

The event is content/'s event page, whichever it is (tests/site_content.py),
given full dates of the test's own in a copy of content/.
"""

from __future__ import annotations

import re
import shutil

import pytest
from icalendar import Calendar

from tests import site_content
from tests.built_site import ROOT, Site, build

SITEURL = "https://example.org"
EVENT = site_content.event_page("ja")  # and its English counterpart
VENUES = {"ja": "会場ホール", "en": "Venue Hall"}


def set_field(text: str, key: str, value: str) -> str:
    return re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)


def build_with_dates(tmp_path, name: str, start="2013-09-14", end="2013-09-15") -> Site:
    from translating import sync_config
    from translation_sync import status

    content = tmp_path / name / "content"
    shutil.copytree(ROOT / "content", content)
    for source in (EVENT, EVENT.counterpart):
        page = content / source.relative
        text = page.read_text("utf-8")
        text = set_field(text, "Event_start", start)
        text = set_field(text, "Event_end", end)
        text = set_field(text, "Event_venue", VENUES[source.lang])
        page.write_text(text, "utf-8")
    config = sync_config()
    status.mark(
        type(config)(**{**vars(config), "content": content}), content / EVENT.relative
    )
    output = tmp_path / name / "output"
    build(
        output,
        content=content,
        settings_file="publishconf.py",
        env={"SITEURL": SITEURL},
    )
    return Site(output, siteurl=SITEURL)


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> tuple[Site, Site]:
    root = tmp_path_factory.mktemp("calendar")
    return build_with_dates(root, "first"), build_with_dates(root, "second")


@pytest.mark.parametrize(
    ("prefix", "venue"), [("/", VENUES["ja"]), ("/en/", VENUES["en"])]
)
def test_event_page_links_a_calendar_file_with_the_event(dated, prefix, venue):
    site, _ = dated
    page = site.page(SITEURL + prefix + EVENT.path_in_site)
    link = page.select_one('a[href$="calendar.ics"]')
    assert link is not None
    ics = site.file_for(link["href"])
    event = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == "2013-09-14"
    assert event.decoded("dtend").isoformat() == "2013-09-16"  # exclusive end
    assert venue in str(event["location"])
    assert str(event["url"]) == SITEURL + prefix + EVENT.path_in_site


def test_calendar_file_is_identical_on_every_build(dated):
    first, second = dated
    files = (
        f"{EVENT.path_in_site}calendar.ics",
        f"en/{EVENT.path_in_site}calendar.ics",
    )
    for path in files:
        assert (first.root / path).read_bytes() == (second.root / path).read_bytes()
    uids = {
        str(Calendar.from_ical((first.root / p).read_bytes()).walk("VEVENT")[0]["uid"])
        for p in files
    }
    assert uids == {f"{EVENT.slug}@example.org"}, "one event, one UID in both languages"


def test_event_data_carries_the_full_dates(dated):
    import json

    site, _ = dated
    script = site.page(SITEURL + "/en/" + EVENT.path_in_site).select_one(
        'script[type="application/ld+json"]'
    )
    event = json.loads(script.string)
    assert (event["startDate"], event["endDate"]) == ("2013-09-14", "2013-09-15")
    assert event["location"]["name"] == VENUES["en"]


def test_without_a_full_date_there_is_no_calendar_file(tmp_path):
    site = build_with_dates(tmp_path, "month", start="2013-09", end="")
    assert not (site.root / EVENT.path_in_site / "calendar.ics").exists()
    assert site.page(SITEURL + EVENT.url).select_one('a[href$=".ics"]') is None
