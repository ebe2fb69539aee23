"""`SITEURL=https://example.org make build`: the site as it is published."""

from __future__ import annotations

import pytest

from tests.built_site import Site, build

SITEURL = "https://example.org/bcc"


@pytest.fixture(scope="module")
def published_under_path(tmp_path_factory: pytest.TempPathFactory) -> Site:
    output = tmp_path_factory.mktemp("published") / "output"
    result = build(output, settings_file="publishconf.py", env={"SITEURL": SITEURL})
    assert "WARNING" not in result.stdout + result.stderr
    return Site(output, siteurl=SITEURL)


def test_production_build_writes_both_languages(published_under_path: Site):
    assert published_under_path.page(SITEURL + "/").html["lang"] == "ja"
    assert published_under_path.page(SITEURL + "/en/").html["lang"] == "en"


def test_alternates_and_canonical_are_absolute(published_under_path: Site):
    page = published_under_path.page(SITEURL + "/en/purpose/")
    assert page.select_one('link[rel="canonical"]')["href"] == SITEURL + "/en/purpose/"
    hreflang = {
        link["hreflang"]: link["href"] for link in page.select("link[hreflang]")
    }
    assert hreflang == {
        "ja": SITEURL + "/purpose/",
        "en": SITEURL + "/en/purpose/",
        "x-default": SITEURL + "/purpose/",
    }


def test_stylesheet_and_links_stay_under_the_site_url(published_under_path: Site):
    for url in (SITEURL + "/", SITEURL + "/en/programs/welfare/"):
        page = published_under_path.page(url)
        for node in page.select("link[href], a[href]"):
            href = node["href"]
            if href.startswith(("#", "mailto:")):
                continue
            assert href.startswith(SITEURL + "/"), (url, href)
            assert published_under_path.file_for(href) is not None, (url, href)
