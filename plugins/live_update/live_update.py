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
  reorder listings or change other pages), or the files in content/ the
  page's HTML links to or shows ({static}, |static|, in any Markdown form)
  changed: the static files and pictures must follow;
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
from site_facts import file_stamp, forget_rendered, is_main_site
from translation_sync.translation_sync import outdated_changes

log = logging.getLogger(__name__)
# A link to a file in content/, as Pelican writes it in HTML ({static} or
# |static|), up to the end of the attribute.
STATIC_LINK = re.compile(r"(?:\{static\}|\|static\|)[^\s\"'<>]*")


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
        warm.sources = sources.read_so_far()  # as that build read them
        _WARM = warm
    else:
        _WARM = None


def front_matter(source: sources.Source) -> tuple:
    return tuple((key, f.value) for key, f in sorted(source.fields.items()))


def quick(source: sources.Source, before: sources.Source | None) -> bool:
    if before is None or source.read_error or source.decode_error:
        return False
    return front_matter(source) == front_matter(before)


def update(paths: list[Path]) -> bool:
    """Show the edits to these files, the quick way, or return False (then
    nothing was changed: the caller builds)."""
    warm = _WARM
    if warm is None or not paths:
        return False
    started = time.perf_counter()
    main = warm.sites[0].settings
    manifest = incremental_output.remembered(main)
    if manifest is None:
        return False
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
    # Read every edited source again for every site; change nothing until all
    # of them link to the same files as before.
    fresh = [pair for site in warm.sites for s in edited for pair in read(site, s)]
    if any(static_links(new) != static_links(old, as_read=True) for old, new in fresh):
        return False

    findings = [f for source in edited for f in recheck(source) or []]
    for old, new in fresh:
        old._content = new._content
        forget_rendered(old)
        findings += check_rendered_again(old)  # the HTML as read, as in a build
        responsive_images.refresh(old)  # then its pictures, as a build makes them
    if findings:
        from content_checks.content_checks import report

        report(sorted(set(findings)), stop=False)

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
            state[0] = list(file_stamp(os.stat(path)))
    for source in edited:
        warm.sources[source.path] = source
    log.info(
        "Live update: %d page(s) in %.2f s", written, time.perf_counter() - started
    )
    return True


def static_links(content: Content, as_read: bool = False) -> list[str]:
    """The files in content/ the HTML links to or shows ({static}, |static|),
    as read (before responsive_images rewrote its pictures)."""
    html = content._content
    if as_read:
        html = getattr(content, "_responsive_source", html)
    return sorted(STATIC_LINK.findall(html or ""))


def read(site: Site, source: sources.Source) -> list[tuple[Content, Content]]:
    """(the site's content object for the source, the same source read again
    through Pelican's readers and every plugin that reads content)."""
    pairs = []
    relative = source.relative
    for generator in site.generators:
        old = generator.context["generated_content"].get(relative)
        if old is None or Path(old.source_path) != source.path:
            continue
        is_article = isinstance(generator, ArticlesGenerator)
        new = generator.readers.read_file(
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
        pairs.append((old, new))
    return pairs


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
