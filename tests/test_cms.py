"""Editing in the browser: Decap CMS at /admin/ (plugins/cms_config).

The editor's whole path on a copy of the project, in Chromium against the
live preview's own editor API (editor_api.py, the CMS's local mode): a new
news article in both languages, and one changed English title, each saved in
the site's own format. Plus: every
content file survives the format's read-then-write byte for byte, and the
CMS's configuration follows the settings.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dev_server import free_port
from tests.built_site import ROOT, build, settings
from tests.project_copy import copy_project, invoke

NODE_MODULES = ROOT / "node_modules"
FORMAT = ROOT / "plugins/cms_config/admin/pelican-format.js"


def require_node(*paths: Path) -> None:
    missing = [p for p in paths if not p.exists()]
    if shutil.which("node") is None or missing:
        reason = f"needs node and `invoke tools` ({missing or 'node'})"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def test_every_content_file_survives_the_cms_format_byte_for_byte(tmp_path):
    require_node(FORMAT)
    files = sorted((ROOT / "content").rglob("*.md"))
    assert len(files) > 10
    script = tmp_path / "round_trip.js"
    script.write_text(
        """
const format = require(process.argv[2]);
const fs = require("fs");
const changed = [];
for (const file of process.argv.slice(3)) {
  const text = fs.readFileSync(file, "utf8");
  if (format.toFile(format.fromFile(text), []) !== text) changed.push(file);
}
console.log(JSON.stringify(changed));
""",
        "utf-8",
    )
    result = subprocess.run(
        ["node", str(script), str(FORMAT), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == []


def test_an_edit_changes_only_its_line_and_new_keys_follow_the_field_order(tmp_path):
    require_node(FORMAT)
    script = tmp_path / "edit.js"
    script.write_text(
        """
