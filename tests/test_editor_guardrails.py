"""Every mistake an editor can make stops `make build` with the file, the line and the fix.

Each case edits a throwaway copy of the project, runs `invoke preview` (what
`make build` runs) and checks what the editor would read, and that the last
good output/ is still there, byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.built_site import ROOT
from tests.project_copy import (
    invoke,
    published_copy,
    replace_in,
    tree_digest,
    write,
)


def line_of(relative: str, text: str) -> int:
    """Where `text` is in the real content (which editors keep changing)."""
    source = (ROOT / "content" / relative).read_text("utf-8")
    return source[: source.index(text)].count("\n") + 1


MISTAKES = {
    "no Lang": (
        replace_in("pages/about.ja.md", "Lang: ja\n", ""),
        "content/pages/about.ja.md:1: has no Lang: add `Lang: ja`",
    ),
    "Lang fr": (
        replace_in("pages/about.en.md", "Lang: en", "Lang: fr"),
        'content/pages/about.en.md:2: Lang "fr" is not one of ja, en',
    ),
    "invalid Date": (
        replace_in(
            "articles/coworking-asia-conference-tokyo-2013.en.md",
            "Date: 2013-06-01",
            "Date: 2013-06-31",
        ),
        'content/articles/coworking-asia-conference-tokyo-2013.en.md:3: Date "2013-06-31" is not a date: write YYYY-MM-DD',
    ),
    "link to a missing file": (
        replace_in(
            "pages/index.ja.md", "{filename}purpose.ja.md", "{filename}purpse.ja.md"
        ),
        f"content/pages/index.ja.md:{line_of('pages/index.ja.md', '{filename}purpose.ja.md')}: "
        'links to {filename}purpse.ja.md, which does not exist — did you mean "{filename}purpose.ja.md"?',
    ),
    "ja page without en counterpart": (
        write(
            "pages/members.ja.md",
            "Title: 組合員\nLang: ja\nSummary: 組合員について。\n\n本文。\n",
        ),
        "content/pages/members.ja.md:1: has no English counterpart: add members.en.md beside it",
    ),
    "two ja sources with one slug": (
        write(
            "pages/about-us.ja.md",
            "Title: 組合\nLang: ja\nSlug: about\nSummary: 重複。\n\n本文。\n",
        ),
        'content/pages/about-us.ja.md:3: Japanese page slug "about" is used by pages/about-us.ja.md, pages/about.ja.md',
    ),
    "misspelt metadata key": (
        replace_in("pages/about.en.md", "Summary:", "Sumary:"),
        'content/pages/about.en.md:3: unknown metadata "Sumary" — did you mean "Summary"?',
    ),
    "no Title": (
        replace_in("pages/programs/welfare.en.md", "Title: Welfare programs\n", ""),
        "content/pages/programs/welfare.en.md:1: has no Title",
    ),
    "unknown template": (
        replace_in("pages/conference.ja.md", "Template: event", "Template: evnt"),
        'content/pages/conference.ja.md:3: Template "evnt" does not exist in theme/templates/ — did you mean "event"?',
    ),
    "malformed event date": (
        replace_in(
            "pages/conference.en.md", "Event_start: 2013-09", "Event_start: Sept 2013"
        ),
        'content/pages/conference.en.md:6: Event_start "Sept 2013" is not a date',
    ),
    "image outside content": (
        replace_in(
            "pages/about.en.md", "## At a glance", "![Kobe](kobe.jpg)\n\n## At a glance"
        ),
        'content/pages/about.en.md:15: image "kobe.jpg" will not be found on the published site',
    ),
    "static link to a missing image": (
        replace_in(
            "pages/about.ja.md",
            "## 概要",
            "![神戸]({static}/images/kobe.jpg)\n\n## 概要",
        ),
        "content/pages/about.ja.md:15: links to {static}/images/kobe.jpg, which does not exist",
    ),
    "file Pelican cannot read (not UTF-8)": (
        write("pages/notes.ja.md", b"Title: \x93\xfa\x96\x7b\nLang: ja\n"),
        "content/pages/notes.ja.md:1: is not UTF-8 text: save it with UTF-8 encoding",
    ),
    "file name without language": (
        write("pages/contact.md", "Title: Contact\nLang: en\nSummary: s\n\nx\n"),
        'content/pages/contact.md:1: file name "contact.md" does not say its language',
    ),
    "a page named news (used to crash Pelican)": (
        lambda content: [
            (content / f"pages/news.{lang}.md").write_bytes(
                (content / f"pages/about.{lang}.md").read_bytes()
            )
            for lang in ("ja", "en")
        ],
        'content/pages/news.en.md:1: would be written to "news/index.html", which is where the site puts the news listing',
    ),
    "Save_as _headers": (
        replace_in("pages/about.en.md", "Lang: en\n", "Lang: en\nSave_as: _headers\n"),
        'content/pages/about.en.md:3: would be written to "_headers", which is where the site puts the HTTP headers for the host',
    ),
    "a symlink that would publish a file of the machine": (
        lambda content: (
            (content / "images").mkdir()
            or (content / "images/leak.txt").symlink_to("/etc/passwd")
        ),
        "content/images/leak.txt:1: is a symbolic link (to /etc/passwd): replace the link with a copy of the file",
    ),
    "a pipe named .md (used to hang the build)": (
        lambda content: os.mkfifo(content / "pages/pipe.en.md"),
        "content/pages/pipe.en.md:1: is not a regular file (a pipe, socket or device): remove it",
    ),
    "a meta refresh to another site": (
        replace_in(
            "pages/about.en.md",
            "## At a glance",
            '<meta http-equiv="refresh" content="0;url=https://example.org">\n\n## At a glance',
        ),
        "content/pages/about.en.md:15: raw HTML <meta> is not allowed in content",
    ),
    "YAML front matter": (
        write(
            "pages/about.en.md",
            '---\ntitle: "About"\nlang: en\nsummary: About.\n---\n\nText.\n',
        ),
        'content/pages/about.en.md:1: starts with "---" (YAML front matter)',
    ),
    "scaffold placeholder left in": (
        replace_in(
            "pages/about.en.md", "## At a glance", "TODO(write) more\n\n## At a glance"
        ),
        "content/pages/about.en.md:15: still has a scaffold placeholder",
    ),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a good production build in output/."""
    return published_copy(tmp_path_factory.mktemp("guardrails") / "site")


