"""An editor's week never turns CI red: a news article, a page and a program
added the documented way leave every content-facing test passing.

How: in a copy of the project (tests/project_copy.py) with a git repository
of its own, `invoke new` scaffolds each, both language files are filled with
real text in place of the TODO placeholders, `invoke i18n-mark` records each
pair, and the lot is committed, as an editor would. Then pytest runs
CONTENT_TESTS inside that copy: their tests/ read the copy's content/ (ROOT
is the folder holding tests/), so each derives what it expects from a site
that has one more article, page and program than this one. A test that
named today's content fails there.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.project_copy import copy_project, invoke
from tests.site_content import unused_slug

# The modules that build the real content/ and check what readers get (the
# browser and Lighthouse gates read the same pages, and are left to `make test`).
CONTENT_TESTS = [
    "tests/test_content.py",
    "tests/test_dates.py",
    "tests/test_discovery.py",
    "tests/test_event_calendar.py",
    "tests/test_languages.py",
    "tests/test_page_metadata.py",
]

# (kind, slug, Japanese title, English title, {lang: (summary, text)})
NEW = [
    (
        "article", "general-meeting", "総会のお知らせ", "General meeting",
        {
            "ja": (
                "今年の通常総会を神戸で開きます。",
                "組合員の皆さまに、今年の通常総会の日程をお知らせします。\n\n"
                "議案の資料は開催の二週間前にお送りします。",
            ),
            "en": (
                "This year's general meeting will be held in Kobe.",
                "Members are invited to this year's general meeting.\n\n"
                "The papers will be sent two weeks before.",
            ),
        },
    ),
    (
        "page", "member-voices", "組合員の声", "Member voices",
        {
            "ja": (
                "組合員が、コワーキングでの仕事と暮らしを語ります。",
                "各地のコワーキングスペースで働く組合員に、組合に加わった理由を聞きました。",
            ),
            "en": (
                "Members speak about their work and life in coworking.",
                "We asked members in coworking spaces across Japan why they joined.",
            ),
        },
    ),
    (
        "page", "programs/mentoring", "メンタリング", "Mentoring",
        {
            "ja": (
                "経験のある組合員が、独立したばかりの組合員の相談に乗ります。",
                "独立して間もない組合員が、先輩に仕事の進め方を相談できる仕組みです。",
            ),
            "en": (
                "Experienced members advise members who have just gone independent.",
                "Newly independent members can ask experienced ones about their work.",
            ),
        },
    ),
]  # fmt: skip


def git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(project), "-c", "user.name=Editor",
         "-c", "user.email=editor@example.org", *args],
        check=True, capture_output=True,
    )  # fmt: skip


def add_as_an_editor(project: Path) -> list[str]:
    """Scaffold, fill and mark each of NEW; their Japanese URLs."""
    urls = []
    for kind, wanted, title, title_en, texts in NEW:
        slug = unused_slug(kind, wanted, project / "content")
        if slug != wanted:  # titles must be unique too (test_page_metadata)
            suffix = slug.rsplit("-", 1)[1]
            title, title_en = f"{title}（{suffix}）", f"{title_en} ({suffix})"
        made = invoke(
            project, "new", kind, title, "--slug", slug, "--title-en", title_en
        )
        assert made.returncode == 0, made.stdout + made.stderr
        folder = project / "content" / ("articles" if kind == "article" else "pages")
        for lang, (summary, text) in texts.items():
            path = folder / f"{slug}.{lang}.md"
            scaffold = path.read_text("utf-8")
            filled = scaffold.replace("TODO(write) one or two sentences", summary)
            path.write_text(filled.replace("TODO(write)", text), "utf-8")
            assert "TODO" not in path.read_text("utf-8")
        marked = invoke(project, "i18n-mark", f"content/{folder.name}/{slug}.ja.md")
        assert marked.returncode == 0, marked.stdout + marked.stderr
        urls.append(("/news/" if kind == "article" else "/") + f"{slug}/")
    return urls


def test_content_tests_pass_on_a_site_with_a_new_article_page_and_program(tmp_path):
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "the site as it is")
    added = add_as_an_editor(project)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "an editor's week")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *CONTENT_TESTS, "-q", "-rA", "-x",
         "-p", "no:cacheprovider"],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    # They read the new sources: each has its own parametrized test.
    for url in added:
        assert f"[{url}]" in result.stdout, f"no test read {url}"
