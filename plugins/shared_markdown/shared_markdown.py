"""Convert each Markdown source once per build, for every language's site.

Owns: a Markdown reader that keeps one converted copy of each source (HTML
and raw front matter, keyed by path and site_facts.file_stamp) for the whole process,
and reuses one Python-Markdown converter (`md.reset()`), instead of Pelican's
new converter per file. i18n_subsites builds each language as a whole second
Pelican that reads every source again; with this reader the second read costs
only the front matter, which is processed per site because Pelican binds
categories, tags and dates to each site's settings. In a long-running process
(the live preview) an unchanged source is never converted again.

Signals: `readers_init`, to put the reader in place of Pelican's for .md;
`finalized` (main site) to log how many sources were converted, for `-v` and
the test that proves "once per build". Pelican 4.12's MarkdownReader API
(`_parse_metadata`, `_md`, `_source_path`) is used as checked on that version.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor
from pelican import Pelican, signals
from pelican.readers import METADATA_PROCESSORS, MarkdownReader
from pelican.utils import pelican_open

from build_processes import Started, processes, start_in_forks
from content_checks.sources import below, listing_for
from site_facts import file_stamp, is_main_site

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Converted:
    stamp: tuple[int, int, int]  # site_facts.file_stamp of the source when converted
    html: str
    meta: dict[str, list[str]]  # front matter as Python-Markdown's meta gives it


class FieldConverter:
    """The part of a Markdown converter Pelican's _parse_metadata uses, with
    each formatted field (Summary) converted once whichever site asks."""

    def __init__(self, markdown: Markdown) -> None:
        self.markdown = markdown
        self.converted: dict[str, str] = {}

    @property
    def preprocessors(self):
        return self.markdown.preprocessors

    def reset(self) -> FieldConverter:
        return self  # the real reset happens before each real conversion

    def convert(self, text: str) -> str:
        if text not in self.converted:
            self.markdown.reset()
            self.converted[text] = self.markdown.convert(text)
        return self.converted[text]


_CONVERTED: dict[tuple[str, str], Converted] = {}  # (settings key, path) -> result
_CONVERTERS: dict[str, tuple[Markdown, FieldConverter]] = {}  # by settings key
STATS = {"converted": 0, "reads": 0}


def settings_key(markdown_settings: dict) -> str:
    return repr(sorted(markdown_settings.items()))


# Front-matter dates parse the same for every site (dateutil is slow).
_DATES: dict[tuple[str, str], object] = {}


class SharedMarkdownReader(MarkdownReader):
    def process_metadata(self, name: str, value):
        if name in ("date", "modified") and isinstance(value, str):
            key = (name, value)
            if key not in _DATES:
                _DATES[key] = METADATA_PROCESSORS[name](value, self.settings)
            return _DATES[key]
        return super().process_metadata(name, value)

    def converters(self) -> tuple[Markdown, FieldConverter]:
        """(documents, formatted fields): one converter for whole sources, one
        for the Summary and other formatted front-matter fields."""
        key = settings_key(self.settings["MARKDOWN"])
        if key not in _CONVERTERS:
            _CONVERTERS[key] = (
                Markdown(**self.settings["MARKDOWN"]),
                FieldConverter(Markdown(**self.settings["MARKDOWN"])),
            )
        return _CONVERTERS[key]

    def read(self, source_path: str):
        collect()
        self._source_path = source_path
        STATS["reads"] += 1
        documents, fields = self.converters()
        stat = os.stat(source_path)
        stamp = file_stamp(stat)
        key = (settings_key(self.settings["MARKDOWN"]), source_path)
        converted = _CONVERTED.get(key)
        if converted is None or converted.stamp != stamp:
            with pelican_open(source_path) as text:
                documents.reset()
                html = documents.convert(text)
            meta = {name: list(values) for name, values in documents.Meta.items()}
            converted = _CONVERTED[key] = Converted(stamp, html, meta)
            STATS["converted"] += 1
        # _parse_metadata deregisters "meta" from the converter it is handed
        # (so formatted fields never lose text to it); give it one to remove.
        if "meta" not in fields.preprocessors:
            fields.preprocessors.register(MetaPreprocessor(fields.markdown), "meta", 27)
        self._md = fields
        return converted.html, self._parse_metadata(converted.meta)


# Below this many sources, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
_WORKER_CONVERTER: dict[str, Markdown] = {}


def convert_in_worker(job: tuple[str, dict]) -> tuple[str, Converted | None]:
    """One source converted, or None where it cannot be (not UTF-8, gone,
    unreadable): Pelican's own read then fails for that file alone, and
    says so for it, as a build on one process does."""
    path, markdown_settings = job
    key = settings_key(markdown_settings)
    if key not in _WORKER_CONVERTER:
        _WORKER_CONVERTER[key] = Markdown(**markdown_settings)
    documents = _WORKER_CONVERTER[key]
    try:
        stat = os.stat(path)
        with pelican_open(path) as text:
            documents.reset()
            html = documents.convert(text)
    except Exception:
        return path, None
    meta = {name: list(values) for name, values in documents.Meta.items()}
    return path, Converted(file_stamp(stat), html, meta)


# The conversion begun for the latest build: (its settings, the work).
_BEGUN: list[tuple[dict, Started | None]] = []


def begin(settings: dict) -> None:
    """Start converting, on all CPU cores and beside this process's own
    work (the content checks), every source the build will read that is
    neither converted yet in this process nor answered by Pelican's content
    cache; the first read collects them. The sources are content_checks'
    listing: never a symbolic link, a pipe or a device. Not worth it for a
    few sources, or on one core. Once per build."""
    if _BEGUN and _BEGUN[0][0] is settings:
        return
    abandon()
    _BEGUN[:] = [(settings, None)]
    cache = Path(settings["CACHE_PATH"])
    if settings.get("LOAD_CONTENT_CACHE") and any(cache.glob("*-Readers*")):
        return
    # build_processes: one once the live preview's server threads run.
    workers = min(processes(settings), 4)
    SharedMarkdownReader(settings)  # normalises settings["MARKDOWN"] as reads will
    markdown_settings = settings["MARKDOWN"]
    key = settings_key(markdown_settings)
    root = Path(settings["PATH"])
    folders = [root / f for f in (*settings["PAGE_PATHS"], *settings["ARTICLE_PATHS"])]
    sources = [
        str(path)
        for path in listing_for(settings).files
        if path.suffix == ".md" and below(path, folders)
    ]
    stale = [path for path in sources if not is_converted(key, path)]
    if workers < 2 or len(stale) < PARALLEL_FROM:
        return
    jobs = [(path, markdown_settings) for path in stale]
    _BEGUN[:] = [(settings, start_in_forks(convert_in_worker, jobs, workers))]


def collect() -> None:
    """Take the conversions begun, waiting for them if need be."""
    if _BEGUN and _BEGUN[0][1] is not None:
        settings, started = _BEGUN[0]
        _BEGUN[0] = (settings, None)
        results = [(path, done) for path, done in started.results() if done]
        for path, converted in results:
            _CONVERTED[(settings_key(settings["MARKDOWN"]), path)] = converted
        STATS["converted"] += len(results)


def abandon() -> None:
    if _BEGUN and _BEGUN[0][1] is not None:
        _BEGUN[0][1].abandon()
        _BEGUN[0] = (_BEGUN[0][0], None)


def is_converted(key: str, path: str) -> bool:
    converted = _CONVERTED.get((key, path))
    if converted is None:
        return False
    stat = os.stat(path)
    return converted.stamp == file_stamp(stat)


def use_shared_reader(readers) -> None:
    readers.reader_classes["md"] = SharedMarkdownReader


def start(pelican: Pelican) -> None:
    if is_main_site(pelican.settings):
        STATS.update(converted=0, reads=0)
        begin(pelican.settings)


def report(pelican: Pelican) -> None:
    if is_main_site(pelican.settings):
        log.info(
            "Markdown: %d sources converted for %d reads",
            STATS["converted"],
            STATS["reads"],
        )


def register() -> None:
    signals.readers_init.connect(use_shared_reader)
    signals.initialized.connect(start)
    signals.finalized.connect(report)
