"""Measure build speed: this project's build against Hugo and stock Pelican.

Owns: for each corpus size, a cold build, a rebuild with nothing changed and
a rebuild after editing one file, with pages per second and peak memory, for
our settings (pelicanconf.py: theme, plugins, caches), for Hugo (the `hugo`
package of requirements-dev.txt) on the same corpus converted to a Hugo site
(benchmarks/hugo_site.py), and for the baseline (Pelican's default theme with
only i18n_subsites). All in the same run, so every ratio printed compares
numbers from the same machine at the same moment. Each build is its own
process, as `pelican` and `hugo` on the command line are; its peak RSS comes
from the kernel (wait4). Corpora and outputs live in a temporary folder.
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
from benchmarks.hugo_site import hugo_binary, hugo_version, write_hugo_site

ROOT = Path(__file__).resolve().parent.parent
LIVE_TARGET_SECONDS = 0.3  # edit to reload in the live preview
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
    build: str  # "ours", "stock" or "hugo"
    articles: int
    pages_written: int
    cold: Run
    unchanged: Run
    one_edit: Run  # Hugo's: a full build, what `hugo` does after an edit
    live_one_edit: Run | None = None  # ours: the live preview's rebuild
    hugo: Result | None = None  # ours: Hugo on the same corpus, in the same run

    @property
    def pages_per_second(self) -> float:
        return self.pages_written / self.cold.seconds

    @property
    def ms_per_page(self) -> float:
        """Cold build time per page written: flat as the site grows, or not."""
        return 1000 * self.cold.seconds / self.pages_written

    @property
    def peak_rss_mb(self) -> float:
        """The most any of its builds held (each a `pelican` or `hugo` process;
        not the live preview's server, which Hugo has no counterpart of here)."""
        return max(
            run.peak_rss_mb for run in (self.cold, self.unchanged, self.one_edit)
        )

    def ratios(self, stock: Result | None = None) -> dict[str, float]:
        """Ours over Hugo (and over stock Pelican), from this run's numbers."""
        found: dict[str, float] = {}
        for name, other in (("hugo", self.hugo), ("stock", stock)):
            if other is None:
                continue
            found |= {
                f"cold_vs_{name}": self.cold.seconds / other.cold.seconds,
                f"one_edit_vs_{name}": self.one_edit.seconds / other.one_edit.seconds,
                f"peak_rss_vs_{name}": self.peak_rss_mb / other.peak_rss_mb,
            }
        return {key: round(value, 2) for key, value in found.items()}


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
    return Run(round(seconds, 3), round(usage.ru_maxrss / 1024, 1))


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


def measure_hugo(site: Path, work: Path) -> Result:
    """Hugo's cold build (a new destination, an empty cache), a build with
    nothing changed, and the build after editing one article: without its
    server Hugo has no incremental build, so that is a full build too."""
    output, cache = work / "hugo-output", work / "hugo-cache"
    args = [
        str(hugo_binary()),
        "--source", str(site),
        "--destination", str(output),
        "--cacheDir", str(cache),
        "--quiet",
    ]  # fmt: skip
    cold = run_build([*args, "--ignoreCache"], work)
    unchanged = run_build(args, work)
    edited = sorted((site / "content/news").glob("item-*.en.md"))[0]
    edited.write_text(edited.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    one_edit = run_build(args, work)
    pages = sum(1 for _ in output.rglob("*.html"))
    articles = sum(1 for _ in (site / "content/news").glob("item-*.ja.md"))
    return Result("hugo", articles, pages, cold, unchanged, one_edit)


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


def bench(sizes: list[int], stock: bool = True) -> list[Result]:
    """Ours (with Hugo's numbers in .hugo) and, unless stock=False, stock
    Pelican, for each size: every number from this one run."""
    print(f"Hugo {hugo_version()}, {os.cpu_count()} CPUs", flush=True)
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
            # Hugo's copy of the same sources, before the edits below.
            site = write_hugo_site(content, work / "hugo-site")
            ours = measure("ours", content, work, ROOT / "pelicanconf.py")
            ours.live_one_edit = live_rebuild(content, work)
            print_result(ours)
            ours.hugo = measure_hugo(site, work)
            print_result(ours.hugo)
            results.append(ours)
            baseline = None
            if stock:
                settings = work / "baseline.py"
                settings.write_text(BASELINE_SETTINGS, "utf-8")
                baseline = measure(
                    "stock", content, work, settings,
                    "--extra-settings", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true",
                )  # fmt: skip
                print_result(baseline)
                results.append(baseline)
            print_ratios(ours, baseline)
    print_per_page(results)
    return results


def print_result(result: Result) -> None:
    live = result.live_one_edit
    print(
        f"{result.build:>5}  N={result.articles:<5} cold {result.cold.seconds:6.2f} s  "
        f"unchanged {result.unchanged.seconds:6.2f} s  one edit {result.one_edit.seconds:6.2f} s  "
        + (f"live preview edit {live.seconds:5.2f} s  " if live else " " * 29)
        + f"{result.pages_per_second:6.1f} pages/s ({result.pages_written} pages)  "
        f"peak RSS {result.peak_rss_mb:6.1f} MB"
        + (f" (live preview {live.peak_rss_mb:.1f} MB)" if live else ""),
        flush=True,
    )


def print_ratios(ours: Result, stock: Result | None) -> None:
    """The comparison the targets are set in, from this run's numbers."""
    hugo = ours.hugo
    assert hugo is not None
    ratios = ours.ratios(stock)
    live = ours.live_one_edit
    verdict = ""
    if live:
        within = live.seconds <= LIVE_TARGET_SECONDS
        verdict = (
            f"live preview edit {live.seconds:.2f} s "
            f"({'within' if within else 'over'} the {LIVE_TARGET_SECONDS} s target)"
        )
    lines = [
        f"ours/Hugo  N={ours.articles:<5} cold {ratios['cold_vs_hugo']:.2f}x "
        f"({ours.cold.seconds:.2f} s / {hugo.cold.seconds:.2f} s)  "
        f"one-edit rebuild vs Hugo's full build {ratios['one_edit_vs_hugo']:.2f}x "
        f"({ours.one_edit.seconds:.2f} s / {hugo.one_edit.seconds:.2f} s)  "
        f"peak RSS {ratios['peak_rss_vs_hugo']:.2f}x "
        f"({ours.peak_rss_mb:.0f} MB / {hugo.peak_rss_mb:.0f} MB)  {verdict}",
    ]
    if stock:
        lines.append(
            f"ours/stock N={ours.articles:<5} cold {ratios['cold_vs_stock']:.2f}x  "
            f"one-edit rebuild {ratios['one_edit_vs_stock']:.2f}x  "
            f"peak RSS {ratios['peak_rss_vs_stock']:.2f}x"
        )
    print("\n".join(lines), flush=True)


def print_per_page(results: list[Result]) -> None:
    """Cold build time per page written at each size: flat means the build
    scales linearly with the site."""
    rows: dict[int, dict[str, float]] = {}
    for result in results:
        row = rows.setdefault(result.articles, {})
        row[result.build] = result.ms_per_page
        if result.hugo:
            row["hugo"] = result.hugo.ms_per_page
    builds = [
        b for b in ("ours", "hugo", "stock") if any(b in r for r in rows.values())
    ]
    print("\ncold build time per page written (ms):")
    print("      N " + "".join(f"{build:>9}" for build in builds))
    for articles, row in rows.items():
        cells = "".join(
            f"{row[build]:9.2f}" if build in row else " " * 9 for build in builds
        )
        print(f"{articles:7d} {cells}")
    sizes = list(rows)
    if len(sizes) > 1:
        first, last = rows[sizes[0]], rows[sizes[-1]]
        growth = "  ".join(
            f"{build} {last[build] / first[build]:.2f}x"
            for build in builds
            if build in first and build in last
        )
        print(f"per page at N={sizes[-1]} over N={sizes[0]}: {growth}", flush=True)


def summary(result: Result, stock: Result | None = None) -> dict:
    """A result as JSON, with the figures derived from it."""
    found = asdict(result) | {
        "pages_per_second": round(result.pages_per_second, 1),
        "ms_per_page": round(result.ms_per_page, 3),
        "peak_rss_mb": result.peak_rss_mb,
    }
    if result.hugo:
        found["hugo"] = summary(result.hugo)
        found["ratios"] = result.ratios(stock)
    return found


def to_json(results: list[Result]) -> str:
    stock = {r.articles: r for r in results if r.build == "stock"}
    return json.dumps(
        [summary(r, stock.get(r.articles)) for r in results],
        indent=2,
    )
