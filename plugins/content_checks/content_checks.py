"""Pelican glue for the editorial rules: check content/ before anything is built.

Owns: running rules.py over the content folder when Pelican starts, printing
each finding as `path:line: message` (the form editors' tools make
clickable), and deciding what happens next:

- drafting (`make serve`, CONTENT_CHECKS_FATAL = False): report loudly and
  build anyway, so the editor keeps a preview while fixing things;
- publishing (`make build`, CI, CONTENT_CHECKS_FATAL = True, or any run with
  `--fatal`): report every finding, then stop with exit status 1 before a
  single file is written.

It also turns a source Pelican itself fails to read, or one deleted while
the build ran, into the same kind of message, instead of a traceback; and
has failures.py say a file system error (a full disk, a folder the build may
not write) in one line.

Signals: `initialized`, which fires in Pelican.__init__ before any generator
runs; only the main site checks (subsites read the same folder). Then, as a
safety net, `content_object_init` keeps the HTML each source rendered to
and `all_generators_finalized` checks it (rendered.py; on every core when
there is much of it, build_processes) and reports what it found: after
reading, before the first file is written (the main site's, in forks while
i18n_subsites reads the next site, reported with that site's). Must not
change content.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import Pelican, signals
from pelican.log import FatalLogger

from build_processes import Started, map_in_forks, processes, start_in_forks
from responsive_images.encoding import Limits
from site_data import site_data
from site_facts import build_now, is_main_site, language_name
from structured_data.structured_data import EVENT_STATUS

from . import sources
from .check_cache import MEMO
from .failures import say_failures_in_one_line
from .output_paths import Layout, output_path
from .rendered import check_rendered
from .rules import Finding, Rules, check_all
from .sources import Refused

log = logging.getLogger(__name__)


def language_names(codes) -> dict[str, str]:
    return {code: language_name(code, "en") for code in codes}


def rules_from(settings: dict) -> Rules:
    templates = Path(settings["THEME"]) / "templates"
    subsites = {
        f"{lang}/": f"the {name} site"
        for lang, name in language_names(settings.get("I18N_SUBSITES", {})).items()
    }
    return Rules(
        languages=language_names(settings["LANGUAGES"]),
        metadata_keys=frozenset(settings["CONTENT_METADATA"]),
        templates=frozenset(p.stem for p in templates.glob("*.html")),
        layout=Layout(
            save_as={
                "page": settings["PAGE_SAVE_AS"],
                "article": settings["ARTICLE_SAVE_AS"],
            },
            site_outputs=dict(settings.get("SITE_OUTPUT_PATHS", {})),
            listing=settings["INDEX_URL"],
            subsites=subsites,
        ),
        navigation=tuple(link.path for link in site_data.load(settings).navigation),
        kind_templates={
            kind: frozenset(names)
            for kind, names in settings.get("CONTENT_TEMPLATES", {}).items()
        },
        choices={"event_status": tuple(EVENT_STATUS), "one_language": ("yes",)},
        hold_after=held_after(settings),
        static_paths=tuple(settings.get("STATIC_PATHS", ())),
        static_types=tuple(settings.get("STATIC_FILE_TYPES", ())),
        image_limits=Limits(
            max_bytes=settings.get("IMAGE_MAX_BYTES", Limits.max_bytes),
            max_side=settings.get("IMAGE_MAX_SIDE", Limits.max_side),
            max_pixels=settings.get("IMAGE_MAX_PIXELS", Limits.max_pixels),
        ),
    )


def held_after(settings: dict) -> dt.datetime | None:
    """The build's now, in the site's time zone, when future articles wait."""
    if not settings.get("HOLD_FUTURE_ARTICLES"):
        return None
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    return build_now(settings["PATH"]).astimezone(zone).replace(tzinfo=None)


def check_content(settings: dict) -> tuple[list[Finding], list[Refused]]:
    """Every finding about content/, and what the build must not read."""
    root = Path(settings["PATH"])
    listing = sources.listing_for(settings)
    existing = {sources.relative_posix(path, root) for path in listing.files}
    # content/site.yml is no page: plugins/site_data reads and checks it.
    data_file = site_data.data_path(settings)
    files = [path for path in listing.files if path != data_file]
    found = sources.find_sources(root, settings.get("STATIC_PATHS", []), files)
    rules = rules_from(settings)
    static_folders = [root / folder for folder in rules.static_paths]
    static = [path for path in listing.files if sources.below(path, static_folders)]
    # check_cache.py: in memory always (exact: keyed by what the checks read);
    # from and to disk with Pelican's content cache.
    if settings.get("LOAD_CONTENT_CACHE"):
        MEMO.load(settings["CACHE_PATH"])
    before = MEMO.computed
    findings = check_all(
        found, rules, existing, listing.refused, static, MEMO, processes(settings)
    )
    pages = {  # a source whose name says no slug is a finding already
        s.slug: output_path(s, rules.layout) or ""
        for s in found
        if s.kind == "page" and s.slug
    }
    findings += site_data.problems(settings, pages)
    log.info(
        "Content checks: %d of %d sources checked afresh",
        MEMO.computed - before,
        len(found),
    )
    if settings.get("CACHE_CONTENT"):
        with contextlib.suppress(OSError):
            MEMO.save(settings["CACHE_PATH"])
    return findings, listing.refused


def fatal(settings: dict) -> bool:
    # pelican.log.FatalLogger.fatal_lvl is how `--fatal warnings|errors` is
    # recorded (checked on Pelican 4.12).
    return bool(settings.get("CONTENT_CHECKS_FATAL")) or (
        FatalLogger.fatal_lvl <= logging.ERROR
    )


def report(findings: list[Finding], *, stop: bool) -> None:
    cwd = Path(os.getcwd())
    for finding in findings:
        print(finding.format(cwd), file=sys.stderr)
    count = f"{len(findings)} content problem{'s' if len(findings) != 1 else ''}"
    if stop:
        print(f"{count}: nothing was built. Fix them and build again.", file=sys.stderr)
        sys.stderr.flush()
        raise SystemExit(1)
    print(
        f"{count} (listed above). The preview is built anyway; "
        "`make build` will refuse to publish until they are fixed.",
        file=sys.stderr,
    )


def check_before_build(pelican: Pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings):
        return  # a subsite: the main site has checked the same folder
    if "shared_markdown" in settings.get("PLUGINS", ()):
        # The listing is vetted (no link, pipe or device in it): let the
        # sources' Markdown conversion run on the other cores meanwhile.
        from shared_markdown.shared_markdown import begin

        begin(settings)
    findings, refused = check_content(settings)
    # Never read what was refused (links, pipes, unreadable files), not even
    # for a preview. IGNORE_FILES matches names; subsites copy this list.
    settings["IGNORE_FILES"] = [
        *settings.get("IGNORE_FILES", ()),
        *(glob.escape(r.path.name) for r in refused),
    ]
    _RENDERED.clear()
    _PENDING.clear()
    _RENDERED.update(str(finding.path) for finding in findings)  # said once is enough
    _LISTED[:] = [settings["PATH"], *sources.listing_for(settings).files]
    load_clean(settings)
    if findings:
        report(findings, stop=fatal(settings))


# The content folder and every file in it as the build began (gone_sources).
_LISTED: list = []
# Sources whose findings were said this build (so the net does not repeat them).
_RENDERED: set[str] = set()  # source paths, as Pelican names them
_NET: list[Finding] = []  # what the safety net found, until the main site reports
# Digests of rendered HTML already found clean: the same HTML gives the same
# answer, so a drafting build checks only what changed (kept under
# CACHE_PATH while LOAD_CONTENT_CACHE is on; a published build checks all).
_CLEAN: set[str] = set()
CLEAN_CACHE = "rendered-clean.json"


@dataclass(frozen=True)
class Rendered:
    """One source's HTML, waiting for the net (taken as read: plugins that
    run later, like responsive_images, change the content object's HTML)."""

    path: Path
    content_root: Path
    body: str
    summary: str
    digest: str


