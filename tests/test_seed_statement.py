"""The purpose pages carry the cooperative's own statement verbatim.

tests/data/seed_statement.txt is the source of truth for the content (not
today's content: an editor adding news or pages never touches it). The one
slip the statement may lose on the site is corrected in CORRECTIONS.
"""

from __future__ import annotations

import pytest

from tests.built_site import ROOT, Site, visible_text

SEED = (ROOT / "tests/data/seed_statement.txt").read_text("utf-8")
SEED_JA, SEED_EN = SEED.split("The Purpose of the Business Cooperative of Coworking")
CORRECTIONS = {"Coworking ASIA Asia Conference": "Coworking Asia Conference"}


def seed_paragraphs(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for wrong, right in CORRECTIONS.items():
        lines = [line.replace(wrong, right) for line in lines]
    return lines


@pytest.mark.parametrize(
    ("url", "paragraphs"),
    [
        ("/purpose/", seed_paragraphs(SEED_JA)[1:]),  # [0] is the page title
        ("/en/purpose/", seed_paragraphs(SEED_EN)),
    ],
)
def test_purpose_page_carries_every_seed_paragraph_verbatim(
    site: Site, url, paragraphs
):
    body = site.page(url).select_one("main")
    on_page = [visible_text(p) for p in body.select("p")]
    missing = [p for p in paragraphs if p not in on_page]
    assert not missing, f"{url} lacks these paragraphs of the statement: {missing}"
    assert len(paragraphs) >= 10


def test_japanese_purpose_page_is_titled_as_the_statement(site: Site):
    title = seed_paragraphs(SEED_JA)[0]
    assert visible_text(site.page("/purpose/").select_one("main h1")) == title
