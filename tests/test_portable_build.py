"""The build runs wherever Python runs, and writes the same bytes there.

macOS has no os.sched_getaffinity and cannot fork a process that runs
threads safely; Windows has neither fork nor register_at_fork. Those
platforms are emulated here with a sitecustomize.py that deletes the
functions before anything imports them (TRAPS.md: Portability), on a
corpus large enough that a Linux build uses every core.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from tests.project_copy import copy_project, invoke, tree_digest

WITHOUT_FORK = """\
import os
for name in ("fork", "sched_getaffinity", "register_at_fork"):
    if hasattr(os, name):
        delattr(os, name)
"""
ARTICLES = 120  # pairs: above every threshold at which the build forks


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), ARTICLES)


def published(project: Path, content: Path, env: dict[str, str]) -> dict[str, str]:
    shutil.rmtree(project / "content")
    shutil.copytree(content, project / "content")
    result = invoke(project, "build", env={"SITEURL": "https://example.org", **env})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return tree_digest(project / "output")


def test_a_build_without_fork_or_affinity_writes_the_same_bytes(tmp_path, corpus):
    normal = published(copy_project(tmp_path / "linux"), corpus, {})
    fake = tmp_path / "platform"
    fake.mkdir()
    (fake / "sitecustomize.py").write_text(WITHOUT_FORK, "utf-8")
    path = os.pathsep.join(filter(None, [str(fake), os.environ.get("PYTHONPATH")]))
    portable = published(
        copy_project(tmp_path / "portable"), corpus, {"PYTHONPATH": path}
    )
    assert len(normal) > 2 * ARTICLES
    assert portable == normal


def test_forks_only_where_they_are_safe(monkeypatch):
    import build_processes

    monkeypatch.setattr(sys, "platform", "darwin")
    assert build_processes.processes({"BUILD_PROCESSES": True}) == 1
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delattr(os, "fork")
    assert build_processes.processes({"BUILD_PROCESSES": 4}) == 1
