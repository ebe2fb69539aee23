"""The theme's stylesheet is written as many files and read as one."""

from __future__ import annotations

import re

import rcssmin

from tests.built_site import ROOT


def test_a_reader_loads_one_stylesheet_with_every_part(published):
    css = published.site.root / "theme/css"
    assert [p.name for p in css.iterdir()] == ["site.css"]
    text = (css / "site.css").read_text("utf-8")
    assert "@import" not in text
    source = (ROOT / "theme/static/css/site.css").read_text("utf-8")
    parts = re.findall(r'@import "([^"]+)";', source)
    assert len(parts) >= 5
    for part in parts:
        minified = rcssmin.cssmin((ROOT / "theme/static/css" / part).read_text("utf-8"))
        assert minified.strip() in text, f"{part} is missing from the bundle"
