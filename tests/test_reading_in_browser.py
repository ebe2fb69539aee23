"""What a reader meets in a real browser (Chromium): phones, keyboards, switching."""

from __future__ import annotations

import pytest

import screenshots
from tests.built_site import ROOT, lang_of

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# A first visit to a home page loads at most this much, everything included.
HOME_WEIGHT_BUDGET = 60_000  # bytes
SCREENSHOTS = ROOT / "test-artifacts/screenshots"

# One page of each kind the site writes, with its counterpart.
COUNTERPARTS = {
    "/": "/en/",
    "/about/": "/en/about/",
    "/programs/welfare/": "/en/programs/welfare/",
    "/news/": "/en/news/",
    "/news/coworking-asia-conference-tokyo-2013/": "/en/news/coworking-asia-conference-tokyo-2013/",
    "/404.html": "/en/404.html",
}
COUNTERPARTS |= {en: ja for ja, en in COUNTERPARTS.items()}


@pytest.fixture
def context(browser):
    contexts = []

    def open_context(**options):
        contexts.append(browser.new_context(**options))
        return contexts[-1]

    yield open_context
    for context in contexts:
        context.close()


@pytest.mark.parametrize("start", COUNTERPARTS)
def test_switcher_click_lands_on_the_counterpart(published, context, start):
    page = context(**DESKTOP).new_page()
    page.goto(published.base + start)
    page.locator(".language-switcher a").click()
    page.wait_for_load_state()
    assert page.url == published.base + COUNTERPARTS[start]
    assert page.locator("html").get_attribute("lang") == lang_of(COUNTERPARTS[start])


def test_a_missing_page_shows_the_not_found_page_with_a_way_out(published, context):
    page = context(**DESKTOP).new_page()
    response = page.goto(published.base + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "ページが見つかりません"
    page.locator(".language-switcher a").click()
    assert page.url == published.base + "/en/404.html"


def test_no_page_scrolls_sideways_at_320px(published, context):
    page = context(**PHONE).new_page()
    too_wide = {}
    for url in published.site.html_urls():
        page.goto(published.base + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[url] = width
    assert too_wide == {}


def test_keyboard_alone_reaches_every_link_with_visible_focus(published, context):
    page = context(**DESKTOP).new_page()
    for url in published.site.html_urls():
        page.goto(published.base + url)
        links = page.eval_on_selector_all(
            "a[href]:not([hidden] *)", "as => as.map(a => a.href)"
        )
        reached, invisible = [], []
        buttons = page.locator("button:visible").count()
        for _ in range(len(links) + buttons + 1):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                    const el = document.activeElement;
                    const style = getComputedStyle(el);
                    return {href: el.href || null, outline: style.outlineStyle};
                }"""
            )
            if focused["href"]:
                reached.append(focused["href"])
                if focused["outline"] == "none":
                    invisible.append(focused["href"])
        assert set(links) <= set(reached), (
            f"{url}: Tab never reaches {set(links) - set(reached)}"
        )
        assert reached[0].endswith("#main"), (
            f"{url}: the first Tab should offer the skip link"
        )
        assert invisible == [], f"{url}: focus is invisible on {invisible}"


def test_no_request_leaves_the_site(published, context):
    page = context(**DESKTOP).new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for url in published.site.html_urls():
        page.goto(published.base + url)
    foreign = [u for u in requested if not u.startswith(published.base + "/")]
    assert requested and foreign == []


@pytest.mark.parametrize("home", ["/", "/en/"])
def test_first_visit_to_a_home_page_fits_the_weight_budget(published, context, home):
    page = context(**PHONE).new_page()
    loaded = {}

    def record(response):
        loaded[response.url] = len(response.body())

    page.on("response", record)
    page.goto(published.base + home, wait_until="networkidle")
    total = sum(loaded.values())
    assert published.base + home in loaded and len(loaded) >= 3  # HTML, CSS, icon
    assert total <= HOME_WEIGHT_BUDGET, f"{total} bytes: {loaded}"


def test_reading_needs_no_javascript(published, context):
    page = context(**DESKTOP, java_script_enabled=False).new_page()
    for url in ("/", "/en/purpose/", "/news/", "/en/conference/"):
        page.goto(published.base + url)
        assert page.locator("main h1").is_visible()
        assert page.locator("main p").first.is_visible()
        assert page.locator(".language-help").first.is_hidden()


def test_scripts_are_few_deferred_and_our_own(published):
    """No inline code (the CSP forbids it); the search script only on search pages."""
    for url in published.site.html_urls():
        for script in published.site.page(url).select("script"):
            if script.get("type") == "application/ld+json":
                continue  # data, not code
            src = script.get("src", "")
            assert src.startswith(published.base + "/"), (url, script)
            assert script.has_attr("defer"), (url, src)
            if "pagefind" in src:
                assert url.endswith("/search/"), f"{url} loads the search script"


LINE_STARTS_OUTSIDE_PHRASE_BOUNDARIES = """(root) => {
    // Walk the heading's text; a character that starts a new line must follow
    // a <wbr>, white space, or the start of the heading.
    const bad = [];
    let lines = 1, previousTop = null, mayBreak = true;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (node.nodeName === "WBR") { mayBreak = true; continue; }
        if (node.nodeType !== Node.TEXT_NODE) continue;
        for (let i = 0; i < node.data.length; i++) {
            const char = node.data[i];
            if (/\\s/.test(char)) { mayBreak = true; continue; }
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const top = range.getBoundingClientRect().top;
            if (previousTop !== null && top > previousTop + 4) {
                lines += 1;
                if (!mayBreak) bad.push(node.data.slice(Math.max(0, i - 4), i) + "|" + node.data.slice(i, i + 4));
            }
            previousTop = top;
            mayBreak = false;
        }
    }
    return {lines, bad};
}"""


def test_japanese_headings_break_only_between_phrases_on_a_phone(published, context):
    page = context(**PHONE).new_page()
    wrapped = 0
    for url in published.site.html_urls():
        if lang_of(url) != "ja":
            continue
        page.goto(published.base + url)
        for heading in page.locator(
            "h1, h2, h3, .article-list__title, .site-name"
        ).all():
            result = heading.evaluate(LINE_STARTS_OUTSIDE_PHRASE_BOUNDARIES)
            assert result["bad"] == [], (
                f"{url}: a heading breaks inside a word at {result['bad']}"
            )
            wrapped += result["lines"] > 1
    assert wrapped >= 3, (
        "some headings must wrap at 320px for this test to mean anything"
    )


def used_fonts(page, selector: str) -> list[str]:
    """The fonts Chromium actually drew the element's text with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})[
        "nodeId"
    ]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in fonts]


