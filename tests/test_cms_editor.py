"""The editor at /admin/ as the cooperative's editors see it (issue 21,
point 5), in Chromium against the live preview's own editor API on a copy of
the project (tests/test_cms.py): Japanese interface and the cooperative's
mark; each kind of page with only its fields (event fields on the event page
only); the 404 and search pages in no list; the site's lead, buttons and key
figures written from buttons, never typed; a photo picked or uploaded in
Decap's media library and put in the text with alt text the build accepts
(asked for in plain words, refused when empty or a file name, as the build
refuses it); deleting asks in plain words and removes both languages' files. Writes screenshots of the list and of an entry
(1280 px) to test-artifacts/screenshots/ (docs/images/ holds copies)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from content_checks.images import is_file_name, visible
from tests.built_site import ROOT
from tests.project_copy import invoke
from tests.synthetic_photo import save_photo
from tests.test_cms import BODY, TITLE, fields, project, publish  # noqa: F401 (fixture)

SHOTS = ROOT / "test-artifacts/screenshots"
PLUS = "\uff0b"  # the toolbar's full-width plus sign
EVENT_LABELS = ("催しの名前", "開始日", "開催地 (市町村)", "催しの状況")
BLOCKS = ROOT / "plugins/cms_config/admin/site-blocks.js"
ARTICLE = "coworking-asia-conference-tokyo-2013"
ALT = "東京カンファレンスの会場で話す参加者たち"
ALT_LABEL = "写真の説明 (Alt text)"


def labels(page) -> set[str]:
    return set(
        page.evaluate(
            "() => [...document.querySelectorAll('label')]"
            ".map(l => l.textContent.replace(' (任意)', ''))"
        )
    )


def login(open_page, base: str):
    page = open_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="ログイン").click()
    return page


def entry(page, base: str, route: str) -> None:
    page.goto(f"{base}/admin/#/collections/{route}")
    page.wait_for_selector("#title-field-1")


def test_the_editor_speaks_japanese_and_shows_each_page_its_fields(
    project,  # noqa: F811
    open_page,
):
    _, base = project
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page.goto(f"{base}/admin/")
    assert page.title() == "ページの編集 · コワーキング協同組合"
    # The cooperative's mark where Decap shows its own, before and after login.
    logo = page.locator('img[src$="theme/images/favicon.svg"]').first
    logo.wait_for()
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    page.get_by_role("button", name="ログイン").click()

    # The pages list: ordinary pages, not the 404 and search pages, nor events.
    page.goto(f"{base}/admin/#/collections/pages")
    page.get_by_text("組合について").first.wait_for()
    page.locator('img[src$="theme/images/favicon.svg"]').first.wait_for()
    time.sleep(0.5)
    listed = page.locator("main").inner_text()
    assert "コレクション" in page.locator("body").inner_text()  # Decap's Japanese
    assert "コワーキング協同組合" in listed  # the home page
    for absent in ("ページが見つかりません", "サイト内検索", "アジア・カンファレンス"):
        assert absent not in listed, absent
    page.screenshot(path=str(SHOTS / "admin-ja-list.png"))
    page.goto(f"{base}/admin/#/collections/events")
    page.get_by_text("コワーキング・アジア・カンファレンス東京 2013").first.wait_for()
    assert "組合について" not in page.locator("main").inner_text()

    # The About page: no event fields; the event page: all of them.
    entry(page, base, "pages/entries/about")
    about = labels(page)
    assert TITLE in about and BODY in about
    assert not about & set(EVENT_LABELS), about & set(EVENT_LABELS)
    page.screenshot(path=str(SHOTS / "admin-ja-entry.png"))
    entry(page, base, "events/entries/conference")
    assert set(EVENT_LABELS) <= labels(page)


def test_the_sites_blocks_are_written_from_buttons(project, open_page):  # noqa: F811
    copy, base = project
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = login(open_page, base)
    entry(page, base, "pages/entries/purpose")
    ja_body = fields(page, BODY)[0]
    ja_body.click()
    page.keyboard.press("Control+End")
    toolbar = page.get_by_role("toolbar", name="本文に入れる部品").first

    toolbar.get_by_role("button", name=PLUS + " リード文").click()
    page.get_by_label("リード文 (ページの最初に大きく出る一文)").fill(
        "私たちの目指すもの"
    )
    page.get_by_role("button", name="本文に入れる").click()

    toolbar.get_by_role("button", name=PLUS + " ボタン").click()
    page.get_by_label("ボタンの文字").fill("組合について")
    page.get_by_label("行き先").select_option("pages/about")
    page.get_by_role("button", name="本文に入れる").click()
    toolbar.get_by_role("button", name=PLUS + " ボタン").click()
    page.get_by_label("ボタンの文字").fill("お知らせ")
    page.get_by_label("行き先").select_option("pages/programs/network")
    page.get_by_label("控えめな色にする (2 つ目以降のボタンに)").check()
    page.get_by_role("button", name="本文に入れる").click()

    toolbar.get_by_role("button", name=PLUS + " 主な数字").click()
    page.get_by_label("数字 1", exact=True).fill("2012年")
    page.get_by_label("説明 1", exact=True).fill("組合が設立")
    page.get_by_label("数字 2", exact=True).fill("280箇所以上")
    page.get_by_label("説明 2", exact=True).fill("国内のコワーキングスペース")
    toolbar.scroll_into_view_if_needed()
    page.mouse.wheel(0, -120)
    time.sleep(0.3)
    page.screenshot(path=str(SHOTS / "admin-ja-blocks.png"))
    page.get_by_role("button", name="本文に入れる").click()
    # What the marks mean, in plain words, for text that already has them.
    page.get_by_text("書き方の説明 (本文にある印の意味)").first.click()
    page.get_by_text("すぐ上の段落を「リード文」").first.wait_for()
    publish(page)

    source = (copy / "content/pages/purpose.ja.md").read_text("utf-8")
    before = (ROOT / "content/pages/purpose.ja.md").read_text("utf-8")
    assert source == before.rstrip("\n") + (
        "\n\n私たちの目指すもの\n{: .lead }\n\n"
        "[組合について]({filename}about.ja.md){: .button } "
        "[お知らせ]({filename}programs/network.ja.md){: .button .button--quiet }\n\n"
        '<div class="figures" markdown>\n\n2012年\n:   組合が設立\n\n'
        "280箇所以上\n:   国内のコワーキングスペース\n\n</div>\n"
    )
    # The English side was not touched.
    assert (copy / "content/pages/purpose.en.md").read_bytes() == (
        ROOT / "content/pages/purpose.en.md"
    ).read_bytes()


def test_deleting_a_page_asks_in_plain_words_and_removes_both_languages(
    project,  # noqa: F811
    open_page,
):
    copy, base = project
    page = login(open_page, base)
    entry(page, base, "programs/entries/welfare")
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="ページを削除 (両方の言語)").click()
    page.wait_for_url("**/collections/programs")
    deadline = time.monotonic() + 15
    pair = [
        Path(copy / f"content/pages/programs/welfare.{lang}.md")
        for lang in ("ja", "en")
    ]
    while any(p.exists() for p in pair):
        assert time.monotonic() < deadline, "a language's file is still there"
        time.sleep(0.2)
    assert asked and asked[0].startswith("このページを削除しますか")
    assert "日本語と英語の両方のファイルが消え" in asked[0]
    assert "片方の言語だけを消すことはできません" in asked[0]


def test_the_photo_buttons_alt_text_rules_are_the_builds():
    """The form refuses exactly the alt text content_checks/images.py refuses."""
    node = shutil.which("node")
    if not node:
        pytest.skip("needs node")
    src = "{static}/images/kobe-space.jpg"
    samples = [
        "",
        "   ",
        "\u200b",
        "\u00ad\u2800",
        "IMG_2041.jpg",
        "写真 1.png",
        "DSC01234",
        "PXL_20230101_123456",
        "photo1",
        "kobe-space",
        "Screenshot 2024-01-01 at 10.00.00",
        "スクリーンショット 2024-01-01 10.00.00",
        "神戸のコワーキングスペース",
        "Photo of the 2013 conference",
        "2013年の東京カンファレンスの参加者",
        "Kobe",
    ]
    script = (
        "const b = require(process.argv[1]);"
        "const [src, samples] = JSON.parse(process.argv[2]);"
        "console.log(JSON.stringify(samples.map(a => b.altProblem(a, src))))"
    )
    result = subprocess.run(
        [node, "-e", script, str(BLOCKS), json.dumps([src, samples])],
        capture_output=True,
        text=True,
        check=True,
    )
    problems = json.loads(result.stdout)
    for alt, problem in zip(samples, problems, strict=True):
        shown = visible(alt)
        build = (
            "empty"
            if not shown
            else "file"
            if is_file_name(shown) or shown == "kobe-space"
            else ""
        )
        assert problem == build, (alt, problem, build)


def test_a_photo_is_uploaded_and_put_in_the_text_from_a_button(
    project,  # noqa: F811
    open_page,
    tmp_path,
):
    copy, base = project
    SHOTS.mkdir(parents=True, exist_ok=True)
    jpeg = save_photo(tmp_path / "upload/tokyo-venue.jpg", 640, 427)
    page = login(open_page, base)
    entry(page, base, f"news/entries/{ARTICLE}")
    toolbars = page.get_by_role("toolbar", name="本文に入れる部品")
    assert toolbars.count() == 2  # Japanese and English sides alike
    for side in range(2):
        assert (
            toolbars.nth(side).get_by_role("button", name=PLUS + " 写真").count() == 1
        )

    # The cursor at the end of the first paragraph of the Japanese text.
    ja_body = fields(page, BODY)[0]
    before = (ROOT / f"content/articles/{ARTICLE}.ja.md").read_text("utf-8")
    body = before.split("\n\n", 1)[1]
    first = body.index("\n\n")
    ja_body.evaluate(
        "(area, at) => { area.focus(); area.setSelectionRange(at, at); }", first
    )
    toolbars.first.get_by_role("button", name=PLUS + " 写真").click()

    # Decap's media library: upload, the new photo selected, choose it.
    page.locator("input[type=file]").set_input_files(str(jpeg))
    page.get_by_text("tokyo-venue.jpg").first.wait_for()
    page.get_by_role("button", name="選択する").click()

    form = page.locator('[data-block-form="photo"]')
    form.get_by_text("tokyo-venue.jpg").wait_for()
    insert = form.get_by_role("button", name="本文に入れる")
    alt = form.get_by_label(ALT_LABEL)
    assert insert.is_disabled()
    form.get_by_text("空のままでは本文に入れられません").wait_for()
    assert "読み上げ" in form.inner_text()  # what alt text is, in one line
    alt.fill("IMG_2041.jpg")
    form.get_by_text(
        "ファイル名ではなく、写っているものを言葉で書いてください"
    ).wait_for()
    assert insert.is_disabled()
    alt.fill(ALT)
    assert insert.is_enabled()
    page.screenshot(path=str(SHOTS / "admin-ja-photo.png"))
    insert.click()
    publish(page)  # Decap reads the uploaded photo back (a blob:) to save it

    line = f"![{ALT}]({{static}}/images/tokyo-venue.jpg)"
    source = (copy / f"content/articles/{ARTICLE}.ja.md").read_text("utf-8")
    at = len(before) - len(body) + first
    assert source == before[:at] + "\n\n" + line + before[at:]
    assert (copy / "content/images/tokyo-venue.jpg").read_bytes() == jpeg.read_bytes()
    assert (copy / f"content/articles/{ARTICLE}.en.md").read_bytes() == (
        ROOT / f"content/articles/{ARTICLE}.en.md"
    ).read_bytes()

    # The build accepts it and shows the photo as a <picture>.
    result = invoke(copy, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (copy / f"output/news/{ARTICLE}/index.html").read_text("utf-8")
    img = BeautifulSoup(html, "html.parser").select_one("main picture img")
    assert img is not None and img["alt"] == ALT
