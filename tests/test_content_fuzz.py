"""Property: whatever an editor does to a content file, `make build` either
publishes or names the file and line — never a traceback, a hang, a file
written outside output/, or a changed output/ after a failure.

Hypothesis mutates the real content files: front-matter keys and values,
encodings, line endings, link syntax, raw HTML, truncation. `make test` runs a
small fixed set of examples (the "ci" profile: derandomized, so every run
tries the same ones); `invoke fuzz` runs thousands of new ones.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.built_site import ROOT
from tests.built_site import settings as site_settings
from tests.project_copy import INVOKE, copy_project, path_without_venv, tree_digest

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
settings.register_profile(
    "ci",
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
BUILD_TIMEOUT = 180  # seconds: a build that takes longer is hanging
SOURCES = sorted(
    path.relative_to(ROOT / "content").as_posix()
    for path in (ROOT / "content").rglob("*.md")
)
FINDING = re.compile(r"^content/[^\n]*:\d+: \S")

# --- What a careless or hostile editor writes ---------------------------------
KEYS = [*sorted(site_settings.CONTENT_METADATA), "Titel", "Lnag", "", "x" * 80]
TRICKY_VALUES = [
    "",
    " ",
    "\t",
    "\x00",
    "\x1b[31m",
    "\u2028",
    "\ufeff",
    "\u200b",
    "é",
    "コワーキング",
    "2013-06-01",
    "2013-02-30",
    "0000-00-00",
    "9999-12-31",
    "2013-06-01 25:61",
    "2031-01-01",
    "draft",
    "hidden",
    "DRAFT",
    "published",
    "../../etc/passwd",
    "/etc/passwd",
    "en",
    "news",
    "feeds/atom.xml",
    "_headers",
    "robots.txt",
    "index.html",
    "en/index.html",
    "theme/css/x.css",
    "a b",
    "Über",
    "%2e%2e/x",
    "javascript:alert(1)",
    "https://example.org",
    "<script>alert(1)</script>",
    "</script><!--<script>",
    "<!--",
    "{{ 7*7 }}",
    "{% raw %}",
    "%(name)s",
    "event",
    "home",
    "../templates/base",
    "ja",
    "fr",
    "EN",
]
TRICKY_TEXT = st.sampled_from(TRICKY_VALUES) | st.text(max_size=40)
TRICKY_LINES = [
    '<meta http-equiv="refresh" content="0;url=https://example.org">',
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//example.org/x.js>",
    '<img src="https://example.org/x.png" alt="x">',
    "<img src=x onerror=alert(1)>",
    '<a href="jav&#x61;script:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=//example.org>",
    '<base href="https://example.org/">',
    "<!-- unclosed",
    "<style>body{display:none}</style>",
    '<p style="x">y</p>',
    "[x]({filename}missing.md)",
    "[x](|filename|about.en.md)",
    "[x]({filename})",
    "[x]({static}/images/none.png)",
    "[x]({tag}news)",
    "[x]({filename}../../README.md)",
    "![](https://example.org/a.png)",
    "![]()",
    "[x](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "```",
    "~~~",
    "`",
    "<div>",
    "</div>",
    "&",
    "<",
    "{filename}",
    "|filename|",
    "{%",
    "{{",
    "\x00",
    "\r",
    "\u2028",
    "Title: again",
    "TODO(write)",
    "    indented code <script>",
]
SNIPPETS = st.sampled_from(TRICKY_LINES) | st.text(max_size=30)


@dataclass
class Mutation:
    """One edit to one content file, described so a failure can be re-made."""

    kind: str
    detail: tuple

    def apply(self, text: str) -> str | bytes:
        lines = text.split("\n")
        match self.kind:
            case "set":
                key, value = self.detail
                lines.insert(1, f"{key}: {value}")
            case "delete":
                (index,) = self.detail
                del lines[index % len(lines)]
            case "insert":
                index, snippet = self.detail
                lines.insert(index % (len(lines) + 1), snippet)
            case "truncate":
                (fraction,) = self.detail
                return text[: int(len(text) * fraction)]
            case "newlines":
                (newline,) = self.detail
                return text.replace("\n", newline)
            case "encode":
                (encoding,) = self.detail
                return text.encode(encoding, errors="replace")
        return "\n".join(lines)


MUTATIONS = st.one_of(
    st.builds(Mutation, st.just("set"), st.tuples(st.sampled_from(KEYS), TRICKY_TEXT)),
    st.builds(Mutation, st.just("delete"), st.tuples(st.integers(0, 40))),
    st.builds(Mutation, st.just("insert"), st.tuples(st.integers(0, 40), SNIPPETS)),
    st.builds(Mutation, st.just("truncate"), st.tuples(st.floats(0, 1))),
    st.builds(
        Mutation, st.just("newlines"), st.tuples(st.sampled_from(["\r\n", "\r"]))
    ),
    st.builds(
        Mutation,
        st.just("encode"),
        st.tuples(st.sampled_from(["shift_jis", "utf-16", "latin-1", "utf-8-sig"])),
    ),
)
EDITS = st.lists(
    st.tuples(st.sampled_from(SOURCES), st.lists(MUTATIONS, min_size=1, max_size=3)),
    min_size=1,
    max_size=2,
)


def apply_edits(content: Path, edits) -> None:
    for relative, mutations in edits:
        path = content / relative
        try:
            data: str | bytes = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # re-encoded by an earlier edit: leave it so
        for mutation in mutations:
            if isinstance(data, bytes):
                break  # already re-encoded: later edits would be on bytes
            data = mutation.apply(data)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_bytes(data.encode("utf-8", errors="surrogatepass"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a good production build in output/."""
    project = copy_project(tmp_path_factory.mktemp("fuzz") / "site")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def run_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [INVOKE, "build"],
        cwd=project,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=BUILD_TIMEOUT,
        env={**os.environ, "PATH": path_without_venv(), "COLUMNS": "200"},
    )


def everything_but_output(project: Path) -> dict[str, str]:
    """The project folder and its parent, without what a build may write."""
    digest = {
        path: value
        for path, value in tree_digest(project).items()
        if not path.startswith(("output/", "cache/", "content/"))
    }
    digest["<parent>"] = " ".join(sorted(p.name for p in project.parent.iterdir()))
    return digest


@settings(settings.get_profile(PROFILE))
@given(edits=EDITS)
def test_any_edit_publishes_or_names_the_file_and_line(project, edits):
    content = project / "content"
    shutil.rmtree(content)
    shutil.copytree(ROOT / "content", content)
    good_output = tree_digest(project / "output")
    around = everything_but_output(project)
    apply_edits(content, edits)

    try:
        result = run_build(project)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build hung on {edits!r}")
    said = result.stdout + result.stderr
    assert "Traceback" not in said, f"{edits!r}\n{said}"
    assert everything_but_output(project) == around, f"{edits!r} wrote elsewhere"
    if result.returncode != 0:
        findings = [line for line in said.splitlines() if FINDING.match(line)]
        assert findings, f"{edits!r} failed without a file:line finding:\n{said}"
        assert tree_digest(project / "output") == good_output, (
            f"{edits!r} changed output/ though the build failed"
        )
    else:
        # Whatever was published is readable by all, and nothing is a link.
        for path in (project / "output").rglob("*"):
            assert not path.is_symlink(), path
