"""A third language is settings + content + a catalog (docs/adding-a-language.md).

A copy of the project gets Korean the way the document says: "ko" in
LANGUAGES and SITE_NAMES (pelicanconf.py), a small content folder in ja, en
and ko written here, and a Korean catalog compiled from a .po written here
(each msgstr is "[ko] " + its msgid, so a page shows whether the catalog was
installed). Its production build is checked for the language switcher,
hreflang, the sitemap, the feeds and the search index; a drafting build and
the live preview, with pages not yet translated into Korean, must not crash.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup

from tests.built_site import ROOT, Site
from tests.project_copy import copy_project, edit_text, invoke

LANGS = ("ja", "en", "ko")
SITEURL = "https://example.org"
NAMES = {"ja": "コワーキング協同組合", "en": "Business Cooperative of Coworking"}
KOREAN_NAME = "코워킹 협동조합"
SITE_YML = """\
navigation:
  - path: ""
    label:
      ja: ホーム
      en: Home
      ko: 홈
  - path: about/
    label:
      ja: 組合について
      en: About
      ko: 조합 소개
  - path: news/
    label:
      ja: お知らせ
      en: News
      ko: 소식
programs: []
organization:
  founding_date: "2012"
  head_office:
    ja: 神戸
    en: Kobe
    ko: 고베
  liaison_office:
    ja: 東京
    en: Tokyo
    ko: 도쿄
  country: JP
