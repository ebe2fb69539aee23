"""A build that cannot finish says why in one line, never with a traceback,
exits non-zero and leaves output/ as it was (issue 20, point 7): a sync-point
lock that cannot be read, a full disk, a folder the build may not write, a
source deleted while the build runs, in the build's process or its workers.

The file system's failures are made on purpose (tests/injected_faults.py):
as root, which CI is, chmod stops nothing, and a full disk needs a mount.
"""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from build_processes import map_in_forks
from content_checks.failures import explain
from tests.built_site import build
from tests.injected_faults import faults
from tests.project_copy import invoke, published_copy, tree_digest

LOCK = "content/translations.lock"
RESTORE = f"git checkout -- {LOCK}"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a published output/ to keep intact."""
    return published_copy(tmp_path_factory.mktemp("failures") / "site")


@pytest.fixture
def published(project: Path):
    """output/ as it was before the test: it must be so after it too, with
    no staging folder left behind; content/ is put back as it was."""
    before = tree_digest(project / "output")
    lock = (project / LOCK).read_bytes()
    yield project
    assert tree_digest(project / "output") == before, "output/ changed"
    assert not list(project.glob(".output-*")), "a staging folder was left"
    if (project / LOCK).is_dir():
        (project / LOCK).rmdir()
    (project / LOCK).write_bytes(lock)


def said_in_one_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The one line (of stdout and stderr) holding all `words`; no traceback,
    and a failing exit status."""
    text = result.stdout + result.stderr
    assert result.returncode != 0, text
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if all(w in line for w in words)]
    assert len(lines) == 1, text
    return lines[0]


VERBS = [("build",), ("i18n-status",), ("i18n-mark", "content/pages/about.en.md")]


def not_utf8(project: Path) -> None:
    with (project / LOCK).open("ab") as lock:
        lock.write(b"pages/x.en.md\tpages/x.ja.md\t\xff\xfe\n")


def folder(project: Path) -> None:
    (project / LOCK).unlink()
    (project / LOCK).mkdir()


def merge_conflict(project: Path) -> None:
    text = (project / LOCK).read_text("utf-8")
    (project / LOCK).write_text(f"<<<<<<< HEAD\n{text}=======\n>>>>>>> other\n")


BROKEN_LOCKS = {
    "not UTF-8": (not_utf8, ("is not UTF-8 text", RESTORE)),
    "a folder": (folder, (f"{LOCK}:1:", "is a folder", RESTORE)),
    "a merge conflict": (merge_conflict, (f"{LOCK}:1:", "merge conflict", RESTORE)),
}


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb[0])
@pytest.mark.parametrize("broken", BROKEN_LOCKS)
def test_a_lock_that_cannot_be_read_is_named_with_its_line(published, broken, verb):
    breaking, words = BROKEN_LOCKS[broken]
    breaking(published)
    said_in_one_line(invoke(published, *verb), LOCK, *words)


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb[0])
def test_an_unreadable_lock_is_named(published, tmp_path, verb):
    env = faults(
        tmp_path, {"op": "read", "under": str(published / LOCK), "errno": errno.EACCES}
    )
    said_in_one_line(
        invoke(published, *verb, env=env), f"{LOCK}:1:", "cannot be read", "access"
    )


FAILURES = {
    # what fails: (the rule, under this folder of the project, words of the line)
    "a full disk while writing": (
        {"op": "write", "errno": errno.ENOSPC},
        ".output-staging-",
        (".output-staging-", "index.html: no space left", "free some space"),
    ),
    "a full disk while publishing": (
        {"op": "exchange", "errno": errno.ENOSPC},
        "output",
        ("-> output: no space left", "free some space"),
    ),
    "a full disk for the staging folder": (
        {"op": "mkdir", "errno": errno.ENOSPC},
        ".output-staging-",
        ("site: no space left", "free some space"),
    ),
    "a read-only output/": (
        {"op": "exchange", "errno": errno.EACCES},
        "output",
        ("-> output: permission denied", "ls -ld"),
    ),
    "a read-only project folder": (
        {"op": "mkdir", "errno": errno.EROFS},
        ".output-staging-",
        ("site: the disk is mounted read-only", "writable disk"),
    ),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_build_the_file_system_stops_says_why_in_one_line(
    published, tmp_path, failure
):
    rule, under, words = FAILURES[failure]
    env = faults(tmp_path, {**rule, "under": str(published / under)})
    result = invoke(published, "build", env=env)
    said_in_one_line(result, *words)
    said_in_one_line(result, "The build failed; output/ is unchanged.")


def test_a_draft_into_a_read_only_output_says_why_in_one_line(published, tmp_path):
    """`invoke draft` writes into output/ itself: one line too."""
    output = published / "output"
    env = faults(tmp_path, {"op": "write", "under": str(output), "errno": errno.EROFS})
    said_in_one_line(
        invoke(published, "draft", env=env), "output/", "mounted read-only"
    )


@pytest.mark.parametrize(
    ("source", "signal"),
    [
        # after the checks listed it, before Pelican read it: a link to it
        # failed inside a template (a Jinja traceback)
        ("content/pages/about.ja.md", "article_generator_init"),
        # after the Japanese site read it, before the English site did
        ("content/pages/about.en.md", "all_generators_finalized"),
    ],
)
def test_a_source_deleted_while_the_build_runs_is_named(
    published, tmp_path, source, signal
):
    kept = (published / source).read_bytes()
    env = faults(
        tmp_path, {"op": "delete", "under": str(published / source), "signal": signal}
    )
    try:
        result = invoke(published, "build", env=env)
    finally:
        (published / source).write_bytes(kept)
    said_in_one_line(result, f"{source}:1:", "deleted or moved while the build ran")


def test_a_full_disk_in_a_worker_process_says_why_in_one_line(tmp_path):
    """Pages rendered in forked workers (parallel_writing): the worker's
    error comes out as the same one line, not a worker's traceback."""
    content = write_corpus(tmp_path / "site", 70)
    output = tmp_path / "output"
    env = faults(
        tmp_path / "faults",
        {"op": "write", "under": str(output), "errno": errno.ENOSPC, "in_fork": True},
    )
    result = build(
        output,
        content=content,
        env=env,
        check=False,
        extra=["--extra-settings", "BUILD_PROCESSES=2"],
    )
    said_in_one_line(result, "index.html: no space left on the disk (ENOSPC)")


def full(path: str) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", path)


def test_an_os_error_in_a_fork_is_raised_as_itself():
    with pytest.raises(OSError) as raised:
        map_in_forks(full, ["a", "b", "c", "d"], 2)
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == "a"


def test_explain_names_the_path_the_meaning_and_a_fix():
    # A write to a full disk names no file; Pelican logs a warning about it,
    # which --fatal turns into a RuntimeError raised while handling it.
    fatal_warning = RuntimeError("Warning or error encountered")
    fatal_warning.__context__ = OSError(errno.ENOSPC, "No space left on device")
    assert explain(fatal_warning, "/srv/site/output") == (
        "/srv/site/output: no space left on the disk (ENOSPC): free some space "
        "(`df -h` shows how much is left), then try again"
    )
    assert explain(ValueError("a template bug")) is None
