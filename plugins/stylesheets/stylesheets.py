"""One stylesheet per page load, written as many small files.

Owns: the theme's stylesheets in the output. The theme's `css/site.css` is a
list of `@import "<file>.css";` lines, one file per layer or component
(tokens, base, layout, card, …: theme/README.md), so each can be read and
changed on its own. After the site is written, every local @import is
replaced by the file it names, recursively, and the imported files are
removed from the output: a reader's browser fetches one file, as before.
In production (CSS_MINIFY, publishconf.py) the result is also minified with
rcssmin, which only removes what CSS ignores (comments, white space).

Signal: `finalized`, once the site is written. i18n_subsites shares the
theme's static files (THEME_STATIC_DIR) from the main site, so the main
site's run covers them.
Must not touch HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import rcssmin
from pelican import Pelican, signals

from site_facts import is_main_site

# @import "x.css"; or @import url("x.css"); of a file beside it (no media list).
IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']([\w./-]+\.css)["']\s*\)?\s*;""")
ENTRY = "site.css"


def inline_imports(stylesheet: Path, seen: frozenset[Path] = frozenset()) -> str:
    """The stylesheet with each local @import replaced by that file's text."""
    if stylesheet in seen:
        raise SystemExit(
            f"{stylesheet}: imports itself (through {', '.join(map(str, seen))})"
        )
    text = stylesheet.read_text("utf-8")

    def replace(match: re.Match[str]) -> str:
        target = (stylesheet.parent / match[1]).resolve()
        if not target.is_file():
            raise SystemExit(f"{stylesheet}: @import {match[1]!r}: no such file")
        return inline_imports(target, seen | {stylesheet}).strip() + "\n"

    return IMPORT.sub(replace, text)


def imported_files(stylesheet: Path) -> set[Path]:
    found = set()
    for name in IMPORT.findall(stylesheet.read_text("utf-8")):
        target = (stylesheet.parent / name).resolve()
        found |= {target, *imported_files(target)}
    return found


def bundle_stylesheets(pelican: Pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings):
        return  # its theme folder is the main site's
    # The theme's static files only, not the thousands of page folders.
    theme = Path(pelican.output_path) / settings["THEME_STATIC_DIR"]
    for entry in sorted(theme.rglob(ENTRY)):
        parts = imported_files(entry)
        text = inline_imports(entry)
        if pelican.settings.get("CSS_MINIFY"):
            text = rcssmin.cssmin(text)
        entry.write_text(text, "utf-8")
        for part in parts:
            part.unlink()
        for folder in sorted({p.parent for p in parts}, reverse=True):
            if folder != entry.parent and not any(folder.iterdir()):
                folder.rmdir()


def register() -> None:
    signals.finalized.connect(bundle_stylesheets)
