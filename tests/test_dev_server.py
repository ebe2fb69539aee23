"""`make serve`: both languages answer on localhost, and a saved edit shows up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.project_copy import copy_project
from tests.served_site import free_port


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory):
    """`invoke livereload` on a copy of the project, so edits stay in the copy."""
    project = copy_project(tmp_path_factory.mktemp("project") / "site")
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "invoke"),
            "livereload",
            "--port",
            str(port),
        ],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield project, f"http://localhost:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def test_serves_japanese_at_root_and_english_under_en(dev_server):
    _, base = dev_server
    deadline = time.monotonic() + 120
    assert '<html lang="ja">' in fetch(base + "/", deadline)
    assert '<html lang="en">' in fetch(base + "/en/", deadline)


def test_saving_a_markdown_file_rebuilds_the_page(dev_server):
    project, base = dev_server
    fetch(base + "/en/about/", time.monotonic() + 120)
    source = project / "content/pages/about.en.md"
    source.write_text(
        source.read_text("utf-8") + "\nFreshly saved sentence.\n", "utf-8"
    )
    deadline = time.monotonic() + 30
    while "Freshly saved sentence." not in fetch(base + "/en/about/", deadline):
        assert time.monotonic() < deadline, "the edit never reached the served page"
        time.sleep(0.2)
