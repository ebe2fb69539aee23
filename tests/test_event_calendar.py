"""An event with a full start date gets a calendar file readers can import."""

from __future__ import annotations

import shutil

import pytest
from icalendar import Calendar

from tests.built_site import ROOT, Site, build

SITEURL = "https://example.org"


def build_with_full_dates(tmp_path, name: str) -> Site:
    content = tmp_path / name / "content"
    shutil.copytree(ROOT / "content", content)
    for lang, venue in (("ja", "会場ホール"), ("en", "Venue Hall")):
        page = content / f"pages/conference.{lang}.md"
        text = page.read_text("utf-8")
        text = text.replace("Event_start: 2013-09", "Event_start: 2013-09-14")
        text = text.replace("Event_end:", "Event_end: 2013-09-15")
        text = text.replace("Event_venue:", f"Event_venue: {venue}")
        page.write_text(text, "utf-8")
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
    return build_with_full_dates(root, "first"), build_with_full_dates(root, "second")


@pytest.mark.parametrize(
    ("prefix", "venue"), [("/", "会場ホール"), ("/en/", "Venue Hall")]
)
def test_event_page_links_a_calendar_file_with_the_event(dated, prefix, venue):
    site, _ = dated
    page = site.page(SITEURL + prefix + "conference/")
    link = page.select_one('a[href$="calendar.ics"]')
    assert link is not None
    ics = site.file_for(link["href"])
    event = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == "2013-09-14"
    assert event.decoded("dtend").isoformat() == "2013-09-16"  # exclusive end
    assert venue in str(event["location"])
    assert str(event["url"]) == SITEURL + prefix + "conference/"


def test_calendar_file_is_identical_on_every_build(dated):
    first, second = dated
    for path in ("conference/calendar.ics", "en/conference/calendar.ics"):
        assert (first.root / path).read_bytes() == (second.root / path).read_bytes()
    uids = {
        str(Calendar.from_ical((first.root / p).read_bytes()).walk("VEVENT")[0]["uid"])
        for p in ("conference/calendar.ics", "en/conference/calendar.ics")
    }
    assert uids == {"conference@example.org"}, "one event, one UID in both languages"


def test_event_data_carries_the_full_dates(dated):
    import json

    site, _ = dated
    script = site.page(SITEURL + "/en/conference/").select_one(
        'script[type="application/ld+json"]'
    )
    event = json.loads(script.string)
    assert (event["startDate"], event["endDate"]) == ("2013-09-14", "2013-09-15")
    assert event["location"]["name"] == "Venue Hall"


def test_without_a_full_date_there_is_no_calendar_file(published):
    assert not (published.site.root / "conference/calendar.ics").exists()
    assert (
        published.site.page(published.base + "/conference/").select_one(
            'a[href$=".ics"]'
        )
        is None
    )
