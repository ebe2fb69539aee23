"""The editor's format is proven, not sampled (plugins/cms_config/admin/pelican-format.js).

tests/cms_format_property.js generates front-matter values (line breaks, blank
and space-only lines, BOM, CRLF, colons, `#`, `Key: value` lookalikes, tabs,
Python-only whitespace, Japanese, very long lines) for every key of
CONTENT_METADATA, and shows with fast-check that what the editor's `toFile`
writes, Pelican's own MarkdownReader (tests/cms_format_reader.py, with the
project's settings) reads back as exactly the documented normal form, Status
intact, and that the editor reads it back the same; also that the editor reads
any file's front matter, BOM and CRLF included, as Pelican does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.built_site import ROOT
from tests.quality_tools import require, require_node_tool

SCRIPT = ROOT / "tests/cms_format_property.js"
FAST_CHECK = ROOT / "node_modules/fast-check/package.json"
RUNS = 100  # per property: about 13 s on two busy cores


def test_what_the_editor_writes_pelican_reads_back_exactly():
    node = shutil.which("node")
    require(node is not None, "Node", "apt-get install nodejs")
    require_node_tool(FAST_CHECK, "fast-check")
    result = subprocess.run(
        [node or "node", str(SCRIPT), sys.executable, str(RUNS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert report.count("ok   ") == 6, report
