"""Measure build speed: this project's build against stock Pelican + i18n_subsites.

Owns: for each corpus size, a cold build, a rebuild with nothing changed and
a rebuild after editing one file, with pages per second and peak memory, for
our settings (pelicanconf.py: theme, plugins, caches) and for the baseline
(Pelican's default theme with only i18n_subsites) on the same corpus. Each
build is its own process, as `pelican` on the command line is; its peak RSS
comes from the kernel (wait4). Corpora and outputs live in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
BASELINE_SETTINGS = """\
# Stock Pelican 4.12 + i18n_subsites: default theme, nothing else.
PATH = "content"
DEFAULT_LANG = "ja"
TIMEZONE = "Asia/Tokyo"
PLUGINS = ["i18n_subsites"]
I18N_SUBSITES = {"en": {}}
LOCALE = ("C.UTF-8", "C")
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float


@dataclass
class Result:
    build: str  # "ours" or "stock"
    articles: int
    pages_written: int
    cold: Run
    unchanged: Run
    one_edit: Run
    live_one_edit: Run | None = None  # ours: the live preview's rebuild

    @property
    def pages_per_second(self) -> float:
        return self.pages_written / self.cold.seconds


def run_build(args: list[str], cwd: Path) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read() if process.stderr else ""
    if process.returncode != 0:
        raise RuntimeError(
            f"build failed ({process.returncode}): {' '.join(args)}\n{errors}"
        )
    return Run(round(seconds, 2), round(usage.ru_maxrss / 1024, 1))


def pelican_args(
    content: Path, output: Path, settings: Path, cache: Path, *extra: str
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "--settings",
        str(settings),
        "--output",
        str(output),
        "--extra-settings",
        f"CACHE_PATH={json.dumps(str(cache))}",
        *extra,
    ]


def measure(
    build: str, content: Path, work: Path, settings: Path, *extra: str
) -> Result:
    output, cache = work / f"{build}-output", work / f"{build}-cache"
    args = pelican_args(content, output, settings, cache, *extra)
    cold = run_build(args, work)
    unchanged = run_build(args, work)
    edited = next((content / "articles").glob("*.en.md"))
    edited.write_text(edited.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    one_edit = run_build(args, work)
    pages = sum(1 for _ in output.rglob("*.html"))
    articles = sum(1 for _ in (content / "articles").glob("*.ja.md"))
    return Result(build, articles, pages, cold, unchanged, one_edit)


def live_rebuild(content: Path, work: Path) -> Run:
    """Start the live preview on the corpus, save one article, and time until
    it announces the rebuilt site (what the browser waits for)."""
    import urllib.request

    from dev_server import free_port

    port = free_port()
    output = work / "live-output"
    code = (
        "from pathlib import Path; from dev_server import LivePreview; "
        f"LivePreview(Path({str(ROOT)!r}), '127.0.0.1', {port}, "
        f"content=Path({str(content)!r}), output=Path({str(output)!r})).serve()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                events = urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/__live/events", timeout=30
                )
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        first = events.readline()  # the current build
        events.readline()
        japanese = sorted((content / "articles").glob("*.ja.md"))
        edited = japanese[len(japanese) // 2]
        start = time.perf_counter()
        edited.write_text(edited.read_text("utf-8") + "\nライブ編集。\n", "utf-8")
        while (line := events.readline()) in (first, b"\n") or line.startswith(b":"):
            pass
        seconds = time.perf_counter() - start
    finally:
        process.terminate()
    _, _, usage = os.wait4(process.pid, 0)
    return Run(round(seconds, 2), round(usage.ru_maxrss / 1024, 1))


def real_site_live_edit() -> Run:
    """The live preview of this repository's own content: save, then rebuilt."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="bcc-bench-site-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        return live_rebuild(content, Path(tmp))


def bench(sizes: list[int]) -> list[Result]:
    live = real_site_live_edit()
    print(
        f"real site: live preview shows a saved edit after {live.seconds:.2f} s",
        flush=True,
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="bcc-bench-") as tmp:
        for size in sizes:
            work = Path(tmp) / f"n{size}"
            content = write_corpus(work, size)
            baseline = work / "baseline.py"
            baseline.write_text(BASELINE_SETTINGS, "utf-8")
            ours = measure("ours", content, work, ROOT / "pelicanconf.py")
            ours.live_one_edit = live_rebuild(content, work)
            print_result(ours)
            stock = measure(
                "stock", content, work, baseline,
                "--extra-settings", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true",
            )  # fmt: skip
            print_result(stock)
            results += [ours, stock]
    return results


def print_result(result: Result) -> None:
    live = result.live_one_edit
    runs = [result.cold, result.unchanged, result.one_edit, *([live] if live else [])]
    print(
        f"{result.build:>5}  N={result.articles:<5} cold {result.cold.seconds:6.2f} s  "
        f"unchanged {result.unchanged.seconds:6.2f} s  one edit {result.one_edit.seconds:6.2f} s  "
        + (f"live preview edit {live.seconds:5.2f} s  " if live else " " * 29)
        + f"{result.pages_per_second:6.1f} pages/s ({result.pages_written} pages)  "
        f"peak RSS {max(run.peak_rss_mb for run in runs):6.1f} MB",
        flush=True,
    )


def to_json(results: list[Result]) -> str:
    return json.dumps(
        [
            asdict(r) | {"pages_per_second": round(r.pages_per_second, 1)}
            for r in results
        ],
        indent=2,
    )