@pytest.fixture
def content(project: Path):
    """The copy's content/, restored after each test."""
    yield project / "content"
    shutil.rmtree(project / "content")
    shutil.copytree(ROOT / "content", project / "content")


@pytest.mark.parametrize("mistake", MISTAKES)
def test_mistake_stops_the_build_and_says_where_and_how_to_fix(
    project, content, mistake
):
    edit, expected = MISTAKES[mistake]
    before = tree_digest(project / "output")
    edit(content)
    result = invoke(project, "build")
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert expected in said, said
    assert "Traceback" not in said
    assert tree_digest(project / "output") == before, (
        "output/ changed after a failed build"
    )


def test_a_build_that_fails_late_leaves_output_untouched(project, content):
    """Past the content checks: a broken template fails while writing pages."""
    before = tree_digest(project / "output")
    template = project / "theme/templates/article.html"
    good = template.read_text("utf-8")
    template.write_text(
        good.replace("{{ article.title", "{{ article.no_such|int(base=", 1), "utf-8"
    )
    try:
        result = invoke(project, "build")
    finally:
        template.write_text(good, "utf-8")
    assert result.returncode != 0
    assert tree_digest(project / "output") == before
    assert not list(project.glob(".output-*")), "the staging folder is cleaned up"


def test_published_output_is_world_readable(project):
    output = project / "output"
    assert output.stat().st_mode & 0o005 == 0o005
    assert all(p.stat().st_mode & 0o004 for p in output.rglob("*") if p.is_file())


def test_drafting_reports_problems_but_keeps_previewing(project, content):
    write(
        "pages/members.ja.md",
        "Title: 組合員\nLang: ja\nSummary: 組合員について。\n\n本文。\n",
    )(content)
    result = invoke(project, "draft")
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "content/pages/members.ja.md:1: has no English counterpart" in said
    assert "make build` will refuse to publish" in said
    japanese = (project / "output/members/index.html").read_text("utf-8")
    shown_in_english_site = (project / "output/en/members/index.html").read_text(
        "utf-8"
    )
    assert "組合員" in japanese
    assert "has not been translated yet" in shown_in_english_site
    assert re.search(r'<article class="prose" lang="ja"[ >]', shown_in_english_site)


def test_scaffolded_pair_builds_as_a_draft_and_is_refused_until_written(
    project, content
):
    result = invoke(
        project,
        "new",
        "page",
        "組合員の声",
        "--slug",
        "member-voices",
        "--title-en",
        "Member voices",
    )
    assert result.returncode == 0, result.stderr
    ja, en = (
        content / "pages/member-voices.ja.md",
        content / "pages/member-voices.en.md",
    )
    assert ja.read_text("utf-8").startswith("Title: 組合員の声\nLang: ja\n")
    assert en.read_text("utf-8").startswith("Title: Member voices\nLang: en\n")
    assert invoke(project, "draft").returncode == 0  # a preview while writing
    refused = invoke(project, "build")
    assert refused.returncode != 0
    assert (
        "content/pages/member-voices.ja.md:3: still has a scaffold placeholder"
        in refused.stderr
    )
    for path, text in (
        (ja, "組合員の声を紹介します。"),
        (en, "Voices of our members."),
    ):
        path.write_text(
            path.read_text("utf-8")
            .replace("TODO(write) one or two sentences", text)
            .replace("TODO(write)", text),
            "utf-8",
        )
    published = invoke(project, "build")
    assert published.returncode == 0, published.stdout + published.stderr
    assert (project / "output/en/member-voices/index.html").exists()


def test_scaffolding_an_article_dates_it_and_refuses_a_bad_slug(project, content):
    result = invoke(
        project,
        "new",
        "article",
        "総会のお知らせ",
        "--slug",
        "general-meeting",
        "--date",
        "2013-07-01",
    )
    assert result.returncode == 0, result.stderr
    text = (content / "articles/general-meeting.en.md").read_text("utf-8")
    assert "Lang: en\nDate: 2013-07-01\n" in text
    assert "Title: TODO(translate) 総会のお知らせ" in text
    bad = invoke(project, "new", "page", "x", "--slug", "Bad Slug")
    assert bad.returncode != 0 and "--slug" in bad.stderr


def test_a_source_pelican_itself_rejects_is_named_not_traced(capsys):
    """The safety net behind the checks: Pelican's own read errors, said plainly."""
    import logging

    from content_checks.content_checks import UnreadableSource

    net = UnreadableSource({"CONTENT_CHECKS_FATAL": True, "PATH": "content"})
    record = logging.LogRecord(
        "pelican.generators", logging.ERROR, __file__, 1, "Could not process %s",
        ("pages/odd.ja.md",), None,
    )  # fmt: skip
    with pytest.raises(SystemExit):
        try:
            raise ValueError("something Pelican disliked")
        except ValueError:
            net.filter(record)  # as Pelican 4.12 logs it: inside its except block
    said = capsys.readouterr().err
    assert (
        "content/pages/odd.ja.md:1: Pelican cannot read this file: something Pelican disliked"
        in said
    )