"""
# slug -> (front matter beyond Title/Lang/Summary, {lang: title})
PAGES = {
    "index": (
        "Save_as: index.html\nURL:\nTemplate: home\n",
        {
            "ja": "コワーキング協同組合",
            "en": "Coworking cooperative",
            "ko": "코워킹 협동조합",
        },
    ),
    "about": ("", {"ja": "組合について", "en": "About us", "ko": "조합 소개"}),
    "search": ("Template: search\n", {"ja": "検索", "en": "Search", "ko": "검색"}),
    "404": (
        "Template: error\nSave_as: 404.html\nURL: 404.html\n",
        {"ja": "ページが見つかりません", "en": "Page not found", "ko": "페이지 없음"},
    ),
}
ARTICLE = {"ja": "総会のお知らせ", "en": "General meeting", "ko": "총회 안내"}
BODY = {
    "ja": "組合員のための協同組合です。",
    "en": "A cooperative for its members.",
    "ko": "조합원을 위한 협동조합입니다.",
}


def write_source(path: Path, title: str, lang: str, extra: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Title: {title}\nLang: {lang}\n{extra}Summary: {BODY[lang]}\n\n{BODY[lang]}\n",
        "utf-8",
    )


def write_content(content: Path) -> None:
    shutil.rmtree(content)
    content.mkdir()
    (content / "site.yml").write_text(SITE_YML, "utf-8")
    for slug, (extra, titles) in PAGES.items():
        for lang, title in titles.items():
            write_source(content / "pages" / f"{slug}.{lang}.md", title, lang, extra)
    for lang, title in ARTICLE.items():
        write_source(
            content / "articles" / f"general-meeting.{lang}.md",
            title,
            lang,
            "Date: 2013-06-01\n",
        )


def write_korean_catalog(theme: Path) -> None:
    """theme/translations/ko: every UI string of messages.pot, "[ko] " + it."""
    with (theme / "translations/messages.pot").open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale="ko", fuzzy=False)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string = tuple(f"[ko] {message.id[1]}" for _ in range(2))
        else:
            string = f"[ko] {message.id}"
        catalog.add(message.id, string, locations=message.locations)
    po = theme / "translations/ko/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as handle:
        write_po(handle, catalog)


def add_korean(project: Path) -> None:
    """The settings lines of docs/adding-a-language.md."""
    settings = project / "pelicanconf.py"
    edit_text(settings, '"en": "en_US"}', '"en": "en_US", "ko": "ko_KR"}')
    edit_text(
        settings,
        f'"en": "{NAMES["en"]}"}}',
        f'"en": "{NAMES["en"]}", "ko": "{KOREAN_NAME}"}}',
    )


def pelican(project: Path, content: Path, output: Path, *, publish: bool):
    settings = project / ("publishconf.py" if publish else "pelicanconf.py")
    return subprocess.run(
        [
            sys.executable, "-m", "pelican", str(content),
            "--settings", str(settings), "--output", str(output),
            *(["--fatal", "warnings"] if publish else []),
            "--extra-settings", f"CACHE_PATH={json.dumps(str(output) + '-cache')}",
        ],
        cwd=project,
        env={**os.environ, "COLUMNS": "200", "SITEURL": SITEURL if publish else ""},
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("three") / "site")
    add_korean(project)
    write_content(project / "content")
    write_korean_catalog(project / "theme")
    return project


@pytest.fixture(scope="module")
def published(project: Path) -> Site:
    output = project.parent / "published"
    said = pelican(project, project / "content", output, publish=True)
    assert said.returncode == 0, said.stdout + said.stderr
    return Site(output, siteurl=SITEURL)


def lang_of(url: str) -> str:
    path = url.removeprefix(SITEURL)
    return next((lang for lang in LANGS[1:] if path.startswith(f"/{lang}/")), "ja")


def test_every_page_switches_to_the_same_page_in_both_other_languages(published):
    urls = published.html_urls()
    assert {lang_of(url) for url in urls} == set(LANGS)
    for url in urls:
        page = published.page(url)
        lang = lang_of(url)
        assert page.html["lang"] == lang, url
        links = page.select(".language-switcher a[hreflang]")
        assert sorted(a["hreflang"] for a in links) == sorted(set(LANGS) - {lang})
        for link in links:
            assert lang_of(link["href"]) == link["hreflang"], (url, link["href"])
            path = link["href"].removeprefix(SITEURL)
            assert path.removeprefix(f"/{link['hreflang']}") == url.removeprefix(
                f"/{lang}" if lang != "ja" else ""
            ), (url, link["href"])


def test_hreflang_names_all_three_languages_and_the_default(published):
    for url in published.html_urls():
        alternates = published.page(url).select('link[rel="alternate"][hreflang]')
        hrefs = {link["hreflang"]: link["href"] for link in alternates}
        assert set(hrefs) == {*LANGS, "x-default"}, url
        assert hrefs["x-default"] == hrefs["ja"]
        for lang in LANGS:
            assert published.page(hrefs[lang]).html["lang"] == lang, (url, lang)


def test_the_korean_site_speaks_korean(published):
    home = published.page("/ko/")
    assert KOREAN_NAME in home.get_text()
    nav = [" ".join(a.get_text().split()) for a in home.select(".site-nav a")]
    assert nav == ["홈", "조합 소개", "소식"]
    assert "[ko] " in home.get_text()  # the catalog written above, installed
    for url in ("/", "/en/"):  # Korean there only where marked so (language help)
        page = BeautifulSoup(str(published.page(url)), "html.parser")
        for korean in page.select('[lang="ko"]'):
            korean.decompose()
        assert "[ko] " not in page.get_text(), url


def test_the_sitemap_lists_every_language_with_its_alternates(published):
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    root = ET.parse(published.root / "sitemap.xml").getroot()
    entries = {
        node.find("s:loc", ns).text: {
            link.get("hreflang") for link in node.findall("x:link", ns)
        }
        for node in root.findall("s:url", ns)
    }
    for lang in LANGS:
        prefix = SITEURL + ("/" if lang == "ja" else f"/{lang}/")
        assert prefix in entries, lang
        assert f"{prefix}news/general-meeting/" in entries
    assert all(langs == {*LANGS, "x-default"} for langs in entries.values())


def test_each_language_has_its_own_feed(published):
    atom = "{http://www.w3.org/2005/Atom}"
    for lang in LANGS:
        site = SITEURL + ("" if lang == "ja" else f"/{lang}")
        feed = ET.parse(
            published.root / site.removeprefix(SITEURL).lstrip("/") / "feeds/atom.xml"
        )
        links = [e.get("href") for e in feed.getroot().iter(f"{atom}link")]
        assert f"{site}/news/general-meeting/" in links, (lang, links)
        titles = [e.text for e in feed.getroot().iter(f"{atom}title")]
        assert ARTICLE[lang] in titles, (lang, titles)


def test_the_search_index_has_the_three_languages(published):
    entry = json.loads((published.root / "pagefind/pagefind-entry.json").read_text())
    assert set(entry["languages"]) == set(LANGS)
    counts = {lang: entry["languages"][lang]["page_count"] for lang in LANGS}
    # about/ and the article in each: the same pages in every language
    assert len(set(counts.values())) == 1 and counts["ko"] >= 2, counts


def test_redirects_send_each_other_language_to_its_site(published):
    rules = (published.root / "_redirects").read_text("utf-8").splitlines()
    assert rules == ["/  /en/  302!  Language=en", "/  /ko/  302!  Language=ko"]


# --- Drafting with pages not yet in Korean -----------------------------------

UNTRANSLATED = (
    ("pages/notes.ja.md", "メモ", "ja", ""),
    ("pages/notes.en.md", "Notes", "en", ""),
    ("articles/only-two.ja.md", "二言語", "ja", "Date: 2013-07-01\n"),
    ("articles/only-two.en.md", "Two languages", "en", "Date: 2013-07-01\n"),
)
SCENARIO = """
import sys
from pathlib import Path
from dev_server import LivePreview

