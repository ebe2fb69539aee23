"""Show an edit to a source's text in the live preview without a Pelican run.

Owns: keeping the last build's generators (every language's site, with its
finished context) in the live preview's process, and `update(paths)`: when
the only change since that build is the body of existing Markdown sources,
read just those sources again and render just the pages they can change,
in the warm process. At N = 1000 article pairs a full (incremental) run
spends over a second reading every source and rebuilding every content
object to re-render a handful of pages; this does the handful.

The quick way is taken only when it gives what a full build gives
(tests/test_live_update.py compares the two byte for byte). Otherwise
update() returns False and the caller runs a full build:
- a path that is not a .md source of the last build, or is gone;
- front matter changed (a title, date, slug, tag or status can move pages,
  reorder listings or change other pages), or the {static} files the text
  links to changed (the static files must follow);
- the edit changes which translations are outdated (every page shows it);
- no full build has finished in this process, or it failed.

For each site, the content object of the source is kept (listings,
translations and the rest point at it) and takes the text a fresh read
gives, through Pelican's readers and every plugin that reads content
(phrase breaks, content_checks' safety net, responsive_images' pictures:
the same files, as the links to them did not change). Then the site's page
generators run again with incremental_output's writer, selecting what
incremental_output would select for the same edit: the source's own
pages, the listing pages that list it, and every page (pages show the
news); the rest is skipped without rendering. Feeds are written again.

Signals: `initialized` (main site) to drop the last build's generators when
a new build starts; `all_generators_finalized` to keep each site's.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator

from content_checks import sources
from content_checks.check_cache import recheck
from content_checks.content_checks import check_rendered_again
from incremental_output import incremental_output
from responsive_images import responsive_images
from site_facts import is_main_site
from translation_sync.translation_sync import outdated_changes

log = logging.getLogger(__name__)
STATIC_LINK = re.compile(r"\{static\}[^\s)\"'>]*")


@dataclass
class Site:
    settings: dict
    generators: list = field(default_factory=list)


@dataclass
class Warm:
    sites: list[Site] = field(default_factory=list)  # main site first
    sources: dict[Path, sources.Source] = field(default_factory=dict)


_WARM: Warm | None = None
_BUILDING: Warm | None = None


def start(pelican) -> None:
    global _WARM, _BUILDING
    if is_main_site(pelican.settings):
        _WARM, _BUILDING = None, Warm()


def keep(generators: list) -> None:
    """A site's context is complete: remember its page generators."""
    if _BUILDING is None or not generators:
        return
    settings = generators[0].settings
    pages = [g for g in generators if isinstance(g, ArticlesGenerator | PagesGenerator)]
    _BUILDING.sites.append(Site(settings, pages))


def build_finished(succeeded: bool) -> None:
    """Called by the live preview after each full build."""
    global _WARM, _BUILDING
    warm, _BUILDING = _BUILDING, None
    if succeeded and warm and warm.sites and is_main_site(warm.sites[0].settings):
        warm.sources = dict(sources._READ)  # the sources as that build read them
        _WARM = warm
    else:
        _WARM = None


def front_matter(source: sources.Source) -> tuple:
    return tuple((key, f.value) for key, f in sorted(source.fields.items()))


def quick(source: sources.Source, before: sources.Source | None) -> bool:
    if before is None or source.read_error or source.decode_error:
        return False
    if front_matter(source) != front_matter(before):
        return False
    return sorted(STATIC_LINK.findall(source.text)) == sorted(
        STATIC_LINK.findall(before.text)
    )


def update(paths: list[Path]) -> bool:
    """Show the edits to these files, the quick way, or return False."""
    warm = _WARM
    if warm is None or not paths:
        return False
    started = time.perf_counter()
    main = warm.sites[0].settings
    root = Path(main["PATH"])
    edited = []
    for path in paths:
        path = Path(path)
        if path.suffix != ".md" or not path.is_file():
            return False
        source = sources.read_source(path, root)
        if not quick(source, warm.sources.get(path)):
            return False
        edited.append(source)
    if outdated_changes([s.path for s in edited], main):
        return False

    findings = []
    for source in edited:
        findings += recheck(source) or []
    for site in warm.sites:
        for source in edited:
            findings += read_again(site, source)
    if findings:
        from content_checks.content_checks import report

        report(sorted(set(findings)), stop=False)

    manifest = incremental_output.remembered(main)
    if manifest is None:
        return False
    paths_edited = {str(s.path) for s in edited}
    plan = incremental_output.Plan(
        main["OUTPUT_PATH"],
        manifest,
        *incremental_output.selection_for(manifest, paths_edited),
    )
    written = sum(render(site, plan) for site in warm.sites)
    for path in paths_edited:
        state = manifest.sources.get(path)
        if state is not None:
            status = os.stat(path)
            state[0] = [status.st_mtime_ns, status.st_size]
    for source in edited:
        warm.sources[source.path] = source
    log.info(
        "Live update: %d page(s) in %.2f s", written, time.perf_counter() - started
    )
    return True


def read_again(site: Site, source: sources.Source) -> list:
    """Give the site's content object for the source the text it has now."""
    found = []
    relative = source.relative
    for generator in site.generators:
        old = generator.context["generated_content"].get(relative)
        if old is None or Path(old.source_path) != source.path:
            continue
        is_article = isinstance(generator, ArticlesGenerator)
        fresh = generator.readers.read_file(
            base_path=generator.path,
            path=relative,
            content_class=type(old),
            context=generator.context,
            preread_signal=signals.article_generator_preread
            if is_article
            else signals.page_generator_preread,
            preread_sender=generator,
            context_signal=signals.article_generator_context
            if is_article
            else signals.page_generator_context,
            context_sender=generator,
        )
        old._content = fresh._content
        forget_rendered(old)
        responsive_images.refresh(old)  # its pictures, as a full build makes them
        found += check_rendered_again(old)
    return found


def forget_rendered(content: Content) -> None:
    """Drop Pelican's memoized content and summary of this object."""
    for name in ("get_content", "get_summary"):  # pelican.utils.memoized
        memo = Content.__dict__[name].cache
        for key in [k for k in memo if k and k[0] is content]:
            del memo[key]


def render(site: Site, plan) -> int:
    """Run the site's page generators again with incremental_output's
    writer and plan (in this process: the preview's server runs threads)."""
    writer = incremental_output.SelectiveWriter(
        site.settings["OUTPUT_PATH"], settings=site.settings
    )
    writer.plan = plan
    writer.processes = 1
    for generator in site.generators:
        generator.generate_output(writer)
    writer.flush()
    return len(writer._written_files)


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(keep)
