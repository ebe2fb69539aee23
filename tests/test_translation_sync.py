"""Translations that say when they fall behind (issue 12): the recorded sync
point (content/translations.lock), outdated status, the translator's diff, the
reader's notice, one-language pages and scaffolded pairs."""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from dev_server import free_port
from tests.built_site import Site
from tests.project_copy import copy_project, invoke
from tests.served_site import serve
from tests.test_translation_status import git

SENTENCE = "この段落は翻訳の後に加えました。"
SITEURL = "http://127.0.0.1:8798"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project, committed once, with the lock as committed."""
    project = copy_project(tmp_path / "site")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "content")
    return project


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + f"\n{text}\n", "utf-8")


def status_lines(project: Path) -> list[str]:
    result = invoke(project, "i18n-status")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def build(project: Path, siteurl: str = SITEURL) -> subprocess.CompletedProcess[str]:
    result = invoke(project, "build", env={"SITEURL": siteurl})
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def page(project: Path, url: str) -> BeautifulSoup:
    html = (project / "output" / url.lstrip("/") / "index.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def test_the_current_content_is_recorded_in_sync(project):
    lines = status_lines(project)
    for state in ("outdated", "unrecorded", "missing"):
        assert not [line for line in lines if state in line], lines


def test_an_uncommitted_edit_makes_the_counterpart_outdated_not_itself(project):
    append(project / "content/pages/about.ja.md", SENTENCE)
    lines = status_lines(project)
    assert (
        "content/pages/about.en.md  outdated: translation of the Japanese original "
        "about.ja.md, which changed since they were last in sync"
    ) in lines
    assert not [line for line in lines if line.startswith("content/pages/about.ja")]
    assert not [line for line in lines if "purpose" in line and "outdated" in line]


def test_a_crlf_save_changes_nothing(project):
    source = project / "content/pages/about.ja.md"
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    assert not [line for line in status_lines(project) if "outdated" in line]


def test_both_sides_edited_leave_only_the_translation_outdated(project):
    # The original is never outdated; the translation, edited too, stays
    # outdated until it is marked (its edit may not be the translation yet).
    append(project / "content/pages/about.ja.md", SENTENCE)
    append(project / "content/pages/about.en.md", "An English sentence.")
    lines = [line for line in status_lines(project) if "outdated" in line]
    assert [line.split()[0] for line in lines] == ["page", "content/pages/about.en.md"]
    assert lines[0].split()[2:] == ["original", "outdated"]


def test_i18n_diff_prints_what_changed_in_the_counterpart(project):
    append(project / "content/pages/about.ja.md", SENTENCE)
    result = invoke(project, "i18n-diff", "content/pages/about.en.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--- content/pages/about.ja.md" in result.stdout
    assert f"+{SENTENCE}" in result.stdout.splitlines()


def test_i18n_diff_in_a_shallow_clone_says_how_to_fetch_more(project, tmp_path):
    append(project / "content/pages/about.ja.md", SENTENCE)
    git(project, "commit", "-qam", "about: a new paragraph, not yet translated")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project}", str(clone))
    assert "about.en.md  outdated" in "\n".join(status_lines(clone))
    result = invoke(clone, "i18n-diff", "content/pages/about.en.md")
    assert result.returncode != 0
    assert "too shallow" in result.stdout
    assert "git fetch --unshallow" in result.stdout
    assert "git fetch --depth=N" in result.stdout


def test_an_outdated_translation_is_published_with_a_warning_and_a_notice(project):
    build(project)
    before = (project / "output/about/index.html").read_text("utf-8")
    append(project / "content/pages/about.ja.md", SENTENCE)
    result = build(project)
    warnings = [line for line in result.stderr.splitlines() if "outdated" in line]
    assert warnings == [
        line for line in warnings if line.startswith("content/pages/about.en.md:1: ")
    ]
    assert len(warnings) == 1

    english = page(project, "/en/about/")
    notice = english.select_one("article .outdated-notice")
    assert notice["role"] == "note"
    assert "The Japanese original of this page was updated" in notice.get_text()
    assert notice.a["href"] == f"{SITEURL}/about/"
    # hreflang and canonical are the same as on any page.
    assert english.select_one('link[rel="canonical"]')["href"] == f"{SITEURL}/en/about/"
    assert english.select_one('link[hreflang="ja"]')["href"] == f"{SITEURL}/about/"
    # The page that changed shows nothing but its new text.
    japanese = page(project, "/about/")
    assert japanese.select_one(".outdated-notice") is None
    after = (project / "output/about/index.html").read_text("utf-8")
    added = difflib.ndiff(before.splitlines(), after.splitlines())
    changed = [line for line in added if line[:1] in "+-?"]
    # One line more: the new paragraph (phrase breaks may wrap its end).
    assert len(changed) == 1 and changed[0].startswith("+ <p>この段落は"), changed

    marked = invoke(project, "i18n-mark", "content/pages/about.en.md")
    assert marked.returncode == 0, marked.stderr
    assert not [line for line in status_lines(project) if "outdated" in line]
    result = build(project)
    assert "outdated" not in result.stderr
    assert page(project, "/en/about/").select_one(".outdated-notice") is None


def test_an_english_only_edit_tells_no_reader_of_a_translation(project):
    # Issue 21: a fix to the English translation is not news for the Japanese
    # original, and the translation itself is not outdated by it.
    append(project / "content/pages/about.en.md", "A typo fixed.")
    result = build(project)
    assert "outdated" not in result.stderr
    assert page(project, "/about/").select_one(".outdated-notice") is None
    assert page(project, "/en/about/").select_one(".outdated-notice") is None


def test_a_japanese_translation_says_so_in_japanese(project):
    # `Original: en` (either file): the English page is the original.
    source = project / "content/pages/purpose.ja.md"
    source.write_text(
        source.read_text("utf-8").replace("Lang: ja\n", "Lang: ja\nOriginal: en\n"),
        "utf-8",
    )
    append(project / "content/pages/purpose.en.md", "One more English sentence.")
    build(project)
    notice = page(project, "/purpose/").select_one(".outdated-notice")
    assert notice.get_text() == (
        "この翻訳の作成後に、英語の原文が更新されています。Englishで読む"
    )
    assert notice.a["href"] == f"{SITEURL}/en/purpose/"
    assert page(project, "/en/purpose/").select_one(".outdated-notice") is None


ONLY_JA = """Title: 日本語だけのお知らせ
Lang: ja
Summary: 日本語の読者だけへのお知らせです。
One_language: yes

