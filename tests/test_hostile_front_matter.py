"""Front matter written to break the page (a hostile or careless editor): the
structured data still parses to what the editor wrote, and readers still see
the page, in BeautifulSoup and in Chromium."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dev_server import free_port
from structured_data.structured_data import json_for_script
from tests.built_site import ROOT, Site, build, visible_text
from tests.project_copy import edit_text
from tests.served_site import serve

# `<!--<script>` would keep a <script> element open past its own </script>.
HOSTILE = "</script><!--<script>"
# (U+2028 is left out: Python-Markdown reads it as a line break in front matter.)
TITLE = f"Tips {HOSTILE} x & more"
SUMMARY = f"A summary {HOSTILE} y."
ARTICLE = "/en/news/coworking-asia-conference-tokyo-2013/"
EVENT = "/en/conference/"
# Text of each page's body that the reader must still see.
BODY_TEXT = {
    ARTICLE: "It will be a good opportunity to make friends",
    EVENT: "We look forward to seeing you at the conference",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The real content, with the hostile Title and Summary on the English
    article and conference page (whose event name then comes from the Title)."""
    folder = tmp_path_factory.mktemp("hostile")
    content = Path(shutil.copytree(ROOT / "content", folder / "content"))
    article = content / "articles/coworking-asia-conference-tokyo-2013.en.md"
    edit_text(
        article,
        "Title: Coworking Asia Conference Tokyo 2013 announced",
        f"Title: {TITLE}",
    )
    edit_text(article, "Summary: The Coworking Asia", f"Summary: {SUMMARY} The")
    event = content / "pages/conference.en.md"
    edit_text(event, "Title: Coworking Asia Conference Tokyo 2013", f"Title: {TITLE}")
    edit_text(event, "Summary: The Business", f"Summary: {SUMMARY} The Business")
    edit_text(event, "Event_name: Coworking Asia Conference Tokyo 2013\n", "")
    # Drafting settings: content checks only warn (make build refuses this
    # front matter), so the preview an editor sees must be safe by itself.
    build(folder / "output", content=content, fatal=False)
    return Site(folder / "output")


def test_script_json_has_no_markup_and_means_the_same():
    data = {"t": f"{TITLE} \u2028\u2029 \\<", "n": [1, "&amp;"]}
    text = json_for_script(data)
    assert json.loads(text) == data
    assert not set(text) & set("<>&\u2028\u2029"), text
    assert "\\u003c/script\\u003e\\u003c!--" in text


def json_ld(site: Site, url: str) -> tuple[str, dict]:
    script = site.page(url).select_one('script[type="application/ld+json"]')
    assert script is not None, f"{url} has no structured data"
    return script.string, json.loads(script.string)


def test_structured_data_parses_to_the_exact_title(hostile_site):
    raw, article = json_ld(hostile_site, ARTICLE)
    assert article["headline"] == TITLE
    raw_event, event = json_ld(hostile_site, EVENT)
    assert event["name"] == TITLE
    assert "<!--" in event["description"], "the Summary's text, tags stripped"
    # No "<": the HTML parser cannot leave script data, so the element ends at
    # its own </script> (html.parser, unlike browsers, does not model "<!--"
    # in a script: the Chromium test below sees what a reader sees).
    for text in (raw, raw_event):
        assert not set(text) & set("<>&\u2028\u2029"), text


@pytest.mark.parametrize("url", BODY_TEXT)
def test_page_text_survives_a_hostile_title(hostile_site, url):
    page = hostile_site.page(url)
    assert page.select_one('script[type="application/ld+json"]').find_next("body")
    assert BODY_TEXT[url] in visible_text(page.body)
    assert visible_text(page.select_one("main h1")) == " ".join(TITLE.split())


def test_chromium_shows_the_page_of_a_hostile_title(hostile_site, browser):
    port = free_port()
    with serve(hostile_site.root, port) as base:
        context = browser.new_context()
        try:
            page = context.new_page()
            for url in BODY_TEXT:
                page.goto(base + url)
                assert BODY_TEXT[url] in page.locator("body").inner_text(), url
                assert page.locator("main h1").is_visible(), url
        finally:
            context.close()
