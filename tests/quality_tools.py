"""The field's own instruments, found on this machine or explained away.

A gate whose tool is missing is skipped with the reason and the install
command, except under CI=true, where a missing tool is a failure: CI installs
everything (.ci/run), so a skip there would hide a broken set-up.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# How Chromium runs here: one list, also for `invoke screenshots`.
from screenshots import CHROMIUM_ARGS  # noqa: F401
from tests.built_site import ROOT

NODE_BIN = ROOT / "node_modules/.bin"
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
LIGHTHOUSE = NODE_BIN / "lighthouse"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(present: bool, what: str, install: str) -> None:
    if present:
        return
    message = f"{what} is not installed ({install})"
    if in_ci():
        pytest.fail(f"{message}; CI must run every gate")
    pytest.skip(message)


def require_chromium() -> Path:
    require(CHROMIUM.exists(), "Chromium", "apt-get install chromium fonts-noto-cjk")
    return CHROMIUM


def require_java() -> str:
    java = shutil.which("java")
    require(java is not None, "Java", "apt-get install default-jre-headless")
    return java or ""


def require_node_tool(path: Path, name: str) -> Path:
    require(path.exists(), name, "npm ci, which `invoke test` runs when npm exists")
    return path
