"""A translation finished in the browser (issue 21, point 4): the editor at
/admin/ shows that a page's translation is outdated, in the collection's list
and on the entry; its "up to date" box writes the original's fingerprint as
the translation's `Translated_from:`, the same sync point `invoke i18n-mark`
records; the next build shows no notice. In Chromium against the live
preview's own editor API, on a copy of the project (tests/test_cms.py)."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup

from tests.built_site import ROOT
from tests.project_copy import invoke
from tests.test_cms import BODY, fields, project, publish  # noqa: F401 (fixture)

SENTENCE = "この段落は翻訳の後に加えました。"
ENGLISH = "This paragraph was added after the translation."
BOX = "この翻訳は日本語の原文と同じ内容です"


def wait_for_pages(base: str, outdated: bool) -> dict:
    """The editor's pages collection once the preview has rebuilt it with
    (or without) a list of outdated translations."""
    deadline = time.monotonic() + 180
    while True:
        with urllib.request.urlopen(base + "/admin/config.yml", timeout=10) as reply:
            config = json.loads(reply.read().decode("utf-8"))
        pages = next(c for c in config["collections"] if c["name"] == "pages")
        if ("description" in pages) == outdated:
            return pages
        assert time.monotonic() < deadline, "the preview never rebuilt the editor"
        time.sleep(0.5)


def notice(copy: Path, url: str):
    html = (copy / "output" / url / "index.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser").select_one(".outdated-notice")


def test_an_outdated_translation_is_finished_and_marked_in_the_browser(
    project,  # noqa: F811
    open_page,
):
    from translation_sync.status import fingerprint

    copy, base = project
    original = copy / "content/pages/about.ja.md"
    original.write_text(original.read_text("utf-8") + f"\n{SENTENCE}\n", "utf-8")
    pages = wait_for_pages(base, outdated=True)
    assert pages["description"].startswith(
        "更新が必要な翻訳: about.en.md (日本語の原文が変わりました)"
    )

    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"{base}/admin/#/collections/pages")
    page.get_by_text("更新が必要な翻訳: about.en.md").wait_for()
    page.goto(f"{base}/admin/#/collections/pages/entries/about")
    page.wait_for_selector("#title-field-1")
    japanese, english = page.locator("[data-sync-state]").all()
    assert japanese.get_attribute("data-sync-state") == "original"
    assert "これは日本語の原文です" in japanese.inner_text()
    page.wait_for_selector('[data-sync-state="outdated"]')
    assert english.inner_text().startswith(
        "古くなっています: この翻訳を最後に確かめた後で、日本語の原文が変わりました"
    )

    # The translator updates the English text, then ticks the box.
    body = fields(page, BODY)[1]
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(ENGLISH)
    page.get_by_label(BOX).check()
    page.wait_for_selector('[data-sync-state="marking"]')
    publish(page)

    # Exact: the sync point i18n-mark would record for this pair.
    translation = (copy / "content/pages/about.en.md").read_text("utf-8")
    assert f"\nTranslated_from: {fingerprint(original)}\n" in translation
    assert ENGLISH in translation
    assert original.read_text("utf-8").endswith(f"\n{SENTENCE}\n")  # untouched
    status = invoke(copy, "i18n-status")
    about = next(line for line in status.stdout.splitlines() if "page about " in line)
    assert about.split()[2:] == ["original", "translated"], status.stdout

    # The editor says so on the next visit, and the list names nothing.
    wait_for_pages(base, outdated=False)
    page.reload()
    page.wait_for_selector('[data-sync-state="up-to-date"]')

    result = invoke(copy, "build", env={"SITEURL": "http://127.0.0.1:8798"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "outdated" not in result.stderr
    assert notice(copy, "en/about") is None
    assert notice(copy, "about") is None


TRICKY = [
    "\ufeffTitle: a\r\nLang: en\r\n\r\nText\r\n",
    "Title: b\rLang: en\r\rA\ttab, a\u3042\ttab\n    \n\x02x\x03\n",
    "Title: c\n\t\n  \nend",
]


def test_the_editors_fingerprint_is_the_locks(tmp_path):
    """translation-sync.js and translation_sync.status.fingerprint agree on
    every content file and on BOMs, line endings, tabs and blank-looking lines."""
    from tests.test_cms import require_node
    from translation_sync.status import fingerprint_text

    script = ROOT / "plugins/cms_config/admin/translation-sync.js"
    require_node(script)
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "content").rglob("*.md"))]
    texts += TRICKY
    runner = tmp_path / "fingerprint.js"
    runner.write_text(
        "const sync = require(process.argv[2]);\n"
        "const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "Promise.all(texts.map(sync.fingerprint))"
        ".then((d) => console.log(JSON.stringify(d)));\n",
        "utf-8",
    )
    result = subprocess.run(
        ["node", str(runner), str(script)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    expected = [fingerprint_text(text.encode("utf-8")) for text in texts]
    assert json.loads(result.stdout) == expected
