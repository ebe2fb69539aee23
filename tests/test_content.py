"""What a reader finds: every page and article of content/, in both languages,
with all of its text, and the home page made from them.

Nothing here names today's pages, dates or counts: what each test expects is
read from content/ (tests/site_content.py), so an editor's new article, page
or program keeps these green (tests/test_new_content.py proves it).
"""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup

from plugins.localized_dates.localized_dates import localized_date
from tests import site_content
from tests.built_site import Site, settings, visible_text

LANGS = [
    (settings.DEFAULT_LANG, "/"),
    *((lang, f"/{lang}/") for lang in settings.I18N_SUBSITES),
]
EVERY_SOURCE = [
    source
    for lang, _ in LANGS
    for source in site_content.pages(lang) + site_content.articles(lang)
]


def paragraphs(source: site_content.Source) -> list[str]:
    """The text of each paragraph of a source, rendered as the build does."""
    text = re.sub(r"\{(filename|static)\}", "", source.text())
    html = markdown.markdown(
        text, extensions=list(settings.MARKDOWN["extension_configs"])
    )
    return [
        visible_text(p)
        for p in BeautifulSoup(html, "html.parser").select("p")
        if visible_text(p)
    ]


@pytest.mark.parametrize("source", EVERY_SOURCE, ids=lambda s: s.url)
def test_every_page_carries_its_title_and_every_paragraph_verbatim(site: Site, source):
    """No text of a source is lost or altered on its page (the cooperative's
    statement on /purpose/ included), and the heading is its Title."""
    page = site.page(source.url)
    assert visible_text(page.select_one("main h1")) == source.meta["title"]
    on_page = [visible_text(p) for p in page.select("main p")]
    missing = [p for p in paragraphs(source) if p not in on_page]
    assert not missing, (
        f"{source.url} lacks these paragraphs of {source.relative}: {missing}"
    )


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_every_section_exists_in_both_languages(site: Site, lang, prefix):
    paths = ["", "news/"] + [
        s.path_in_site for s in site_content.pages(lang) + site_content.articles(lang)
    ]
    for path in paths:
        assert site.page(prefix + path).select_one("main h1").get_text(strip=True), path


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_programs_overview_links_each_program_page(site: Site, lang, prefix):
    links = {a["href"] for a in site.page(prefix + "programs/").select("main a")}
    programs = {prefix + p.path_in_site for p in site_content.programs(lang)}
    assert programs and programs <= links, (
        f"{prefix}programs/ misses {programs - links}"
    )


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_about_page_states_the_organisations_facts(site: Site, lang, prefix):
    """The facts content/site.yml declares (and structured data gives
    search engines) are the ones the About page states."""
    facts = site_content.site_data(lang).organization
    text = visible_text(site.page(prefix + "about/").select_one("main"))
    stated = [facts["founding_date"], facts["head_office"], facts["liaison_office"]]
    assert [fact for fact in stated if fact not in text] == []


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_event_page_gives_its_date_and_city_from_front_matter(site: Site, lang, prefix):
    event = site_content.event_page(lang)
    facts = site.page(event.url).select_one(".event-facts")
    assert facts.select_one("time")["datetime"] == event.meta["event_start"]
    assert localized_date(event.meta["event_start"], lang) in visible_text(facts)
    if event.meta.get("event_city"):
        assert event.meta["event_city"] in visible_text(facts)


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_home_introduces_bcc_and_links_the_main_sections(site: Site, lang, prefix):
    """The mission, the home source's own links (its buttons), the programs
    overview and the event's card."""
    home = site.page(prefix)
    intro = home.select_one(".home__intro")
    assert len(intro.select("p")) >= 1
    links = {a["href"] for a in home.select("main a")}
    index = next(p for p in site_content.sources("page", lang) if p.slug == "index")
    linked = re.findall(r"\{filename\}([^)]+)\." + lang + r"\.md", index.text())
    assert linked, "the home page's text links no page"
    event = site_content.event_page(lang)
    for path in [*(f"{name}/" for name in linked), "programs/", event.path_in_site]:
        assert prefix + path in links


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_home_shows_the_latest_news(site: Site, lang, prefix):
    """The newest articles, whichever they are, newest first (three at most)."""
    news = site.page(prefix).select_one(".home__news")
    shown = [a["href"] for a in news.select(".article-list__title")]
    expected = site_content.articles(lang)[:3]
    assert len(shown) == len(expected)
    assert shown[0] in {a.url for a in site_content.newest_articles(lang)}
    dates = {a.url: a.meta["date"] for a in site_content.articles(lang)}
    assert [dates[url] for url in shown] == [a.meta["date"] for a in expected]


def test_no_page_shows_an_empty_event_field(site: Site):
    for url in site.html_urls():
        for dd in site.page(url).select(".event-facts dd"):
            assert visible_text(dd), f"{url} shows an empty event fact"
