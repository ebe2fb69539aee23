"""The same commit builds the same bytes, wherever and whenever it is built."""

from __future__ import annotations

from tests.project_copy import copy_project, invoke, tree_digest

SITEURL = "https://example.org"


def test_two_clones_at_different_paths_build_identical_output(tmp_path):
    builds = {}
    machines = {
        "first": {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        "second": {"TZ": "America/New_York", "LANG": "ja_JP.UTF-8", "LC_ALL": ""},
    }
    for name, machine in machines.items():
        project = copy_project(tmp_path / name / "nested" / "site")
        result = invoke(project, "build", env={"SITEURL": SITEURL, **machine})
        assert result.returncode == 0, result.stdout + result.stderr
        builds[name] = tree_digest(project / "output")
    assert len(builds["first"]) >= 30
    differing = {
        path
        for path in builds["first"].keys() | builds["second"].keys()
        if builds["first"].get(path) != builds["second"].get(path)
    }
    assert differing == set()
