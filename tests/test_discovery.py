"""How readers and machines find the site: feeds, sitemap, structured data, links."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import urldefrag, urlparse

import pytest

from tests import site_content
from tests.built_site import lang_of, settings

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def path_of(published, url: str) -> str:
    return url.removeprefix(published.base)


def feed(published, lang: str) -> ET.Element:
    prefix = "" if lang == settings.DEFAULT_LANG else f"{lang}/"
    return ET.parse(published.site.root / prefix / "feeds/atom.xml").getroot()


@pytest.mark.parametrize("lang", list(settings.LANGUAGES))
def test_each_language_has_an_atom_feed_of_its_own_articles(published, lang):
    root = feed(published, lang)
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert published.site.file_for(link) is not None, link
        assert lang_of(path_of(published, link)) == lang
        page = published.site.page(link)
        assert page.html["lang"] == lang
        assert entry.find(f"{ATOM}title").text == page.select_one("main h1").get_text()


def test_feeds_have_distinct_ids_and_self_links(published):
    ids = {
        lang: feed(published, lang).find(f"{ATOM}id").text
        for lang in settings.LANGUAGES
    }
    assert len(set(ids.values())) == len(ids)
    en_self = feed(published, "en").find(f"{ATOM}link[@rel='self']").get("href")
    assert en_self == published.base + "/en/feeds/atom.xml"


def test_every_page_announces_its_languages_feed(published):
    for url in published.site.html_urls():
        link = published.site.page(published.base + url).select_one(
            'link[rel="alternate"][type="application/atom+xml"]'
        )
        assert link is not None, url
        assert published.site.file_for(link["href"]) is not None
        assert lang_of(path_of(published, link["href"])) == lang_of(url)


def sitemap(published) -> dict[str, dict[str, str]]:
    root = ET.parse(published.site.root / "sitemap.xml").getroot()
    return {
        node.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href")
            for link in node.findall(f"{XHTML}link")
        }
        for node in root.findall(f"{SITEMAP}url")
    }


def test_sitemap_lists_every_indexable_page_with_its_alternates(published):
    entries = sitemap(published)
    indexable = {
        published.base + url
        for url in published.site.html_urls()
        if not published.site.page(published.base + url).select_one(
            'meta[name="robots"]'
        )
    }
    assert set(entries) == indexable
    for loc, alternates in entries.items():
        assert set(alternates) == {*settings.LANGUAGES, "x-default"}, loc
        assert alternates["x-default"] == alternates[settings.DEFAULT_LANG]
        for lang, href in alternates.items():
            if lang != "x-default":
                assert published.site.page(href).html["lang"] == lang


def test_robots_txt_names_the_sitemap(published):
    robots = (published.site.root / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {published.base}/sitemap.xml" in robots.splitlines()


def json_ld(published, url: str) -> dict:
    script = published.site.page(published.base + url).select_one(
        'script[type="application/ld+json"]'
    )
    assert script is not None, f"{url} has no structured data"
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    return data


@pytest.mark.parametrize(("url", "lang"), [("/", "ja"), ("/en/", "en")])
def test_home_pages_describe_the_cooperative(published, url, lang):
    org = json_ld(published, url)
    assert org["@type"] == "Organization"
    assert {org["name"], *org["alternateName"]} == set(settings.SITE_NAMES.values())
    assert org["name"] == settings.SITE_NAMES[lang]
    facts = site_content.site_data(lang).organization
    assert org["foundingDate"] == facts["founding_date"]
    assert org["address"]["addressLocality"] == facts["head_office"]
    offices = [place["address"]["addressLocality"] for place in org["location"]]
    assert offices == [facts["head_office"], facts["liaison_office"]]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_event_pages_describe_the_event_from_front_matter(published, lang):
    source = site_content.event_page(lang)
    event = json_ld(published, source.url)
    assert event["@type"] == "Event"
    assert event["startDate"] == source.meta["event_start"]
    if source.meta.get("event_city"):
        assert (
            event["location"]["address"]["addressLocality"] == source.meta["event_city"]
        )
    assert event["organizer"]["@type"] == "Organization"
    status = source.meta.get("event_status") or "scheduled"
    assert event["eventStatus"].lower() == "https://schema.org/event" + status.replace(
        "-", ""
    )
    assert event["name"] == (source.meta.get("event_name") or source.meta["title"])
    if not source.meta.get("event_end"):
        assert "endDate" not in event, "no end date was given, so none is claimed"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_articles_are_news_articles(published, lang):
    source = site_content.an_article(lang)
    article = json_ld(published, source.url)
    assert article["@type"] == "NewsArticle"
    assert article["datePublished"].startswith(source.date.isoformat())
    assert article["inLanguage"] == lang
    assert article["publisher"]["name"] in settings.SITE_NAMES.values()
    assert article["headline"]


def test_other_pages_claim_no_structured_data(published):
    page = published.site.page(published.base + site_content.a_page().url)
    assert page.select_one('script[type="application/ld+json"]') is None


def test_every_internal_link_and_fragment_resolves(published):
    broken = []
    for url in published.site.html_urls():
        page = published.site.page(published.base + url)
        for node in page.select("a[href], link[href], img[src], script[src]"):
            target = node.get("href") or node.get("src")
            if not target.startswith(published.base) and not target.startswith("#"):
                continue  # mailto:, schema URLs in attributes, ...
            address, fragment = urldefrag(target)
            if not address:
                address = published.base + url
            if urlparse(address).path.endswith(
                (".xml", ".css", ".js", ".svg", ".png", ".ics")
            ):
                assert published.site.file_for(address) is not None, (url, target)
                continue
            if published.site.file_for(address) is None:
                broken.append((url, target))
                continue
            if fragment and not published.site.page(address).find(id=fragment):
                broken.append((url, target))
    assert broken == []


def test_static_host_files_are_published(published):
    assert (published.site.root / ".nojekyll").exists()
    redirects = (published.site.root / "_redirects").read_text("utf-8")
    assert "/  /en/  302!  Language=en" in redirects.splitlines()


def test_deploy_publishes_make_build_output_with_dot_files():
    from tests.built_site import ROOT

    workflow = (ROOT / ".github/workflows/site.yml").read_text("utf-8")
    assert "run: make build" in workflow
    assert "path: output/" in workflow
    assert "include-hidden-files: true" in workflow