_PENDING: list[Rendered] = []
# HTML checks per process worth a fork (about 0.2 ms each).
RENDERED_PER_PROCESS = 250


def check_rendered_content(content) -> None:
    """As each page or article is read: keep the HTML it rendered to for the
    net (rendered.py), which runs when the site's sources are all read."""
    path = content.source_path  # every site reads it: checked once
    if path in _RENDERED or not hasattr(content, "_content"):
        return
    _RENDERED.add(path)
    summary = str(content.metadata.get("summary") or "")
    body = str(content._content)
    digest = hashlib.sha1(body.encode())
    digest.update(b"\0" + summary.encode())  # as sha1 of f"{body}\0{summary}"
    if (known := digest.hexdigest()) not in _CLEAN:
        root = Path(content.settings["PATH"])
        _PENDING.append(Rendered(Path(path), root, body, summary, known))


def net(item: Rendered) -> list[Finding]:
    source = sources.read_source(item.path, item.content_root)
    return check_rendered(source, item.body, item.summary)


def check_pending(workers: int) -> None:
    """Run the net over the HTML kept so far, on up to `workers` processes."""
    pending = list(_PENDING)
    _PENDING.clear()
    workers = min(workers, len(pending) // RENDERED_PER_PROCESS) or 1
    for item, found in zip(pending, map_in_forks(net, pending, workers), strict=True):
        if found:
            _NET.extend(found)
        else:
            _CLEAN.add(item.digest)


def check_rendered_again(content) -> list[Finding]:
    """The safety net for one source read again (the live preview's quick
    update): what it finds, said by the caller."""
    _RENDERED.discard(content.source_path)
    check_rendered_content(content)
    check_pending(1)
    found = sorted(set(_NET))
    _NET.clear()
    return found


def load_clean(settings: dict) -> None:
    # Kept in memory between builds of one process (the live preview): the
    # same HTML gets the same answer while the plugin's code is the same.
    if settings.get("LOAD_CONTENT_CACHE"):
        with contextlib.suppress(OSError, ValueError, TypeError):
            cache = Path(settings["CACHE_PATH"]) / CLEAN_CACHE
            _CLEAN.update(json.loads(cache.read_text("utf-8")))


# The net begun over the main site's HTML (in forks) while the next site is
# read, and where the main site keeps the clean digests.
_BEGUN: list[tuple[list[Rendered], Started]] = []
_MAIN_CACHE: list[Path | None] = [None]


def begin_pending(workers: int) -> None:
    pending = list(_PENDING)
    _PENDING.clear()
    workers = min(workers, len(pending) // RENDERED_PER_PROCESS)
    if workers < 2:
        _PENDING.extend(pending)  # too little to fork for: with the next site's
        return
    _BEGUN.append((pending, start_in_forks(net, pending, workers)))


def collect_pending() -> None:
    while _BEGUN:
        pending, started = _BEGUN.pop()
        for item, found in zip(pending, started.results(), strict=True):
            if found:
                _NET.extend(found)
            else:
                _CLEAN.add(item.digest)


def report_rendered(generators: list) -> None:
    """After a site's sources are read, before anything is written. With
    i18n_subsites the next site is read before any site writes a page: the
    main site's net runs in forks meanwhile, on the core that reading leaves
    idle, and the next site reports what it found with its own."""
    if not generators:
        return
    settings = generators[0].settings
    if gone := gone_sources(getattr(generators[0], "context", {}), settings):
        report(gone, stop=fatal(settings))
    workers = processes(settings)
    if is_main_site(settings):
        keep = settings.get("LOAD_CONTENT_CACHE")
        _MAIN_CACHE[0] = Path(settings["CACHE_PATH"]) if keep else None
        if settings.get("I18N_SUBSITES") and workers > 1:
            begin_pending(workers)
            return
    collect_pending()
    check_pending(workers)
    if _MAIN_CACHE[0] is not None:  # once a build, by the first site to finish
        cache, _MAIN_CACHE[0] = _MAIN_CACHE[0], None
        with contextlib.suppress(OSError):
            cache.mkdir(parents=True, exist_ok=True)
            (cache / CLEAN_CACHE).write_text(json.dumps(sorted(_CLEAN)), "utf-8")
    if _NET:
        findings = sorted(set(_NET))
        _NET.clear()
        report(findings, stop=fatal(settings))


def gone_sources(context: dict, settings: dict) -> list[Finding]:
    """Files listed as the build began that this site did not read and that
    are no longer there: deleted or moved while it ran. (Pelican would fail
    later, on a link to one, with a traceback.) Looks only at the few files
    no site reads as content (the sync-point lock)."""
    if not _LISTED or settings.get("PATH") != _LISTED[0]:
        return []  # another content folder (or none: a test's stand-in)
    root = Path(settings["PATH"])
    read = {*context.get("generated_content", ()), *context.get("static_content", ())}
    return [
        Finding(path, 1, GONE)
        for path in _LISTED[1:]
        if sources.relative_posix(path, root) not in read and not path.exists()
    ]


GONE = (
    "was deleted or moved while the build ran: put it back, or build again "
    "if it is meant to go"
)


class UnreadableSource(logging.Filter):
    """Pelican logs "Could not process <file>" with a traceback; say it plainly."""

    def __init__(self, settings: dict) -> None:
        super().__init__()
        self.settings = settings

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Could not process") or not record.args:
            return True
        # Pelican 4.12 logs this from inside its `except` block, with the file
        # (relative to the content folder) as the only argument.
        error = sys.exc_info()[1] or (record.exc_info and record.exc_info[1])
        path = Path(self.settings["PATH"]) / str(record.args[0])
        finding = Finding(path, 1, f"Pelican cannot read this file: {error}")
        print(finding.format(Path(os.getcwd())), file=sys.stderr)
        if fatal(self.settings):
            print("1 content problem: the build stops here.", file=sys.stderr)
            raise SystemExit(1)
        return False


def watch_unreadable_sources(pelican: Pelican) -> None:
    generators_log = logging.getLogger("pelican.generators")
    for old in [f for f in generators_log.filters if isinstance(f, UnreadableSource)]:
        generators_log.removeFilter(old)
    generators_log.addFilter(UnreadableSource(pelican.settings))


def register() -> None:
    signals.initialized.connect(check_before_build)
    signals.initialized.connect(watch_unreadable_sources)
    signals.initialized.connect(say_failures_in_one_line)
    signals.content_object_init.connect(check_rendered_content)
    signals.all_generators_finalized.connect(report_rendered)
