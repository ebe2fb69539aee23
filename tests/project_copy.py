"""A throwaway copy of the project, for tests that edit content or run tasks."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.built_site import ROOT

IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "output",
    "cache",
    "node_modules",
    "test-artifacts",
    "__pycache__",
    ".*cache",
    ".output-*",
)
INVOKE = str(Path(sys.executable).parent / "invoke")


def copy_project(destination: Path) -> Path:
    """A copy of the project, sharing the checkout's node_modules (when it has
    them): `make serve` would otherwise install the editor into each copy."""
    shutil.copytree(ROOT, destination, ignore=IGNORE)
    if (ROOT / "node_modules").is_dir():
        (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def published_copy(destination: Path) -> Path:
    """A copy of the project with a good production build in its output/
    (`invoke build`, what `make build` runs): the last good site a failing
    build must leave as it was."""
    project = copy_project(destination)
    result = invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def invoke(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `invoke <args>` in the copy, as `make` would; capture what it says."""
    return subprocess.run(
        [INVOKE, *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "COLUMNS": "200",
            "PATH": path_without_venv(),
            **(env or {}),
        },
    )


def path_without_venv() -> str:
    """$PATH as `make` sees it: the Makefile runs .venv/bin/invoke without
    activating the venv, so tasks must not rely on its tools being on PATH."""
    venv_bin = str(Path(sys.executable).parent)
    return os.pathsep.join(
        p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin
    )


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under folder -> sha256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def edit_text(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file, as an editor saving a change would."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


Edit = Callable[[Path], None]  # an edit to a copy of content/


def replace_in(relative: str, old: str, new: str) -> Edit:
    return lambda content: edit_text(content / relative, old, new)


def write(relative: str, text: str | bytes) -> Edit:
    def edit(content: Path) -> None:
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")

    return edit
