"""plugins/build_processes and what uses it: work split over forked
processes gives exactly what one process gives, in order, and a failure in
a fork is raised, with its traceback, in the build."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from pelican.settings import read_settings

from benchmarks.corpus import write_corpus
from build_processes import WorkerFailed, map_in_forks, start_in_forks
from content_checks import content_checks, rules
from tests.built_site import ROOT
from tests.project_copy import edit_text as edit


@given(items=st.lists(st.integers(), max_size=30), workers=st.integers(1, 5))
@examples(max_examples=40, deadline=None)
def test_a_map_over_forks_is_the_map(items, workers):
    assert map_in_forks(lambda n: (n, n * n), items, workers) == [
        (n, n * n) for n in items
    ]


def seven_is_not_welcome(n: int) -> int:
    if n == 7:
        raise ValueError("seven is not welcome")
    return n


def test_a_failure_in_a_fork_is_raised_with_its_traceback():
    with pytest.raises(WorkerFailed, match="seven is not welcome"):
        map_in_forks(seven_is_not_welcome, list(range(12)), 3)


@given(items=st.lists(st.integers(), max_size=30), workers=st.integers(1, 5))
@examples(max_examples=20, deadline=None)
def test_work_begun_in_forks_gives_the_map(items, workers):
    """start_in_forks (shared_markdown's conversions): the same results, in
    order, once collected, while this process did something else."""
    started = start_in_forks(lambda n: (n, n * n), items, workers)
    meanwhile = sum(range(1000))
    assert started.results() == [(n, n * n) for n in items] and meanwhile


def test_work_begun_in_forks_raises_its_failure_or_is_stopped():
    with pytest.raises(WorkerFailed, match="seven is not welcome"):
        start_in_forks(seven_is_not_welcome, list(range(12)), 3).results()
    endless = start_in_forks(lambda n: time.sleep(60), [1, 2], 2)
    pids = [pid for pid, _ in endless.children]
    endless.abandon()
    for pid in pids:  # gone, and reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_worker_that_logs_never_waits_for_the_status_lines_lock():
    """Pelican's status line redraws through the console's lock from a thread
    of its own; a fork while that thread holds it must not leave a worker
    waiting for it (the build would hang)."""
    code = """
import threading, time
from pelican.log import console
from build_processes import map_in_forks
held = threading.Event()
def redraw():
    with console._lock:
        held.set()
        time.sleep(0.5)
threading.Thread(target=redraw).start()
held.wait()
print(map_in_forks(lambda n: console.print("worker", n) or n, [1, 2, 3], 3))
"""
    said = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
    )  # fmt: skip
    assert said.returncode == 0, said.stderr
    assert said.stdout.strip().endswith("[1, 2, 3]")


@pytest.fixture
def broken_corpus(tmp_path):
    content = write_corpus(tmp_path / "site", 40)
    edit(content / "articles/item-00003.en.md", "## Overview", "<script>x</script>\n\n## Overview")  # fmt: skip
    edit(content / "articles/item-00011.ja.md", "## 概要", "[x]({filename}nowhere.md)\n\n## 概要")  # fmt: skip
    edit(content / "pages/page-02.en.md", "Title:", "Colour: blue\nTitle:")
    return content


def test_checks_on_several_processes_find_what_one_finds(broken_corpus, monkeypatch):
    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(broken_corpus)}
    )

    def findings(processes: int) -> list:
        content_checks.MEMO.entries.clear()
        settings["BUILD_PROCESSES"] = processes
        return content_checks.check_content(settings)[0]

    one = findings(1)
    assert len(one) >= 3
    monkeypatch.setattr(rules, "FILES_PER_PROCESS", 1)
    assert findings(3) == one


def test_the_net_on_several_processes_finds_what_one_finds(broken_corpus, monkeypatch):
    from content_checks.sources import read_source

    def pending():
        for path in sorted(broken_corpus.rglob("*.md")):
            text = read_source(path, broken_corpus).text
            html = text.replace("## Overview", "<h2>Overview</h2>")
            content_checks._PENDING.append(
                content_checks.Rendered(path, broken_corpus, html, "", str(path))
            )

    def net(workers: int) -> list:
        content_checks._NET.clear()
        content_checks._CLEAN.clear()
        pending()
        content_checks.check_pending(workers)
        return sorted(content_checks._NET)

    one = net(1)
    assert any("script" in f.message for f in one)
    monkeypatch.setattr(content_checks, "RENDERED_PER_PROCESS", 1)
    assert net(3) == one
    content_checks._NET.clear()


def test_the_main_sites_net_run_while_the_next_site_is_read_still_stops_the_build(
    tmp_path,
):
    """content_checks begins the rendered-HTML net over the main site's pages
    in forks and collects it when the next (i18n) site is read: a script in
    one page's HTML among hundreds still stops a publishing build there,
    before any page is written, and a clean run remembers every page."""
    content = write_corpus(tmp_path / "site", 260)
    sources = sorted((content / "articles").glob("*.md"))
    pending = [
        content_checks.Rendered(path, content, "<p>Plain text.</p>", "", f"d{n}")
        for n, path in enumerate(sources)
    ]
    pending[123] = content_checks.Rendered(
        sources[123], content, "<p>x</p><script>alert(1)</script>", "", "bad"
    )
    subsites = {"en": {}}
    main = {"DEFAULT_LANG": "ja", "I18N_SUBSITES": subsites, "BUILD_PROCESSES": 2,
            "CONTENT_CHECKS_FATAL": True}  # fmt: skip
    sub = {**main, "DEFAULT_LANG": "en"}

    def site(settings):
        return [type("Generator", (), {"settings": settings})()]

    content_checks._PENDING[:] = pending
    content_checks.report_rendered(site(main))
    assert content_checks._BEGUN  # running, while the next site is read
    with pytest.raises(SystemExit):
        content_checks.report_rendered(site(sub))
    assert not content_checks._BEGUN
    assert {f"d{n}" for n in range(len(pending)) if n != 123} <= content_checks._CLEAN
    assert "bad" not in content_checks._CLEAN


def test_work_begun_in_forks_ends_with_the_process_that_began_it():
    """A build that stops before it collects (its content checks refused
    something) leaves no worker running."""
    code = (
        "import time; from build_processes import start_in_forks; "
        "started = start_in_forks(time.sleep, [60, 60], 2); "
        "print(*[pid for pid, _ in started.children]); raise SystemExit(1)"
    )
    said = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        timeout=30, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
    )  # fmt: skip
    assert said.returncode == 1
    for pid in map(int, said.stdout.split()):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