content, output = Path(sys.argv[1]), Path(sys.argv[2])
preview = LivePreview(Path.cwd(), "127.0.0.1", 0, content=content, output=output)
preview.build()
page = content / "pages/notes.ja.md"
page.write_text(page.read_text("utf-8").replace("メモ", "メモ（改）"), "utf-8")
preview.rebuild_for({(None, str(page))})
new = content / "pages/more.en.md"
new.write_text("Title: More\\nLang: en\\nSummary: More.\\n\\nMore.\\n", "utf-8")
preview.rebuild_for({(None, str(new))})
"""


@pytest.fixture
def untranslated(project: Path, tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(project / "content", content)
    for path, title, lang, extra in UNTRANSLATED:
        write_source(content / path, title, lang, extra)
    return content


def test_a_drafting_build_shows_untranslated_pages_once_on_the_korean_site(
    project, untranslated, tmp_path
):
    output = tmp_path / "draft"
    said = pelican(project, untranslated, output, publish=False)
    assert said.returncode == 0, said.stdout + said.stderr
    assert "Traceback" not in said.stdout + said.stderr
    assert "notes.ko.md" in said.stderr  # said: no Korean counterpart yet
    site = Site(output)
    for url, original in (("/ko/notes/", "メモ"), ("/ko/news/only-two/", "二言語")):
        page = site.page(url)
        assert page.html["lang"] == "ko"
        assert original in page.select_one("h1").get_text(), url  # the original
        assert page.select_one(".notice"), url  # "not translated yet"
        switcher = {
            a["hreflang"]: a["href"] for a in page.select(".language-switcher a")
        }
        assert switcher == {
            "ja": url.removeprefix("/ko"),
            "en": "/en" + url.removeprefix("/ko"),
        }


def test_the_live_preview_keeps_running_with_untranslated_pages(
    project, untranslated, tmp_path
):
    output = tmp_path / "preview"
    said = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(untranslated), str(output)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = said.stdout + said.stderr
    assert said.returncode == 0, log
    assert "Build failed" not in log and "Traceback" not in log, log
    assert "メモ（改）" in (output / "ko/notes/index.html").read_text("utf-8")
    assert (output / "ko/more/index.html").is_file()
    assert (output / "en/more/index.html").is_file()


# --- Settings and tools read LANGUAGES ----------------------------------------


def test_a_language_the_settings_leave_out_is_said_at_the_settings_line():
    from site_data.settings_check import settings_problems

    found = settings_problems(
        {
            "LANGUAGES": {"ja": "ja_JP", "en": "en_US", "ko": "ko_KR"},
            "SITE_NAMES": NAMES,
            "I18N_SUBSITES": {"en": {}, "fr": {}},
        }
    )
    text = (ROOT / "pelicanconf.py").read_text("utf-8").splitlines()
    said = {f.message.split(" ")[0]: f for f in found}
    assert set(said) == {"SITE_NAMES", "Korean", "I18N_SUBSITES"}, found
    for setting, finding in (
        ("SITE_NAMES", said["SITE_NAMES"]),
        ("I18N_SUBSITES", said["Korean"]),
        ("LANGUAGES", said["I18N_SUBSITES"]),
    ):
        assert finding.path.name == "pelicanconf.py"
        assert text[finding.line - 1].startswith(f"{setting} ="), finding
    assert 'add "ko": "…"' in said["SITE_NAMES"].message
    assert 'add "ko": {…}' in said["Korean"].message


def test_invoke_new_writes_every_language_of_the_site(tmp_path):
    project = copy_project(tmp_path / "site")
    add_korean(project)
    said = invoke(
        project, "new", "page", "組合員の声", "--slug", "voices-three",
        "--title-en", "Member voices", "--title-in", "ko=조합원의 목소리",
    )  # fmt: skip
    assert said.returncode == 0, said.stdout + said.stderr
    pages = project / "content/pages"
    for lang, title in (
        ("ja", "組合員の声"),
        ("en", "Member voices"),
        ("ko", "조합원의 목소리"),
    ):
        text = (pages / f"voices-three.{lang}.md").read_text("utf-8")
        assert text.startswith(f"Title: {title}\nLang: {lang}\n"), text
    lock = (project / "content/translations.lock").read_text("utf-8")
    assert "pages/voices-three.ko.md\tpages/voices-three.ja.md" in lock
    wrong = invoke(
        project, "new", "page", "x", "--slug", "x-three", "--title-in", "fr=Bonjour"
    )
    assert wrong.returncode == 2 and "(ja, en, ko)" in wrong.stdout + wrong.stderr
