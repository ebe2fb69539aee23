"""Make the file system fail on purpose in the processes a test starts.

A full disk, a read-only folder or a file deleted halfway through a build
cannot be made for real here without root-only mounts, and as root (CI runs
in a container as root) chmod stops nothing. So `faults()` gives the
environment for a subprocess (invoke, pelican) in which a sitecustomize.py
makes chosen operations on chosen paths raise the OSError the kernel would
(errno and path as the system gives them), in that process and its forks:

- `write`: opening a file for writing (open(), os.open());
- `read`: opening a file for reading;
- `mkdir`: making a folder (os.mkdir, as tempfile.mkdtemp does);
- `exchange`: renameat2(), the call publishing.py puts a build in place
  with (and os.rename, its fallback);
- `delete`: not a fault: the file is removed once Pelican sends the named
  signal (a source deleted while the build runs).

A rule with `in_fork` applies only in a process forked from the one that
loaded it (a build's worker processes).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

SITECUSTOMIZE = r'''
import builtins, ctypes, errno, io, json, os

RULES = json.loads(os.environ.get("INJECTED_FAULTS", "[]"))
FORKED = [False]
os.register_at_fork(after_in_child=lambda: FORKED.__setitem__(0, True))


def fault(op, path):
    if isinstance(path, int):
        return None
    text = os.path.abspath(os.fsdecode(path))
    for rule in RULES:
        if rule["op"] != op or not text.startswith(rule["under"]):
            continue
        if rule.get("in_fork") and not FORKED[0]:
            continue
        return rule["errno"], text
    return None


def fail(op, path):
    found = fault(op, path)
    if found:
        number, text = found
        raise OSError(number, os.strerror(number), text)


_open = builtins.open


def open_(file, mode="r", *args, **kwargs):
    fail("read" if set(mode) <= set("rbt") else "write", file)
    return _open(file, mode, *args, **kwargs)


builtins.open = io.open = open_
_os_open = os.open
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def os_open(path, flags, *args, **kwargs):
    fail("write" if flags & WRITES else "read", path)
    return _os_open(path, flags, *args, **kwargs)


os.open = os_open
_mkdir = os.mkdir


def mkdir(path, *args, **kwargs):
    fail("mkdir", path)
    return _mkdir(path, *args, **kwargs)


os.mkdir = mkdir
_rename = os.rename


def rename(source, target, *args, **kwargs):
    fail("exchange", source)
    fail("exchange", target)
    return _rename(source, target, *args, **kwargs)


os.rename = rename


class Library:
    """ctypes.CDLL(None) with a renameat2 that refuses the chosen paths."""

    def __init__(self, library):
        self._library = library

    def __getattr__(self, name):
        function = getattr(self._library, name)
        if name != "renameat2":
            return function

        def renameat2(first_fd, first, second_fd, second, flags):
            found = fault("exchange", first) or fault("exchange", second)
            if found:
                ctypes.set_errno(found[0])
                return -1
            return function(first_fd, first, second_fd, second, flags)

        return renameat2


if any(rule["op"] == "exchange" for rule in RULES):
    _CDLL = ctypes.CDLL
    ctypes.CDLL = lambda name, *args, **kwargs: (
        Library(_CDLL(name, *args, **kwargs)) if name is None
        else _CDLL(name, *args, **kwargs)
    )

for rule in RULES:
    if rule["op"] == "delete":
        from pelican import signals

        def delete(*args, path=rule["under"], **kwargs):
            if os.path.exists(path):
                os.unlink(path)

        getattr(signals, rule["signal"]).connect(delete, weak=False)
'''


def faults(folder: Path, *rules: dict) -> dict[str, str]:
    """The environment in which `rules` apply: each {"op", "under" (a path
    prefix), "errno"} and optionally "in_fork", or {"op": "delete", "under"
    (the file), "signal" (Pelican's)}."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, "utf-8")
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "INJECTED_FAULTS": json.dumps(list(rules))}
