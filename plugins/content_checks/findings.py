"""A finding: one problem in one file, at one line, said so an editor can fix it.

Owns: the Finding record, its `path:line: message` form (the form editors'
tools make clickable), and the "did you mean" hint every rule uses.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Finding:
    path: Path
    line: int
    message: str

    def format(self, relative_to: Path) -> str:
        try:
            shown = self.path.relative_to(relative_to)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.message}"


def did_you_mean(word: str, choices, show=str) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f' — did you mean "{show(close[0])}"?' if close else ""