本文です。
"""
ONLY_JA_ARTICLE = """Title: 日本語だけの記事
Lang: ja
Date: 2013-05-01
Summary: 日本語だけの記事です。
One_language: yes

本文です。
"""


def test_a_one_language_page_exists_on_its_own_site_only(project):
    (project / "content/pages/only-ja.ja.md").write_text(ONLY_JA, "utf-8")
    (project / "content/articles/only-ja-news.ja.md").write_text(
        ONLY_JA_ARTICLE, "utf-8"
    )
    lines = status_lines(project)
    assert any(
        line.startswith("page only-ja ") and "one language" in line for line in lines
    )
    build(project)
    output = project / "output"
    assert (output / "only-ja/index.html").is_file()
    assert (output / "news/only-ja-news/index.html").is_file()
    assert not (output / "en/only-ja").exists()
    assert not (output / "en/news/only-ja-news").exists()
    english = Site(output, siteurl=SITEURL)
    for url in english.html_urls():
        if url.startswith("/en/"):
            links = [a.get("href", "") for a in english.page(url).select("a")]
            assert not [href for href in links if "only-ja" in href], url
    japanese = page(project, "/only-ja/")
    assert japanese.select_one('link[hreflang="en"]') is None
    switch = japanese.select_one('.language-switcher a[hreflang="en"]')
    assert switch["href"] == f"{SITEURL}/en/"
    assert f"{SITEURL}/en/only-ja" not in (output / "sitemap.xml").read_text("utf-8")


def test_one_language_with_a_translation_beside_it_is_refused(project):
    source = project / "content/pages/about.ja.md"
    source.write_text(
        source.read_text("utf-8").replace(
            "Lang: ja\n", "Lang: ja\nOne_language: yes\n"
        ),
        "utf-8",
    )
    result = invoke(project, "build", env={"SITEURL": SITEURL})
    assert result.returncode != 0
    assert "content/pages/about.ja.md:3: says `One_language: yes`, but about.en.md" in (
        result.stderr
    )


def test_an_original_naming_no_language_stops_the_build(project):
    source = project / "content/pages/about.en.md"
    source.write_text(
        source.read_text("utf-8").replace(
            "Lang: en\n", "Lang: en\nOriginal: english\n"
        ),
        "utf-8",
    )
    result = invoke(project, "build", env={"SITEURL": SITEURL})
    assert result.returncode != 0
    assert (
        'content/pages/about.en.md:3: Original "english" is not a language of this '
        "site: write the one the page was first written in (ja, en), or remove the "
        "line (the original is then the Japanese file)"
    ) in result.stderr


def test_a_scaffolded_pair_is_recorded_in_sync(project):
    result = invoke(
        project, "new", "page", "組合員の声", "--slug", "member-voices",
        "--title-en", "Member voices",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lock = (project / "content/translations.lock").read_text("utf-8")
    assert "pages/member-voices.en.md\tpages/member-voices.ja.md\t" in lock
    row = next(line for line in status_lines(project) if "member-voices" in line)
    assert row.split()[2:] == ["original", "translated"]


def test_the_notice_in_chromium(project, browser):
    from axe_playwright_python.sync_playwright import Axe

    append(project / "content/pages/about.ja.md", SENTENCE)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    build(project, siteurl=base)
    with serve(project / "output", port):
        context = browser.new_context(viewport={"width": 390, "height": 800})
        try:
            tab = context.new_page()
            tab.goto(f"{base}/en/about/")
            notice = tab.locator(".outdated-notice")
            assert notice.is_visible()
            assert notice.evaluate("n => n.closest('[lang]').lang") == "en"
            assert notice.get_attribute("role") == "note"
            heading = tab.locator("h1").bounding_box()
            box = notice.bounding_box()
            assert 0 <= box["y"] - (heading["y"] + heading["height"]) < 80
            results = Axe().run(
                tab,
                context={"include": [[".outdated-notice"]]},
                options={"runOnly": {"type": "tag", "values": WCAG_TAGS}},
            )
            assert results.violations_count == 0, results.generate_report()
            notice.locator("a").click()
            tab.wait_for_url(f"{base}/about/")
            assert tab.locator("html").get_attribute("lang") == "ja"
            assert tab.locator(".outdated-notice").count() == 0
        finally:
            context.close()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@given(
    text=st.lists(
        st.sampled_from(
            ["a", "あ", "\r", "\n", "\r\n", "\t", " ", "\x02", "\ufeff", ":"]
        ),
        max_size=40,
    ).map("".join),
    bom=st.booleans(),
)
@settings(max_examples=150, deadline=None)
def test_a_sync_point_is_the_same_whether_read_once_or_twice(
    tmp_path_factory, text, bom
):
    """translation_sync takes the digest of the text content_checks already
    read (Source.text_digest); it must equal the file's own fingerprint."""
    from content_checks.sources import read_source
    from translation_sync.status import fingerprint

    folder = tmp_path_factory.mktemp("sync")
    path = folder / "pages" / "about.en.md"
    path.parent.mkdir()
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    source = read_source(path, folder)
    if source.text and not source.decode_error:
        assert source.text_digest == fingerprint(path)
