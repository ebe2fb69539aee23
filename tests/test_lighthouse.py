"""Lighthouse 12, mobile: 100 in every category on the pages readers land on first."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.built_site import ROOT
from tests.quality_tools import (
    CHROMIUM_ARGS,
    LIGHTHOUSE,
    require_chromium,
    require_node_tool,
)

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
REPORTS = ROOT / "test-artifacts/lighthouse"


@pytest.mark.parametrize("path", ["/", "/en/", "/conference/", "/en/conference/"])
def test_lighthouse_scores_100_on_mobile(published, path):
    name = path.strip("/").replace("/", "-") or "ja"
    scores, failing = run_lighthouse(published.base + path, name)
    assert scores == dict.fromkeys(CATEGORIES, 1), failing


# Audits that measure this machine's main-thread time as much as the page:
# on a loaded 2-core machine a page scoring 100 idle falls to 0.95-0.99 on
# these alone (TRAPS.md: Gates under load).
TIMING = {
    "total-blocking-time", "speed-index", "first-contentful-paint",
    "largest-contentful-paint", "interactive", "max-potential-fid",
}  # fmt: skip
RUNS = 3


def run_lighthouse(url: str, name: str) -> tuple[dict[str, float], list[str]]:
    """Lighthouse's mobile scores for one page, and the audits that fell short.
    A run that falls short on timing alone is run again (up to RUNS): a page
    that is really slow falls short every time; any other shortfall counts
    at once."""
    runs = 0
    while True:
        scores, failing = run_lighthouse_once(url, name)
        runs += 1
        timing_only = failing and all(f.split(":")[0] in TIMING for f in failing)
        if not timing_only or runs == RUNS:
            break
    if failing:
        failing.append(f"(run {runs} of up to {RUNS})")
    return scores, failing


def run_lighthouse_once(url: str, name: str) -> tuple[dict[str, float], list[str]]:
    """One Lighthouse run (its report: test-artifacts/lighthouse/<name>.json)."""
    chromium = require_chromium()
    lighthouse = require_node_tool(LIGHTHOUSE, "Lighthouse")
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{name}.json"
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        [
            str(lighthouse),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
        ],
        env={**os.environ, "CHROME_PATH": str(chromium)},
        check=True,
        timeout=180,
    )
    result = json.loads(report.read_text("utf-8"))
    scores = {name: result["categories"][name]["score"] for name in CATEGORIES}
    failing = [
        f"{audit['id']}: {audit.get('displayValue') or audit['title']}"
        for category in result["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] > 0
        and (audit := result["audits"][ref["id"]])["score"] is not None
        and audit["score"] < 1
    ]
    return scores, failing
