"""How many processes a build may use, and a map over forked ones.

Owns: `processes(settings)`, the one answer to "how many cores may this
build use" (BUILD_PROCESSES: True for every core this process may run on, a
number, or False for one), and `map_in_forks`, which runs a function over a
list in that many processes forked from this one. A fork sees everything
this process has built (content objects, contexts, sources) without
pickling it; only each item's result travels back, through a pipe.

Used by parallel_writing (pages), content_checks (per-file checks and the
rendered-HTML net) once there is enough work to pay for a fork; and, begun
with `start_in_forks` and collected later, by shared_markdown (each
source's conversion, beside the content checks). Not a
Pelican plugin (no register()): plugins import it. A worker's OSError (a
full disk, a folder it may not write) is raised again as itself, so the
build says it as it would from one process (content_checks/failures.py);
any other error as WorkerFailed, with the worker's traceback. The live preview turns
BUILD_PROCESSES off once its server's threads run: a fork must not copy a
lock another thread holds.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import IO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def console_lock_held_across_forks() -> None:
    """Pelican runs a build under a rich status line, whose thread redraws
    it through the console's lock. A fork made while that thread holds the
    lock would copy it held, and a worker that then logs would wait for it
    forever: each fork here takes the lock first, and the child gets a new
    one."""
    from pelican.log import console

    if not hasattr(console, "_lock") or not hasattr(os, "register_at_fork"):
        return  # not the rich Console this was written for, or no fork here

    def new_lock() -> None:
        console._lock = threading.RLock()

    os.register_at_fork(
        before=lambda: console._lock.acquire(),
        after_in_parent=lambda: console._lock.release(),
        after_in_child=new_lock,
    )


console_lock_held_across_forks()


def forks_are_safe() -> bool:
    """Whether this platform can fork a build: Windows cannot at all, and on
    macOS a fork of a process that runs threads (rich's status line does,
    during every Pelican build) may hang or crash in the system's libraries
    (Python 3.12+ warns of it). There, a build runs in one process."""
    return hasattr(os, "fork") and sys.platform != "darwin"


def cores() -> int:
    """The cores this process may run on, on any platform."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):  # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def processes(settings: dict) -> int:
    """BUILD_PROCESSES' number, or (True) the cores this process may use; one
    where forks are not safe (forks_are_safe)."""
    wanted = settings.get("BUILD_PROCESSES", True)
    if not wanted or not forks_are_safe():
        return 1
    if wanted is True:
        return cores()
    return max(1, int(wanted))


class WorkerFailed(RuntimeError):
    """A forked process raised; the message carries its traceback."""


def failed() -> tuple[str, str, OSError | None]:
    """What a worker reports of the exception it is handling: its traceback,
    and the OSError itself when it can travel (pickled) to the parent."""
    error = sys.exc_info()[1]
    if isinstance(error, OSError):
        try:
            pickle.loads(pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:
            error = None
    else:
        error = None
    return "failed", traceback.format_exc(), error


def raise_failure(text: str, error: OSError | None) -> None:
    if error is not None:
        error.add_note(f"In a worker process:\n{text}")
        raise error
    raise WorkerFailed(text)


def read_report(pipe: IO[bytes]) -> tuple:
    """A worker's report: ("ok", results) or failed()'s triple."""
    try:
        report = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError):
        return "failed", "a worker process ended without a result", None
    return report


def map_in_forks(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
) -> list[Result]:
    """[function(item) for item in items], on `workers` processes: this one
    takes every workers-th item from the first, each fork the items from its
    own offset. In order; the first exception anywhere is raised here."""
    if workers <= 1 or len(items) < 2:
        return [function(item) for item in items]
    workers = min(workers, len(items))
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for share in range(1, workers):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, report, leave without cleanup
            status = 1
            try:
                os.close(read)
                try:
                    report = ("ok", [function(item) for item in items[share::workers]])
                except BaseException:
                    report = failed()
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(report, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        children.append((pid, read))
    results: list = [None] * len(items)
    failure = None
    try:
        results[0::workers] = [function(item) for item in items[0::workers]]
    except BaseException:
        failure = failed()
    for share, (pid, read) in enumerate(children, start=1):
        with os.fdopen(read, "rb") as pipe:
            report = read_report(pipe)
        os.waitpid(pid, 0)
        if report[0] == "ok":
            results[share::workers] = report[1]
        elif failure is None:
            failure = report
    if failure is not None:
        raise_failure(*failure[1:])
    return results


class Started:
    """Work begun by start_in_forks: results() waits for it and gives what
    map_in_forks would have; abandon() stops it, as does this process's exit
    (a build stopped before it collects leaves no worker behind)."""

    def __init__(self, children: list[tuple[int, IO[bytes]]], count: int) -> None:
        self.children = children
        self.count = count
        atexit.register(self.abandon)

    def results(self) -> list:
        atexit.unregister(self.abandon)
        results: list = [None] * self.count
        workers, failure = len(self.children), None
        for share, (pid, output) in enumerate(self.children):
            os.waitpid(pid, 0)
            with output:
                output.seek(0)
                report = read_report(output)
            if report[0] == "ok":
                results[share::workers] = report[1]
            elif failure is None:
                failure = report
        self.children = []
        if failure is not None:
            raise_failure(*failure[1:])
        return results

    def abandon(self) -> None:
        atexit.unregister(self.abandon)
        for pid, output in self.children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            output.close()
        self.children = []


def start_in_forks(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int
) -> Started:
    """map_in_forks, begun: each of `workers` forks takes every workers-th
    item from its own offset while this process goes on with other work.
    Each fork writes its results to a file of its own (through a pipe it
    would wait for this process to read)."""
    sys.stdout.flush()
    sys.stderr.flush()
    workers = max(1, min(workers, len(items)))
    children = []
    for share in range(workers):
        output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by results/abandon)
        pid = os.fork()
        if pid == 0:  # the child: compute, report, leave without cleanup
            status = 1
            try:
                try:
                    report = ("ok", [function(item) for item in items[share::workers]])
                except BaseException:
                    report = failed()
                pickle.dump(report, output, protocol=pickle.HIGHEST_PROTOCOL)
                output.flush()
                status = 0
            finally:
                os._exit(status)
        children.append((pid, output))
    return Started(children, len(items))
