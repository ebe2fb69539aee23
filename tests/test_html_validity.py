"""Every page is valid HTML by the W3C Nu Html Checker (npm vnu-jar)."""

from __future__ import annotations

import json
import subprocess

from tests.built_site import CMS_URL
from tests.quality_tools import VNU_JAR, require_java, require_node_tool


def test_every_page_passes_the_nu_html_checker(published):
    java = require_java()
    jar = require_node_tool(VNU_JAR, "vnu-jar")
    # Not the content editor (/admin/): its page is Decap's application, not
    # the site's (tests/built_site.py: CMS_URL).
    admin = published.site.root / CMS_URL.strip("/")
    pages = sorted(
        p for p in published.site.root.rglob("*.html") if not p.is_relative_to(admin)
    )
    assert len(pages) >= 26
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{m.get('url', '').split('/output/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []
