"""What ships is what was checked: the last look at every written page.

Owns: reading every HTML page and feed in the output folder after the last
plugin has changed it, as a browser reads it (plugins/html_allowlist), and
holding it to the allowlist of what the theme and Markdown produce. The
content checks read each source earlier and name its line; this reads the
bytes that are published, after every rewrite (phrase breaks, responsive
images, templates), so no rewrite and no parser difference can let a
script, a redirect or a foreign load through.

A finding names the source file the page was made from and the line that
shows the offending text (or the written file, when no source shows it).
The offending files are removed, so not even the live preview serves them;
a publishing build (`make build`, `--fatal`) then stops with exit status 1,
and `invoke build` leaves output/ as it was.

Feeds: every entry's HTML (Atom `content`/`summary`, RSS `description`) is
held to the content allowlist. Structured data (JSON-LD) must parse as
JSON inside its <script>; anything breaking out of it is a page element
the allowlist refuses.

A page found clean is remembered by its file's stamp (site_facts.file_stamp),
in the process (the live preview) and under CACHE_PATH while the content
cache is on: a rebuild reads only what changed. Many pages are read on
every core (build_processes).

Signals: `content_written` (every site) to learn which source each page
shows; `finalized` (main site, after every subsite; registered after the
plugins that write files then, before the search index reads them).
Must not change a page: it passes or is removed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from pelican import Pelican, signals

from build_processes import map_in_forks, processes
from content_checks.content_checks import fatal
from content_checks.findings import Finding
from html_allowlist import Problem, fragment_problems, page_problems
from site_facts import file_stamp, is_main_site

log = logging.getLogger(__name__)
FEED_SUFFIXES = (".xml", ".atom", ".rss")
ATOM = "{http://www.w3.org/2005/Atom}"
FEED_HTML = (f"{ATOM}content", f"{ATOM}summary", "description")
PAGES_PER_PROCESS = 200  # about 0.4 ms a page: a fork pays off above this

# Output path -> the source it shows (every site of this build).
_SOURCES: dict[str, str] = {}
# Output path -> (size, mtime_ns, inode) of the file last found clean.
_CLEAN: dict[str, tuple[int, int, int]] = {}


def remember_source(path: str, context: dict | None = None) -> None:
    content = (context or {}).get("article") or (context or {}).get("page")
    source = getattr(content, "source_path", None)
    if source:
        _SOURCES[os.path.abspath(path)] = source


def origins(settings: dict) -> frozenset[str]:
    """The URL prefixes of this site's own files."""
    found = {settings.get("SITEURL") or ""}
    found.update((settings.get("I18N_SUBSITES") or {}).get(lang, {}).get("SITEURL", "")
                 for lang in settings.get("I18N_SUBSITES") or {})  # fmt: skip
    return frozenset(url.rstrip("/") for url in found if url)


def shipped_files(output: Path) -> list[str]:
    found = []
    for folder, _dirs, files in os.walk(output):
        for name in files:
            if name.endswith((".html", ".htm", *FEED_SUFFIXES)):
                found.append(os.path.join(folder, name))
    return sorted(found)


class Check:
    """One build's look at its output folder (picklable: runs in forks)."""

    def __init__(self, output: Path, settings: dict) -> None:
        self.output = output
        self.origins = origins(settings)
        self.application = str(output / settings.get("CMS_PATH", "\0")).rstrip("/")

    def __call__(self, path: str) -> list[Problem]:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            return [Problem("", f"cannot be read back: {error.strerror}")]
        if path.endswith(FEED_SUFFIXES):
            return feed_problems(data, self.origins)
        application = path.startswith(self.application + os.sep)
        return page_problems(data, self.origins, application=application)


def feed_problems(data: bytes, origins: frozenset[str]) -> list[Problem]:
    try:
        root = ElementTree.fromstring(data)  # the site's own feeds: no DTD
    except ElementTree.ParseError as error:
        return [Problem("", f"is not well-formed XML: {error}")]
    found = []
    for element in root.iter():
        if element.tag in FEED_HTML and element.text:
            found += fragment_problems(element.text, origins)
    return found


def check_output(pelican: Pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings):
        return
    output = Path(pelican.output_path)
    load_clean(settings)
    stamps = {f: safe_stamp(f) for f in shipped_files(output)}
    files = [f for f, stamp in stamps.items() if _CLEAN.get(f) != stamp]
    workers = min(processes(settings), len(files) // PAGES_PER_PROCESS) or 1
    results = map_in_forks(Check(output, settings), files, workers)
    findings: list[Finding] = []
    for path, problems in zip(files, results, strict=True):
        if not problems:
            _CLEAN[path] = stamps[path]  # taken before it was read
            continue
        _CLEAN.pop(path, None)
        findings += [finding_for(path, problem) for problem in problems]
        remove_quietly(path)
    log.info("Shipped HTML: %d of %d files read", len(files), len(_CLEAN))
    save_clean(settings)
    if findings:
        report(sorted(set(findings)), settings)


CLEAN_CACHE = "shipped-clean.json"


def load_clean(settings: dict) -> None:
    """The files found clean by earlier builds, by their stamps (a rebuild
    that leaves a page as it was leaves its stamp as it was too)."""
    if not settings.get("LOAD_CONTENT_CACHE") or _CLEAN:
        return
    with contextlib.suppress(OSError, ValueError, TypeError):
        cache = Path(settings["CACHE_PATH"]) / CLEAN_CACHE
        _CLEAN.update((path, tuple(stamp)) for path, stamp in json.loads(
            cache.read_text("utf-8")).items())  # fmt: skip


def save_clean(settings: dict) -> None:
    if not settings.get("CACHE_CONTENT"):
        return
    with contextlib.suppress(OSError):
        cache = Path(settings["CACHE_PATH"])
        cache.mkdir(parents=True, exist_ok=True)
        staged = cache / f"{CLEAN_CACHE}.{os.getpid()}"
        staged.write_text(json.dumps(_CLEAN), "utf-8")
        staged.replace(cache / CLEAN_CACHE)


def safe_stamp(path: str) -> tuple[int, int, int] | None:
    """The file's stamp (site_facts.file_stamp), or None once it is gone."""
    try:
        return file_stamp(os.stat(path))
    except OSError:
        return None


def remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def finding_for(path: str, problem: Problem) -> Finding:
    """At the source's line that shows the offending text, else the file."""
    source = _SOURCES.get(os.path.abspath(path))
    if source and problem.needle:
        try:
            text = Path(source).read_text("utf-8")
        except (OSError, UnicodeError):
            text = ""
        index = text.lower().find(problem.needle.lower())
        if index >= 0:
            line = text.count("\n", 0, index) + 1
            return Finding(Path(source), line, problem.message)
        return Finding(Path(source), 1, f"{problem.message} (in {path})")
    return Finding(Path(path), 1, problem.message)


def report(findings: list[Finding], settings: dict) -> None:
    cwd = Path(os.getcwd())
    for finding in findings:
        print(finding.format(cwd), file=sys.stderr)
    count = len(findings)
    said = f"{count} problem{'s' if count != 1 else ''} in what would be published"
    if fatal(settings):
        print(f"{said}: nothing was published. Fix them and build again.",
              file=sys.stderr)  # fmt: skip
        sys.stderr.flush()
        raise SystemExit(1)
    print(f"{said} (listed above): those pages are left out of the preview.",
          file=sys.stderr)  # fmt: skip


def register() -> None:
    signals.content_written.connect(remember_source)
    signals.finalized.connect(check_output)
