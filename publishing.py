"""Publishing a production build: output/ replaced whole, at once, readable by all.

`make build` (`invoke build`) builds into a staging folder beside output/ and
hands it here. Three promises:

- A failed build leaves output/ as it was (so does one that cannot be put
  in its place: tasks.py says why in one line), and no run leaves clutter: each
  staging folder is locked (flock) while its build runs, so the next build or
  `make clean` removes only the folders no running build holds, whatever a
  killed build left behind.
- There is never a moment without output/: on Linux the staging folder and
  output/ trade places in one renameat2(RENAME_EXCHANGE); elsewhere two
  renames, with a window of microseconds.
- What is published is readable by any user, whatever the umask: files 0644,
  folders 0755 (a static host often serves as another user).

Owns: the `.output-staging-*` and `.output-retired-*` folders beside output/,
and output/ itself once a build is done. Must not: run Pelican (tasks.py does),
or touch anything else in the project folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import shutil
import stat
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: msvcrt's byte-range lock instead (_lock)
    fcntl = None

STAGING_PREFIX = ".output-staging-"
RETIRED_PREFIX = ".output-retired-"  # the old output/ on its way out
FILE_MODE = 0o644
FOLDER_MODE = 0o755
AT_FDCWD = -100  # <fcntl.h>: paths relative to the working directory
RENAME_EXCHANGE = 2  # <linux/fs.h>: swap the two paths


@contextlib.contextmanager
def staging_folder(root: Path) -> Iterator[Path]:
    """A new, locked staging folder in root, removed on the way out unless it
    was published; leftovers of earlier runs are removed first."""
    remove_leftovers(root)
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    except OSError as error:  # said of the folder it goes in, not a random name
        raise OSError(error.errno, error.strerror, str(root)) from error
    lock = _lock(staging)
    try:
        yield staging
    finally:
        _remove(staging)  # a failed build's; gone already once published
        _unlock(staging, lock)


def publish(staging: Path, output: Path) -> None:
    """Make a finished build world-readable and put it in place of output/."""
    make_world_readable(staging)
    replace_output(staging, output)


def make_world_readable(folder: Path) -> None:
    """Files 0644, folders 0755 (the folder itself included), whatever the
    umask the build ran under. Symbolic links are left as they are."""
    for path in [folder, *folder.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode):
            path.chmod(FOLDER_MODE)
        elif stat.S_ISREG(mode):
            path.chmod(FILE_MODE)


def replace_output(staging: Path, output: Path) -> None:
    """Put staging in place of output/, then remove the previous output/.
    On Linux there is no moment without an output/."""
    if not output.exists() and not output.is_symlink():
        staging.rename(output)
    elif exchange(staging, output):
        _remove(staging)  # now the previous output/
    else:
        # No atomic exchange here (not Linux, a C library before glibc 2.28,
        # or a file system without it): two renames, no output/ in between.
        retired = staging.parent / f"{RETIRED_PREFIX}{uuid.uuid4().hex}"
        output.rename(retired)
        try:
            staging.rename(output)
        except OSError:
            retired.rename(output)  # the previous output/, as it was
            raise
        _remove(retired)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE).
    False when this system cannot, with nothing changed."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    paths = os.fsencode(first), os.fsencode(second)
    if renameat2(AT_FDCWD, paths[0], AT_FDCWD, paths[1], RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False  # the kernel or this file system cannot exchange
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def remove_leftovers(root: Path) -> list[Path]:
    """Remove the staging and retired folders that no running build holds.

    A build that was killed or failed leaves its staging folder; one that is
    still running holds a lock on it and is left alone. Returns what it removed.
    """
    removed = []
    for path in sorted(
        [*root.glob(f"{STAGING_PREFIX}*"), *root.glob(f"{RETIRED_PREFIX}*")]
    ):
        if path.is_symlink() or not path.is_dir():
            continue  # not ours
        try:
            lock = _lock(path)
        except BlockingIOError:
            continue  # a build is writing into it right now
        except FileNotFoundError:
            continue  # its own build just removed it
        try:
            _remove(path)
            removed.append(path)
        finally:
            _unlock(path, lock)
    return removed


def _lock(folder: Path) -> int:
    """Hold an exclusive lock on folder until the returned descriptor closes;
    BlockingIOError when another process holds it. POSIX: flock on the folder
    itself. Windows (no fcntl, no folder descriptors): a lock on the first
    byte of a file beside it (`<folder>.lock`, removed with it: _unlock)."""
    if fcntl is None:
        import msvcrt

        fd = os.open(_lock_file(folder), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            os.close(fd)
            raise BlockingIOError(errno.EAGAIN, str(error), str(folder)) from error
        return fd
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return fd


def _lock_file(folder: Path) -> Path:
    return folder.with_name(folder.name + ".lock")


def _unlock(folder: Path, fd: int) -> None:
    os.close(fd)
    if fcntl is None:
        with contextlib.suppress(OSError):
            _lock_file(folder).unlink()


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


@functools.cache
def _renameat2() -> ctypes._CFuncPtr | None:
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    function = getattr(libc, "renameat2", None)  # glibc 2.28 and later
    if function is None:
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function
