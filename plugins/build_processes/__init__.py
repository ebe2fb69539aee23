"""How many processes a build may use, and a map over forked ones.

Owns: `processes(settings)`, the one answer to "how many cores may this
build use" (BUILD_PROCESSES: True for every core this process may run on, a
number, or False for one), and `map_in_forks`, which runs a function over a
list in that many processes forked from this one. A fork sees everything
this process has built (content objects, contexts, sources) without
pickling it; only each item's result travels back, through a pipe.

Used by parallel_writing (pages), content_checks (per-file checks and the
rendered-HTML net) once there is enough work to pay for a fork. Not a
Pelican plugin (no register()): plugins import it. The live preview turns
BUILD_PROCESSES off once its server's threads run: a fork must not copy a
lock another thread holds.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def processes(settings: dict) -> int:
    """BUILD_PROCESSES' number, or (True) the cores this process may use."""
    wanted = settings.get("BUILD_PROCESSES", True)
    if not wanted:
        return 1
    if wanted is True:
        return len(os.sched_getaffinity(0))
    return max(1, int(wanted))


class WorkerFailed(RuntimeError):
    """A forked process raised; the message carries its traceback."""


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
                    report = ("failed", traceback.format_exc())
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
        failure = traceback.format_exc()
    for share, (pid, read) in enumerate(children, start=1):
        with os.fdopen(read, "rb") as pipe:
            try:
                kind, value = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                kind, value = "failed", "a worker process ended without a result"
        os.waitpid(pid, 0)
        if kind == "ok":
            results[share::workers] = value
        elif failure is None:
            failure = value
    if failure is not None:
        raise WorkerFailed(failure)
    return results
