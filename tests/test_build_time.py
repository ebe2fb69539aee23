"""The build's "now": the last commit's date for a committed tree (the same
bytes on any machine), the clock while content/ has uncommitted changes (an
editor's new article shows at once), $SOURCE_DATE_EPOCH above both; the
build's first line says which applied."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.built_site import Site, build
from tests.project_copy import copy_project, invoke, tree_digest
from tests.site_content import unused_slug

COMMITTED = "2013-06-01T12:00:00+09:00"


def git(project: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_DATE": COMMITTED,
        "GIT_COMMITTER_DATE": COMMITTED,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        ["git", "-C", str(project), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def build_time_line(result: subprocess.CompletedProcess[str]) -> str:
    """The first line the build itself says (publishconf's note on a missing
    SITEURL comes from loading the settings, before the build starts)."""
    lines = [
        line
        for line in (result.stderr + result.stdout).splitlines()
        if not line.startswith("publishconf:")
    ]
    assert lines and lines[0].startswith("Build time: "), lines
    return lines[0]


def publish(project: Path, name: str, **env: str) -> tuple[str, Site]:
    output = project.parent / name
    result = build(
        output, content=project / "content", settings_file="publishconf.py", env=env
    )
    return build_time_line(result), Site(output)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project in a repository of its own, all committed on
    2013-06-01 (long before today)."""
    project = copy_project(tmp_path_factory.mktemp("build-time") / "project")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "content as published")
    return project


def test_a_committed_tree_builds_as_of_its_last_commit_the_same_bytes(project):
    said, first = publish(project, "first")
    assert said == (
        "Build time: last commit (content/ committed), 2013-06-01 12:00 Asia/Tokyo"
    )
    said_again, second = publish(project, "second")
    assert said_again == said
    assert tree_digest(first.root) == tree_digest(second.root)


def test_a_new_article_is_built_at_once_before_any_commit(project):
    """invoke new → fill both files → make build: the article is published
    (dated today, after the last commit's date), and the build says why."""
    slug = unused_slug("article", "general-meeting", project / "content")
    made = invoke(
        project, "new", "article", "総会のお知らせ", "--slug", slug,
        "--title-en", "General meeting",
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    try:
        for lang, text in (("ja", "総会を開きます。"), ("en", "A general meeting.")):
            path = project / f"content/articles/{slug}.{lang}.md"
            filled = path.read_text("utf-8").replace("TODO(write) one or two", text)
            path.write_text(filled.replace("TODO(write)", text), "utf-8")
        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        said, site = publish(project, "uncommitted")
        assert said.startswith(
            "Build time: now (content/ has uncommitted changes), "
        ), said
        tokyo = before.astimezone(ZoneInfo("Asia/Tokyo"))
        assert said.split(", ")[1] >= tokyo.strftime("%Y-%m-%d %H:%M")
        for prefix in ("", "en/"):
            assert (site.root / f"{prefix}news/{slug}/index.html").is_file()
            listing = site.page(f"/{prefix}news/").select(".article-list__title")
            listed = [a["href"] for a in listing]
            assert f"/{prefix}news/{slug}/" in listed, listed
        said, _ = publish(project, "dated", SOURCE_DATE_EPOCH="1370000000")
        assert said == "Build time: $SOURCE_DATE_EPOCH, 2013-05-31 20:33 Asia/Tokyo"
    finally:
        git(project, "checkout", "-q", "--", "content")
        git(project, "clean", "-qfd", "--", "content")


def test_without_git_the_build_says_so_and_takes_the_clock(tmp_path):
    from site_facts import build_now, build_time

    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    moment, rule = build_time(tmp_path)
    assert rule == "now (no git history to date it by)"
    assert moment >= before and build_now(tmp_path) == moment
