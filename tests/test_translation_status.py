"""`invoke i18n-status`: what is translated, what is missing, what is outdated."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.project_copy import copy_project, invoke


def git(project: Path, *args: str, when: str | None = None) -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Editor",
            "-c",
            "user.email=editor@example.invalid",
            *args,
        ],
        cwd=project,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(project), **env},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "site")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "content", when="2013-06-01T00:00:00+09:00")
    return project


def row(output: str, item: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(item + " "))


def test_real_content_is_fully_translated(project):
    result = invoke(project, "i18n-status")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "page purpose" in result.stdout
    assert "missing" not in result.stdout and "outdated" not in result.stdout
    sources = len(list((project / "content").rglob("*.md")))
    assert f"{sources} of {sources} translations present." in result.stdout


def test_a_committed_edit_of_the_original_marks_its_translation_whatever_the_dates(
    project,
):
    # The sync point is the lock file, not git dates: a later commit of
    # anything else does not hide that the translation fell behind.
    japanese = project / "content/pages/about.ja.md"
    japanese.write_text(japanese.read_text("utf-8") + "\n新しい段落。\n", "utf-8")
    git(project, "commit", "-qam", "more about", when="2013-07-01T00:00:00+09:00")
    readme = project / "README.md"
    readme.write_text(readme.read_text("utf-8") + "\n", "utf-8")
    git(project, "commit", "-qam", "later", when="2013-08-01T00:00:00+09:00")
    result = invoke(project, "i18n-status")
    assert result.returncode == 0
    assert row(result.stdout, "page about").split()[2:] == ["original", "outdated"]
    assert (
        "content/pages/about.en.md  outdated: translation of the Japanese original "
        "about.ja.md, which changed since they were last in sync"
    ) in result.stdout
    assert "outdated" not in row(result.stdout, "page purpose")


def test_an_edit_of_a_translation_alone_marks_nothing_outdated(project):
    # Issue 21: a typo fixed in the English translation is no news for the
    # Japanese original, nor does it make the translation itself outdated.
    english = project / "content/pages/about.en.md"
    english.write_text(english.read_text("utf-8") + "\nA typo fixed.\n", "utf-8")
    result = invoke(project, "i18n-status")
    assert result.returncode == 0, result.stdout + result.stderr
    assert row(result.stdout, "page about").split()[2:] == ["original", "translated"]
    assert "outdated" not in result.stdout and "about.ja.md" not in result.stdout


def test_original_en_makes_the_japanese_file_the_translation(project):
    english = project / "content/pages/about.en.md"
    text = english.read_text("utf-8").replace("Lang: en\n", "Lang: en\nOriginal: en\n")
    english.write_text(text + "\nA new English paragraph.\n", "utf-8")
    result = invoke(project, "i18n-status")
    assert row(result.stdout, "page about").split()[2:] == ["outdated", "original"]
    assert (
        "content/pages/about.ja.md  outdated: translation of the English original "
        "about.en.md, which changed since they were last in sync"
    ) in result.stdout
    # Marked: the translation records the English text, and is in sync.
    assert invoke(project, "i18n-mark", "content/pages/about.ja.md").returncode == 0
    result = invoke(project, "i18n-status")
    assert row(result.stdout, "page about").split()[2:] == ["translated", "original"]


def test_a_missing_translation_is_listed_and_fails(project):
    (project / "content/pages/programs/welfare.en.md").unlink()
    result = invoke(project, "i18n-status")
    assert result.returncode != 0
    line = row(result.stdout, "page programs/welfare")
    assert "translated" in line and "missing" in line
    assert "1 translation(s) missing" in result.stderr
