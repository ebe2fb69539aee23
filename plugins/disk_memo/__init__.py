"""Results of pure work, kept under the build cache for the next process.

Owns: `DiskMemo`, a dict from a key (a digest of the work's input) to its
result, read from CACHE_PATH once per folder and written back atomically
with only the entries the latest build used, so it never grows with content
that is gone. Only for work that is a pure function of its input and of code
CACHE_PATH already versions (pelicanconf.py gives every version of the
plugins and of requirements.txt a cache folder of its own).

Not a Pelican plugin (no register()): plugins import it, as they import
build_processes. A damaged or foreign file is ignored: the work is done again.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

Result = TypeVar("Result")


def digest(text: str) -> str:
    """The key for a text input."""
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


class DiskMemo(Generic[Result]):
    def __init__(self, name: str) -> None:
        self.name = name  # the file under CACHE_PATH
        self.entries: dict[str, Result] = {}
        self.used: set[str] = set()
        self.changed = False
        self.loaded_from: set[str] = set()

    def load(self, cache_path: str) -> None:
        """Take what an earlier process saved there (once per folder)."""
        if cache_path in self.loaded_from:
            return
        self.loaded_from.add(cache_path)
        try:
            stored = pickle.loads((Path(cache_path) / self.name).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return
        if isinstance(stored, dict):
            self.entries = {**stored, **self.entries}

    def get(self, key: str, compute: Callable[[], Result]) -> Result:
        """The result for key: remembered, or computed now and remembered."""
        self.used.add(key)
        if key in self.entries:
            return self.entries[key]
        result = self.entries[key] = compute()
        self.changed = True
        return result

    def save(self, cache_path: str) -> None:
        """Write the entries used since the last save (and forget the rest,
        in memory too: the live preview's process lives for hours)."""
        if self.changed or len(self.used) != len(self.entries):
            kept = {key: self.entries[key] for key in self.used if key in self.entries}
            folder = Path(cache_path)
            folder.mkdir(parents=True, exist_ok=True)
            staged = folder / f".{self.name}.{id(self)}"
            staged.write_bytes(pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))
            staged.replace(folder / self.name)
            self.entries = kept
        self.used = set()
        self.changed = False
