"""A build that fails for a reason outside the text of content/ says so in one line.

Owns: turning an OSError (a full disk, a folder the build may not write, a
file gone while the build ran) into `path: what is wrong (ENAME): how to fix
it`, the line an editor reads instead of a traceback; and the one place a
Pelican run says it (`say_failures_in_one_line`, on `initialized`), around
Pelican.run, so `invoke build`, `invoke draft`, a bare `pelican` and the live
preview all say it the same way (each treats SystemExit as said already).
tasks.py says it with `explain` for what it does itself (the staging folder,
publishing).

An OSError raised in a forked worker (build_processes) is raised again as
itself in the build, so it is said the same way; so is one a fatal warning
was logged about (Pelican raises RuntimeError while handling it). Any other
error keeps its traceback: that is a bug in a template or a plugin.
"""

from __future__ import annotations

import errno
import os
import sys

FREE_SPACE = "free some space (`df -h` shows how much is left), then try again"
ACCESS = (
    "give your user access to it (`ls -ld` shows its owner and mode) "
    "or run this as its owner, then try again"
)
# errno -> (what is wrong, how to fix it)
MEANINGS = {
    errno.ENOSPC: ("no space left on the disk", FREE_SPACE),
    errno.EDQUOT: ("your disk quota is used up", FREE_SPACE),
    errno.EACCES: ("permission denied", ACCESS),
    errno.EPERM: ("operation not permitted", ACCESS),
    errno.EROFS: (
        "the disk is mounted read-only",
        "build in a copy of the project on a writable disk, or remount it read-write",
    ),
    errno.ENOENT: (
        "it is not there: deleted or moved while the build ran?",
        "put it back (or finish the move), then try again",
    ),
    errno.EISDIR: (
        "a folder stands where a file should be",
        "move the folder away, then try again",
    ),
    errno.ENOTDIR: (
        "a file stands where a folder should be on this path",
        "move that file away, then try again",
    ),
    errno.ENAMETOOLONG: (
        "the name is too long for this file system",
        "shorten the slug or the folder names",
    ),
    errno.EMFILE: (
        "too many files open at once",
        "raise the limit (`ulimit -n 4096`), then try again",
    ),
    errno.EBUSY: (
        "it is in use (a mount point, or held by another program)",
        "close what holds it, then try again",
    ),
    errno.EIO: (
        "the disk reported an input/output error",
        "check the disk (`dmesg`) before trying again",
    ),
}
MEANINGS[errno.ENFILE] = MEANINGS[errno.EMFILE]


def os_error(error: BaseException | None) -> OSError | None:
    """The OSError behind `error`: itself, or one it was raised from or
    while handling (a fatal warning logged about it)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OSError):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def shown(path: str | os.PathLike) -> str:
    """A path as the reader's shell names it: relative below the working
    folder, whole elsewhere (and for the working folder itself)."""
    path = os.fsdecode(path)
    relative = os.path.relpath(os.path.abspath(path))
    return (
        os.path.abspath(path)
        if relative.startswith("..") or relative == "."
        else relative
    )


def explain(error: BaseException, where: str | os.PathLike | None = None) -> str | None:
    """One line for an error the file system raised (None for any other):
    the path (or `where`, when the error names none: a write to a full
    disk), what is wrong in plain words, and how to fix it."""
    found = os_error(error)
    if found is None:
        return None
    path = found.filename if found.filename is not None else where
    name = f"{shown(path)}: " if path is not None else ""
    if found.filename2 is not None:
        name = f"{shown(path)} -> {shown(found.filename2)}: "
    if found.errno is None:  # raised by Python code, not the system
        return f"{name}{found}: fix it, then try again"
    what, fix = MEANINGS.get(
        found.errno, (found.strerror or str(found), "fix it, then try again")
    )
    code = errno.errorcode.get(found.errno, str(found.errno))
    return f"{name}{what} ({code}): {fix}"


def say_failures_in_one_line(pelican) -> None:
    """Around this Pelican's run: an error explain() can say is said in one
    line on stderr, and the run stops with exit status 1 (SystemExit, which
    Pelican's command line and the live preview take as said already)."""
    run = pelican.run
    output = pelican.settings.get("OUTPUT_PATH")

    def run_saying_failures() -> None:
        try:
            run()
        except Exception as error:
            message = explain(error, output)
            if message is None:
                raise
            print(message, file=sys.stderr)
            sys.stderr.flush()
            raise SystemExit(1) from None

    pelican.run = run_saying_failures