def test_japanese_is_set_in_japanese_glyph_forms(published, context):
    page = context(**DESKTOP).new_page()
    page.goto(published.base + "/purpose/")
    fonts = used_fonts(page, "main h1")
    assert any("JP" in font or "Japanese" in font for font in fonts), fonts


def test_screenshots_for_human_review(
    published, browser, monkeypatch, tmp_path, capsys
):
    """What `invoke screenshots --readme` does, on the suite's production
    build: every page kind, both languages, both widths (search with
    results), for people to look at, and the README's two small pictures."""
    import contextlib

    monkeypatch.setattr(
        screenshots, "published_copy", lambda: contextlib.nullcontext(published.base)
    )
    readme_images = {tmp_path / p.name: v for p, v in screenshots.README_IMAGES.items()}
    monkeypatch.setattr(screenshots, "README_IMAGES", readme_images)
    screenshots.main(readme=True, browser=browser)
    written = sorted(screenshots.FOLDER.glob("*-*.png"))
    kinds = {shot.name.split("-")[1] for shot in written}
    assert {kind.name for kind in screenshots.PAGE_KINDS} <= kinds
    assert all(shot.stat().st_size > 10_000 for shot in written)
    assert all(5_000 < image.stat().st_size < 100_000 for image in readme_images)
    assert "wrote 44 screenshots" in capsys.readouterr().out


def test_printed_pages_leave_out_navigation(published, context):
    page = context(**DESKTOP).new_page()
    page.goto(published.base + "/en/purpose/")
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".language-switcher").is_hidden()
    assert page.locator("main h1").is_visible()


def test_dark_mode_follows_the_reader_preference(published, context):
    colors = {}
    for scheme in ("light", "dark"):
        page = context(**DESKTOP, color_scheme=scheme).new_page()
        page.goto(published.base + "/")
        colors[scheme] = page.evaluate(
            "getComputedStyle(document.body).backgroundColor"
        )
        page.screenshot(path=SCREENSHOTS / f"ja-home-1280-{scheme}.png")
    assert colors["light"] != colors["dark"]