const format = require(process.argv[2]);
const page = format.fromFile("Title: Old\\nlang: en\\nSummary: S\\n    more\\n\\nBody\\n");
page.title = "New";
const fresh = {body: "Text", summary: "S", slug: "x", title: "T", lang: "ja", date: "2013-06-01"};
console.log(JSON.stringify([
  format.toFile(page, []),
  format.toFile(fresh, ["title", "lang", "slug", "date", "summary"]),
]));
""",
        "utf-8",
    )
    result = subprocess.run(
        ["node", str(script), str(FORMAT)], capture_output=True, text=True, check=True
    )
    edited, new = json.loads(result.stdout)
    assert edited == "Title: New\nlang: en\nSummary: S\n    more\n\nBody\n"
    # The file name is the slug: a new file does not repeat it.
    assert new == "Title: T\nLang: ja\nDate: 2013-06-01\nSummary: S\n\nText\n"


def test_the_cms_configuration_follows_the_settings(tmp_path):
    from cms_config.cms_config import cms_config
    from content_checks.sources import SLUG

    def config_of(*extra: str) -> dict:
        output = tmp_path / f"output-{len(extra)}"
        build(output, extra=list(extra), fatal=False)
        return json.loads((output / "admin/config.yml").read_text("utf-8"))

    config = config_of()
    assert config == json.loads(json.dumps(cms_config(settings_dict())))
    assert config["i18n"] == {
        "structure": "multiple_files",
        "locales": ["ja", "en"],
        "default_locale": "ja",
    }
    folders = {c["name"]: c["folder"] for c in config["collections"] if "folder" in c}
    assert folders == {
        "pages": "content/pages",
        "programs": "content/pages/programs",
        "events": "content/pages",
        "news": "content/articles",
    }
    news = {f["name"]: f for f in collection(config, "news")["fields"]}
    assert {name for name, f in news.items() if f["required"]} >= {
        "title",
        "summary",
        "date",
        "lang",
        "body",
    }
    assert news["slug"]["pattern"][0] == SLUG.pattern
    assert news["date"]["pattern"][0].startswith("^(\\d{4})-(\\d{2})-(\\d{2})")
    # Japanese first, with the cooperative's mark (theme/static/images).
    assert config["locale"] == "ja"
    assert config["logo"]["src"] == "../theme/images/favicon.svg"
    assert (ROOT / "theme/static/images/favicon.svg").is_file()
    # Each kind of page shows its own fields: event fields only on events.
    event_keys = {"event_start", "event_city", "event_url", "event_status"}
    pages = {f["name"]: f for f in collection(config, "pages")["fields"]}
    events = {f["name"]: f for f in collection(config, "events")["fields"]}
    assert not event_keys & set(pages)
    assert event_keys <= set(events)
    # The pages' templates, but none that has a list of its own (or none).
    assert [o["value"] for o in pages["template"]["options"]] == [
        t
        for t in settings.CONTENT_TEMPLATES["page"]
        if t not in ("event", "search", "error")
    ]
    assert events["template"] == {**events["template"], "widget": "hidden"}
    assert events["template"]["default"] == "event"
    assert collection(config, "pages")["filter"] == {"field": "__kind", "value": "page"}
    assert collection(config, "events")["filter"] == {
        "field": "__kind",
        "value": "event",
    }
    # Only `make serve` names a local editor: its own address (editor_api.py).
    assert "local_backend" not in config

    # A setting changed in pelicanconf.py changes the CMS with it.
    changed = config_of(
        "CONTENT_TEMPLATES="
        + json.dumps({"page": ["page", "event"], "article": ["article"]}),
        'CMS_REPOSITORY="bcc/website"',
        'CMS_AUTH_ENDPOINT="https://auth.example.org/oauth"',
        'CMS_LOCAL_BACKEND="http://localhost:8123/__editor/api/v1"',
    )
    assert changed["local_backend"] == {"url": "http://localhost:8123/__editor/api/v1"}
    pages = {f["name"]: f for f in collection(changed, "pages")["fields"]}
    assert [o["value"] for o in pages["template"]["options"]] == ["page"]
    assert changed["backend"]["repo"] == "bcc/website"
    assert changed["backend"]["base_url"] == "https://auth.example.org"
    assert changed["backend"]["auth_endpoint"] == "oauth"


def settings_dict() -> dict:
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


# --- In Chromium, on the CMS's local mode ------------------------------------
SLUG = "members-meeting"
TITLE = "タイトル (Title)"
BODY = "本文 (Markdown)"


@pytest.fixture
def project(tmp_path):
    """A copy of the project in a git repository of its own, previewed as
    `make serve` does (its build in a folder of its own), the editor at /admin/
    saving into the copy through the preview's own server."""
    require_node(NODE_MODULES / "decap-cms/dist/decap-cms.js")
    copy = copy_project(tmp_path / "project")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run([*git, "add", "-A"], cwd=copy, check=True)
    subprocess.run([*git, "commit", "-qm", "copy"], cwd=copy, check=True)
    port = free_port()
    code = (
        "import sys; from pathlib import Path; from dev_server import LivePreview; "
        "LivePreview(Path.cwd(), 'localhost', int(sys.argv[1]), "
        "output=Path(sys.argv[2])).serve()"
    )
    preview = subprocess.Popen(
        [sys.executable, "-c", code, str(port), str(tmp_path / "output")],
        cwd=copy,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(base + "/admin/config.yml", timeout=5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the preview never answered"
                time.sleep(0.3)
        yield copy, base
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(10)


def open_admin(open_page, base: str, route: str):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"{base}/admin/#/collections/{route}")
    page.wait_for_selector("#title-field-1")
    return page


def fields(page, label: str):
    """The inputs of one field, Japanese side first."""
    ids = page.evaluate(
        "(label) => [...document.querySelectorAll('label')]"
        ".filter(l => l.textContent.replace(' (任意)', '') === label)"
        ".map(l => l.htmlFor)",
        label,
    )
    return [page.locator(f"#{id}") for id in ids]


def publish(page) -> None:
    page.get_by_role("button", name="公開", exact=True).first.click()
    page.get_by_text("公開する", exact=True).click()
    page.get_by_text("保存しました。").wait_for(timeout=15000)


def test_an_editor_writes_a_news_article_in_both_languages(project, open_page):
    copy, base = project
    page = open_admin(open_page, base, "news/new")
    ja_title, en_title = fields(page, TITLE)
    ja_title.fill("組合員の集いを開きます")
    en_title.fill("A meeting of our members")
    fields(page, "ページのアドレス (新しいページのみ)")[0].fill(SLUG)
    fields(page, "日付 (Date)")[0].fill("2013-05-20")
    ja_summary, en_summary = fields(page, "概要 (Summary)")
    ja_summary.fill("組合員の集いのお知らせです。")
    en_summary.fill("An invitation to our members' meeting.")
    ja_body, en_body = fields(page, BODY)
    ja_body.click()
    page.keyboard.type("組合員の皆さまをお招きします。")
    en_body.click()
    page.keyboard.type("We invite every member.")
    publish(page)

    ja = (copy / f"content/articles/{SLUG}.ja.md").read_text("utf-8")
    en = (copy / f"content/articles/{SLUG}.en.md").read_text("utf-8")
    assert ja == (
        "Title: 組合員の集いを開きます\nLang: ja\nDate: 2013-05-20\n"
        "Summary: 組合員の集いのお知らせです。\n\n組合員の皆さまをお招きします。\n"
    )
    assert en == (
        "Title: A meeting of our members\nLang: en\nDate: 2013-05-20\n"
        "Summary: An invitation to our members' meeting.\n\nWe invite every member.\n"
    )
    # The production build takes it, and publishes it in both languages.
    result = invoke(copy, "build", env={"SITEURL": "http://127.0.0.1:8798"})
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (f"news/{SLUG}/index.html", f"en/news/{SLUG}/index.html"):
        assert (copy / "output" / path).is_file(), path
    assert "A meeting of our members" in (
        copy / f"output/en/news/{SLUG}/index.html"
    ).read_text("utf-8")


def test_changing_an_english_title_changes_that_one_line(project, open_page):
    copy, base = project
    page = open_admin(open_page, base, "pages/entries/about")
    en_title = fields(page, TITLE)[1]
    old = en_title.input_value()
    en_title.fill(old + " (2013)")
    publish(page)
    time.sleep(0.5)
    diff = subprocess.run(
        ["git", "diff", "--unified=0", "--no-color"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    changed = [
        line
        for line in diff.splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert changed == [f"-Title: {old}", f"+Title: {old} (2013)"], diff
    assert "content/pages/about.en.md" in diff
