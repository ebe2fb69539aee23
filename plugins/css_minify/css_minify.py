"""Minify the stylesheets of a production build.

Owns: rewriting every .css file under OUTPUT_PATH with rcssmin when the
setting CSS_MINIFY is true (publishconf.py sets it; development builds keep
the readable file). rcssmin is a small, well-kept minifier that only removes
what CSS ignores (comments, white space), so the rules stay byte-for-byte the
same otherwise.

Signal: `finalized`, once the site is written. i18n_subsites shares the
theme's static files from the main site, so the main site's run covers them.
Must not touch HTML.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
from pelican import Pelican, signals


def minify_stylesheets(pelican: Pelican) -> None:
    if not pelican.settings.get("CSS_MINIFY"):
        return
    for stylesheet in sorted(Path(pelican.output_path).rglob("*.css")):
        source = stylesheet.read_text("utf-8")
        minified = rcssmin.cssmin(source)
        if minified != source:
            stylesheet.write_text(minified, "utf-8")


def register() -> None:
    signals.finalized.connect(minify_stylesheets)
