"""The designed pages: home (hero, key figures, program cards, conference,
news), about (timeline), programs (cards) and the event's held status."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from tests import site_content
from tests.built_site import Site, build, visible_text

HOMES = ["/", "/en/"]
PROGRAMS = [slug + "/" for slug in site_content.site_data().programs]
ICON_BUDGET = 2048  # bytes of one inline icon
# The statement's key figures, as each home page shows them.
FIGURES = {
    "/": ["2006年頃", "2010年", "2012年夏", "280箇所以上"],
    "/en/": ["c. 2006", "2010", "2012", "280+"],
}
NUMBER = re.compile(r"\d+")


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


@pytest.mark.parametrize("home", HOMES)
def test_home_hero_says_what_bcc_is_and_offers_two_ways_in(published, home):
    hero = published.site.page(home).select_one("main .hero")
    assert hero.select_one("h1") and hero.select_one("p.lead")
    assert len(visible_text(hero.select_one("p.lead"))) > 40
    actions = [a["href"] for a in hero.select("a.button")]
    assert actions == [
        f"{published.base}{home}purpose/",
        f"{published.base}{home}programs/",
    ]


@pytest.mark.parametrize("home", HOMES)
def test_home_key_figures_are_the_statements_each_with_its_label(published, home):
    figures = published.site.page(home).select_one("main .figures dl")
    terms = [visible_text(dt) for dt in figures.select("dt")]
    labels = [visible_text(dd) for dd in figures.select("dd")]
    assert terms == FIGURES[home]
    assert len(labels) == len(terms) and all(labels)
    # Only the statement's numbers (2013: the year it counted 280 spaces, the
    # year of the statement itself): no figure label adds one of its own.
    assert numbers(" ".join(terms + labels)) == {"2006", "2010", "2012", "280", "2013"}


@pytest.mark.parametrize("home", HOMES)
def test_home_has_five_program_cards_each_one_link_with_its_own_icon(published, home):
    cards = published.site.page(home).select("main .cards > .card")
    assert len(cards) == 5
    icons = []
    for card in cards:
        links = card.select("a")
        assert len(links) == 1, card
        assert links[0]["href"].startswith(f"{published.base}{home}programs/")
        svg = card.select_one("svg")
        assert svg["aria-hidden"] == "true"
        assert len(str(svg).encode()) <= ICON_BUDGET
        assert visible_text(card.select_one(".card__text"))
        icons.append(str(svg))
    assert len(set(icons)) == 5, "each program has its own icon"
    hrefs = [card.a["href"] for card in cards]
    assert hrefs == [f"{published.base}{home}{p}" for p in PROGRAMS]


@pytest.mark.parametrize("home", HOMES)
def test_home_card_summary_is_the_program_pages_summary(published, home):
    site = published.site
    for card in site.page(home).select("main .cards > .card"):
        program = site.page(card.a["href"])
        summary = program.select_one('meta[name="description"]')["content"]
        assert visible_text(card.select_one(".card__text")) == " ".join(summary.split())


@pytest.mark.parametrize("home", HOMES)
def test_home_shows_the_conference_and_the_latest_news(published, home):
    main = published.site.page(home).select_one("main")
    conference = main.select_one(".card--feature")
    assert conference.a["href"] == f"{published.base}{home}conference/"
    assert conference.select_one("time")["datetime"] == "2013-09"
    assert main.select_one(".home__news .article-list__title")


@pytest.mark.parametrize("prefix", HOMES)
def test_about_shows_the_dated_facts_as_a_timeline(published, prefix):
    items = published.site.page(prefix + "about/").select("main .timeline ol > li")
    dates = [visible_text(li.strong) for li in items]
    if prefix == "/":
        assert dates == ["2006年頃", "2010年", "2012年夏", "2013年"]
    else:
        assert dates == ["c. 2006", "2010", "Summer 2012", "2013"]
    assert items[-1].a["href"].endswith(prefix + "conference/")
    september = "9月" if prefix == "/" else "September"
    assert september in visible_text(items[-1])  # the conference, announced


@pytest.mark.parametrize("prefix", HOMES)
def test_programs_overview_is_cards_with_icons_and_summaries(published, prefix):
    cards = published.site.page(prefix + "programs/").select("main .cards > .card")
    hrefs = [card.a["href"] for card in cards]
    assert hrefs == [f"{published.base}{prefix}{p}" for p in PROGRAMS]
    for card in cards:
        assert card.select_one("svg[aria-hidden=true]")
        assert visible_text(card.select_one(".card__text"))


@pytest.mark.parametrize("prefix", HOMES)
@pytest.mark.parametrize("program", PROGRAMS)
def test_each_program_page_ends_with_the_other_four(published, prefix, program):
    page = published.site.page(prefix + program)
    related = page.select_one("main .related-programs")
    hrefs = {a["href"] for a in related.select(".card a")}
    others = {f"{published.base}{prefix}{p}" for p in PROGRAMS if p != program}
    assert hrefs == others
    assert all(card.svg["aria-hidden"] == "true" for card in related.select(".card"))
    # After the page's own text, outside what search indexes.
    assert related.find_previous_sibling("article")
    assert not related.find_parent(attrs={"data-pagefind-body": True})


@pytest.mark.parametrize("width", [390, 1280])
def test_a_click_anywhere_on_a_card_follows_its_link(published, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        for url in ("/", "/en/programs/"):
            page.goto(published.base + url)
            count = page.locator(".cards > .card").count()
            for index in range(count):
                page.goto(published.base + url)
                card = page.locator(".cards > .card").nth(index)
                card.scroll_into_view_if_needed()
                box = card.bounding_box()
                href = card.locator("a").get_attribute("href")
                # A corner far from the title: the card's own padding.
                page.mouse.click(
                    box["x"] + box["width"] - 6, box["y"] + box["height"] - 6
                )
                page.wait_for_url(href)
    finally:
        context.close()


# --- The event's held status: the build's "now", never the clock ----------


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()))


@pytest.fixture(scope="module")
def built_on(tmp_path_factory):
    """The site as built on a given day ($SOURCE_DATE_EPOCH), once per day."""
    sites: dict[dt.date, Site] = {}

    def site_on(day: dt.date) -> Site:
        if day not in sites:
            output = tmp_path_factory.mktemp(f"on-{day}") / "output"
            build(output, env={"SOURCE_DATE_EPOCH": epoch(day)}, fatal=False)
            sites[day] = Site(output)
        return sites[day]

    return site_on


@pytest.mark.parametrize(
    ("prefix", "held"), [("/", "開催済み"), ("/en/", "Held in September 2013")]
)
def test_an_event_says_it_was_held_once_the_builds_date_is_past(built_on, prefix, held):
    before = built_on(dt.date(2013, 8, 31))
    after = built_on(dt.date(2013, 10, 1))
    for site, shown in ((before, False), (after, True)):
        page = site.page(prefix + "conference/")
        facts = visible_text(page.select_one(".event-facts"))
        assert (held in facts) is shown, facts
        home_card = visible_text(site.page(prefix).select_one(".card--feature"))
        assert (held in home_card) is shown, home_card

    # The announcement itself is left as written.
    def announcement(site: Site) -> list[str]:
        page = site.page(prefix + "conference/")
        return [
            visible_text(node)
            for node in page.select(".prose > :is(p, h2, ul):not(.notice)")
        ]

    # The announcement keeps its words; once held, a note says what it is.
    assert announcement(before) == announcement(after)
    notes = [
        visible_text(n) for n in after.page(prefix + "conference/").select(".notice")
    ]
    assert notes and not before.page(prefix + "conference/").select(".event-notice")


def test_an_event_is_held_after_the_last_day_its_date_covers():
    from event_calendar.event_calendar import is_held, last_day

    assert last_day("2013-09") == dt.date(2013, 9, 30)
    assert last_day("2013-12") == dt.date(2013, 12, 31)
    assert last_day("2013") == dt.date(2013, 12, 31)
    assert last_day("2013-09-14") == dt.date(2013, 9, 14)

    page = SimpleNamespace(metadata={"event_start": "2013-09"})
    at = lambda *ymd: dt.datetime(*ymd, tzinfo=dt.UTC)  # noqa: E731
    assert not is_held(page, at(2013, 9, 30))
    assert is_held(page, at(2013, 10, 1))
