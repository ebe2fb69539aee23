"""`make build` publishes safely: output/ never goes missing, no leftovers pile
up, and what it publishes is readable by the user a static host serves as."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import publishing
from tests.project_copy import INVOKE, copy_project, path_without_venv

needs_linux = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="renameat2 is Linux only"
)


def folder(path: Path, **files: str) -> Path:
    path.mkdir(parents=True)
    for name, text in files.items():
        (path / name).write_text(text, "utf-8")
    return path


def modes(tree: Path) -> dict[str, str]:
    """Each path under tree (tree itself as ".") -> its permission bits."""
    return {
        (path.relative_to(tree).as_posix() or "."): oct(
            stat.S_IMODE(path.stat().st_mode)
        )
        for path in [tree, *tree.rglob("*")]
    }


@needs_linux
def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    first = folder(tmp_path / "first", marker="first")
    second = folder(tmp_path / "second", marker="second")
    inode = first.stat().st_ino
    assert publishing.exchange(first, second)
    assert (first / "marker").read_text("utf-8") == "second"
    assert (second / "marker").read_text("utf-8") == "first"
    assert second.stat().st_ino == inode, "the folder itself moved, not copies"


@needs_linux
def test_replacing_output_is_one_rename_not_two(tmp_path, monkeypatch):
    output = folder(tmp_path / "output", old="previous build")
    staging = folder(tmp_path / ".output-staging-x", new="this build")

    def no_plain_rename(*args, **kwargs):
        raise AssertionError("a plain rename leaves a moment without output/")

    monkeypatch.setattr(os, "rename", no_plain_rename)
    monkeypatch.setattr(Path, "rename", no_plain_rename)
    publishing.replace_output(staging, output)
    assert sorted(p.name for p in output.iterdir()) == ["new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"], (
        "the previous output/ is removed"
    )


WATCHER = textwrap.dedent(
    """
    import os, sys, time
    path, stop = sys.argv[1], time.monotonic() + float(sys.argv[2])
    misses = looks = 0
    print("ready", flush=True)
    while time.monotonic() < stop:
        looks += 1
        misses += not os.path.isdir(path)
    print(misses, looks)
    """
)


@needs_linux
def test_output_never_goes_missing_while_builds_replace_it(tmp_path):
    """Another process (a web server, a sync tool) looks at output/ all the
    time while 300 builds replace it; it must find it every time."""
    output = folder(tmp_path / "output", index="0")
    watcher = subprocess.Popen(
        [sys.executable, "-c", WATCHER, str(output), "4"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert watcher.stdout.readline() == "ready\n"
    for build in range(1, 301):
        with publishing.staging_folder(tmp_path) as staging:
            (staging / "index").write_text(str(build), "utf-8")
            publishing.replace_output(staging, output)
    misses, looks = map(int, watcher.communicate(timeout=30)[0].split())
    assert (output / "index").read_text("utf-8") == "300"
    assert looks > 1000
    assert misses == 0, f"output/ was missing {misses} times"


def test_without_an_atomic_exchange_two_renames_still_replace_output(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(publishing, "exchange", lambda first, second: False)
    output = folder(tmp_path / "output", old="previous build")
    staging = folder(tmp_path / ".output-staging-x", new="this build")
    publishing.replace_output(staging, output)
    assert sorted(p.name for p in output.iterdir()) == ["new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_first_build_simply_becomes_output(tmp_path):
    staging = folder(tmp_path / ".output-staging-x", new="this build")
    publishing.replace_output(staging, tmp_path / "output")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_published_files_are_world_readable_under_any_umask(tmp_path):
    previous = os.umask(0o077)
    try:
        site = folder(tmp_path / "site", **{"index.html": "<p>"})
        folder(site / "en", **{"index.html": "<p>"})
    finally:
        os.umask(previous)
    assert modes(site)["en/index.html"] == "0o600"
    publishing.make_world_readable(site)
    assert modes(site) == {
        ".": "0o755",
        "index.html": "0o644",
        "en": "0o755",
        "en/index.html": "0o644",
    }


def test_leftovers_of_killed_builds_are_removed_but_not_a_running_build(tmp_path):
    folder(tmp_path / ".output-staging-killed", **{"index.html": "half a build"})
    folder(tmp_path / ".output-retired-killed", **{"index.html": "an old build"})
    outside = folder(tmp_path / "elsewhere", keep="not ours")
    (tmp_path / ".output-staging-link").symlink_to(outside)
    with publishing.staging_folder(tmp_path) as running:
        (running / "index.html").write_text("being built", "utf-8")
        # a second build, or `make clean`, while this one runs
        assert publishing.remove_leftovers(tmp_path) == []
        assert running.exists()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".output-staging-link", "elsewhere"]
    assert (outside / "keep").exists(), "a symbolic link is never followed"


def test_a_failed_build_removes_its_staging_folder(tmp_path):
    with (
        pytest.raises(RuntimeError),
        publishing.staging_folder(tmp_path) as staging,
    ):
        (staging / "index.html").write_text("half a build", "utf-8")
        raise RuntimeError("the build failed")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("publishing") / "site")


def test_build_under_umask_077_publishes_world_readable_and_tidies_up(project):
    """`make build` run by a user with umask 077, after a killed build."""
    folder(project / ".output-staging-killed", **{"index.html": "half a build"})
    folder(project / ".output-retired-killed", **{"index.html": "an old build"})
    folder(project / "output", **{"stale.html": "the previous build"})
    result = subprocess.run(
        ["sh", "-c", f'umask 077 && exec "{INVOKE}" build'],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path_without_venv()},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(project.glob(".output-*")), "leftovers and staging removed"
    output = project / "output"
    assert (output / "index.html").exists()
    assert not (output / "stale.html").exists()
    wrong = {
        path: mode
        for path, mode in modes(output).items()
        if mode != ("0o755" if (output / path).is_dir() else "0o644")
    }
    assert wrong == {}, "published with modes a static host cannot read"


def test_clean_removes_leftovers_of_killed_builds(project):
    folder(project / f".output-staging-{time.time_ns()}", **{"index.html": "half"})
    result = subprocess.run(
        [INVOKE, "clean"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path_without_venv()},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "left by an earlier build" in result.stdout
    assert not list(project.glob(".output-*"))
    assert not (project / "output").exists()
