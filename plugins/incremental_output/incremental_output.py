"""Re-render only the pages an edit can change, when the last build is still there.

Owns: a manifest of the previous build of an output folder (which source each
written page shows, each source's stamp and routing front matter, and a
fingerprint of the settings and theme), and, on the next build of the same
folder, the choice of what to write:

- nothing changed: nothing is rendered;
- only Markdown sources were edited, none of them in a way that moves a page
  or reorders the news (Slug, Save_as, URL, Lang, Status, Template, Date,
  One_language): the edited sources' own pages, every page (pages show other
  pages' titles, and home shows the latest news) and the news listing pages
  that list them (not the rest of their listing, which Pelican would
  otherwise render whole);
- anything else (a source added or removed, the theme, a setting, a missing
  output file, no manifest): everything.

Pelican 4.12 renders every page on every build (it dropped WRITE_SELECTED);
this plugin hands it a Writer that skips the rest. On for drafting builds and
the live preview (INCREMENTAL_OUTPUT); publishconf.py turns it off, so what is
published is always rendered in full.

Signals: `initialized` (main site) to decide; `get_writer` to supply the
writer; `content_written` to learn which source each page shows; `finalized`
(main site) to save the manifest, in memory and under CACHE_PATH.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican, signals

from content_checks.sources import listing_for, read_source
from parallel_writing.parallel_writing import ParallelWriter
from site_facts import file_stamp, is_main_site

log = logging.getLogger(__name__)
MANIFEST = "incremental-output.json"
# Front matter that decides where a page is written, or whether it is.
ROUTING_KEYS = (
    "slug", "save_as", "url", "lang", "status", "template", "date", "one_language",
)  # fmt: skip
# Settings that plugins fill in or normalise during a build; what they derive
# from is fingerprinted already (CACHE_PATH is keyed by the settings file and
# plugin code).
VOLATILE_SETTINGS = {"MARKDOWN", "I18N_GETTEXT_LOCALEDIR", "PLUGINS", "WRITE_SELECTED"}


@dataclass
class Manifest:
    fingerprint: str = ""
    sources: dict[str, list] = field(default_factory=dict)  # path -> [stamp, routing]
    outputs: dict[str, list[str]] = field(
        default_factory=dict
    )  # path -> [kind, source]


@dataclass
class Plan:
    output: str
    manifest: Manifest
    selected: frozenset[str] | None  # None: write everything
    # First pages of the listings with a selected page: Pelican hands the
    # writer a listing by its first page, and renders all of its pages.
    listings: frozenset[str] = frozenset()
    recorded: dict[str, list] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)  # listing pages left as they are


_MEMORY: dict[str, Manifest] = {}  # output folder -> manifest (live preview)
_PLAN: Plan | None = None


class SelectiveWriter(ParallelWriter):
    """parallel_writing's Writer, rendering only selected files and files
    never written before (a page that is new, or moved); all of them when
    the plan selects nothing in particular."""

    plan: Plan

    def wanted(self, path: str) -> bool:
        plan = self.plan
        if plan.selected is None:
            return True
        return path in plan.selected or path not in plan.manifest.outputs

    def write_file(self, name, template, *args, **kwargs):
        path = os.path.join(self.output_path, name) if name else ""
        if path and not self.wanted(path) and path not in self.plan.listings:
            return None
        return super().write_file(name, template, *args, **kwargs)

    def wrap(self, template):
        # Outside the deferral: which pages to skip is decided here, now.
        return SelectedPages(super().wrap(template), self)

    def _open_w(self, filename, encoding, override=False):
        if filename in self.plan.kept:
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)


class SelectedPages:
    """A template that renders only the pages its writer wants: Writer.write_file
    renders every page of a listing through one template, and writes each
    page's render through Writer._open_w."""

    def __init__(self, template, writer: SelectiveWriter) -> None:
        self.template = template
        self.writer = writer

    def render(self, context: dict) -> str:
        writer = self.writer
        path = os.path.join(writer.output_path, context["output_file"])
        if writer.wanted(path):
            return self.template.render(context)
        writer.plan.kept.add(path)
        return ""


