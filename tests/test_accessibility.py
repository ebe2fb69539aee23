"""axe-core, WCAG 2.0/2.1/2.2 A and AA: no violation on any page, in any mode."""

from __future__ import annotations

import pytest

from tests.built_site import lang_of

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MODES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone-320": {"viewport": {"width": 320, "height": 640}, "is_mobile": True},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
}


@pytest.mark.parametrize("mode", MODES)
def test_no_axe_violations_on_any_page(published, browser, mode):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(**MODES[mode])
    page = context.new_page()
    failures = {}
    checked = {"ja": 0, "en": 0}
    try:
        for url in published.site.html_urls():
            page.goto(published.base + url)
            results = axe.run(
                page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
            )
            checked[lang_of(url)] += 1
            if results.violations_count:
                failures[url] = results.generate_report()
    finally:
        context.close()
    assert checked["ja"] >= 13 and checked["en"] >= 13
    assert not failures, "\n\n".join(
        f"{url}\n{report}" for url, report in failures.items()
    )