def fingerprint(settings: dict) -> str:
    """Everything but content that can change what a page looks like."""
    digest = hashlib.sha256()
    stable = {k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS}
    described = json.dumps(
        stable,
        sort_keys=True,
        default=lambda o: getattr(o, "__qualname__", type(o).__name__),
    )
    digest.update(described.encode())
    theme = Path(settings["THEME"])
    for path in sorted(p for p in theme.rglob("*") if p.is_file()):
        digest.update(path.relative_to(theme).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def source_states(settings: dict) -> dict[str, list]:
    """Every file under content/: its stamp and, for Markdown, its routing."""
    root = Path(settings["PATH"])
    states = {}
    for path in listing_for(settings).files:
        if path.suffix == ".md":
            # The stamp the routing was read at (content_checks has read it).
            source = read_source(path, root)
            routing = [source.value(key) for key in ROUTING_KEYS]
            states[str(path)] = [list(source.stamp), routing]
        else:
            stat = path.stat()
            states[str(path)] = [list(file_stamp(stat)), []]
    return states


def load(settings: dict) -> Manifest | None:
    output = settings["OUTPUT_PATH"]
    if output in _MEMORY:
        return _MEMORY[output]
    path = Path(settings["CACHE_PATH"]) / MANIFEST
    try:
        return Manifest(**json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


Selection = tuple[frozenset[str], frozenset[str]] | None  # pages, listings


def select(previous: Manifest | None, current: Manifest) -> Selection:
    """The pages to render and the listings they are in, or None for all."""
    if previous is None or previous.fingerprint != current.fingerprint:
        return None
    if previous.sources.keys() != current.sources.keys():
        return None
    if not all(os.path.exists(path) for path in previous.outputs):
        return None
    edited = {p for p, state in current.sources.items() if previous.sources[p] != state}
    for path in edited:
        if (
            not path.endswith(".md")
            or previous.sources[path][1] != current.sources[path][1]
        ):
            return None  # not Markdown, or its page moves: rebuild everything
    return selection_for(previous, edited)


def selection_for(previous: Manifest, edited: set[str]) -> Selection:
    """What edits to these sources (in place, nothing moved) re-render: their
    own pages, the listing pages that list them, and every page."""
    selected, listings = set(), set()
    for output, (kind, source, listed) in previous.outputs.items():
        if edited.intersection(listed):
            selected.add(output)
            listings.add(source)  # a listing page's source is its first page
        elif source in edited or (edited and kind == "page"):
            selected.add(output)
    return frozenset(selected), frozenset(listings)


def remembered(settings: dict) -> Manifest | None:
    """The manifest of the last build of the main site's output folder that
    this process made (the live preview's)."""
    return _MEMORY.get(settings["OUTPUT_PATH"])


def plan_build(pelican: Pelican) -> None:
    global _PLAN
    settings = pelican.settings
    if not is_main_site(settings):
        return
    _PLAN = None
    if not settings.get("INCREMENTAL_OUTPUT"):
        return
    current = Manifest(fingerprint(settings), source_states(settings))
    previous = load(settings)
    selection = select(previous, current)
    if selection is None:
        _PLAN = Plan(settings["OUTPUT_PATH"], current, None)
        return
    _PLAN = Plan(settings["OUTPUT_PATH"], current, *selection)
    current.outputs = dict(previous.outputs)  # a selection implies a previous build


def writer_for(pelican: Pelican):
    if not pelican.settings.get("INCREMENTAL_OUTPUT"):
        return None  # parallel_writing supplies its writer
    if _PLAN is None:
        return ParallelWriter
    SelectiveWriter.plan = _PLAN
    return SelectiveWriter


def record(path: str, context: dict | None = None) -> None:
    if _PLAN is None or not context or path in _PLAN.kept:
        return
    content = context.get("article") or context.get("page")
    if content is not None:
        kind = "article" if context.get("article") else "page"
        _PLAN.recorded[path] = [kind, content.source_path, []]
        return
    listed = context.get("articles_page")
    if listed is None:
        _PLAN.recorded[path] = ["listing", "", []]
        return
    site_root = path[: -len(context["output_file"])]
    first_page = site_root + context["articles_paginator"].name
    sources = [article.source_path for article in listed.object_list]
    _PLAN.recorded[path] = ["listing", first_page, sources]


def save(pelican: Pelican) -> None:
    global _PLAN
    if _PLAN is None or not is_main_site(pelican.settings):
        return
    manifest = _PLAN.manifest
    if _PLAN.selected is None:
        manifest.outputs = dict(_PLAN.recorded)
    else:
        manifest.outputs.update(_PLAN.recorded)
    log.info(
        "Incremental output: wrote %s",
        "everything" if _PLAN.selected is None else f"{len(_PLAN.recorded)} pages",
    )
    _MEMORY[_PLAN.output] = manifest
    cache = Path(pelican.settings["CACHE_PATH"])
    cache.mkdir(parents=True, exist_ok=True)
    # vars(), not dataclasses.asdict(): asdict deep-copies every list first.
    (cache / MANIFEST).write_text(json.dumps(vars(manifest)), "utf-8")
    _PLAN = None


def register() -> None:
    signals.initialized.connect(plan_build)
    signals.get_writer.connect(writer_for)
    signals.content_written.connect(record)
    signals.finalized.connect(save)
