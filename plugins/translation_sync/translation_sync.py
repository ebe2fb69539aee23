"""Pelican glue for translation sync points (status.py): warn, notice, one language.

Owns:
- at the start of every build (main site), one line per outdated translation
  on stderr, `path:line: message`: printed, never logged, because an outdated
  translation is publishable and `--fatal warnings` stops on a logged warning;
  a lock that cannot be read, and an `Original:` or `Translated_from:` that
  is wrong (pairs.py), are content problems (content_checks' report);
- the Jinja global `outdated_against(content)`: the language of the original
  that changed since this translation was last in sync, or "" (the outdated
  notice, partials/outdated_notice.html, reads it; an original never has it);
- `records_for(settings)`: pairs.editor_records() of this build, for the
  editor's "up to date" box (plugins/cms_config); kept out of the settings,
  which incremental_output fingerprints (a new sync point re-renders nothing);
- the one-language rule: content marked `One_language: yes` stays on its own
  language's site; the other site writes no page for it and lists it nowhere,
  so alternates() finds no counterpart and points at that site's home;
- one file per pair on a site whose language the pair lacks (drafting only:
  `make build` refuses untranslated content): with three languages or more,
  a page in ja and en but not yet in ko is kept on the ko site once, in its
  original's language (`Original:`, else the main language, else the first
  of LANGUAGES it has), where Pelican would keep both and write the second
  over the first (FileOverwriteFailedError, which stopped the preview).

Signals: `initialized` (main site) to read the sync points, before
incremental_output fingerprints the settings (a change in what is outdated
re-renders everything); `generator_init` for the global;
`article_generator_pretaxonomy` and `page_generator_finalized` to drop the
other language's one-language content and an untranslated pair's second
file. Must not change any text, URL or alternates().
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pelican import Pelican, signals

from content_checks.content_checks import fatal, report
from content_checks.findings import Finding
from content_checks.sources import listing_for, read_source
from site_facts import is_main_site

from .pairs import check_pairs, editor_records, editor_view
from .status import (
    ONE_LANGUAGE_KEY,
    ORIGINAL_KEY,
    OUTDATED,
    Config,
    Item,
    LockError,
    find_items,
    statuses,
)

# Source path inside content/ -> language of the counterpart that changed.
_OUTDATED: dict[str, str] = {}
# The content folder -> pairs.editor_records() of its last check_sync.
_RECORDS: dict[Path, dict[str, dict]] = {}


def check_sync(pelican: Pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings):
        return  # subsites read the same folder: said once is enough
    _OUTDATED.clear()
    config = Config.from_settings(settings)
    # The build's own listing, when its paths are the ones config reads.
    same = Path(settings["PATH"]) == config.content
    files = listing_for(settings).files if same else None
    items = find_items(config, files)
    if problems := check_pairs(items, config):
        report(problems, stop=fatal(settings))
    try:
        found = statuses(config, items)
    except LockError as error:
        # Said like a content problem: it stops a published build; a preview
        # is built with every pair unrecorded (no outdated notice).
        report([error.finding], stop=fatal(settings))
        found = []
    cwd = Path(os.getcwd())
    for status in found:
        if status.state != OUTDATED or status.original is None:
            continue
        _OUTDATED[config.relative(status.path)] = status.original.lang or ""
        name = os.path.relpath(status.path, cwd)
        advice = (
            f"`invoke i18n-diff {name}` shows what changed; "
            f"`invoke i18n-mark {name}` (or the editor's “up to date” box) "
            "once it is translated"
        )
        message = f"{status.describe()} ({advice})"
        print(Finding(status.path, 1, message).format(cwd), file=sys.stderr)
    settings["TRANSLATION_SYNC_OUTDATED"] = sorted(_OUTDATED.items())
    _RECORDS.clear()
    _RECORDS[config.content] = editor_records(found, config)


def records_for(settings: dict) -> dict[str, dict]:
    """This build's editor records, or those of the content as it is now."""
    config = Config.from_settings(settings)
    if config.content in _RECORDS:
        return _RECORDS[config.content]
    return editor_view(config)


def outdated_changes(paths: list[Path], settings: dict) -> bool:
    """Would a build now mark a different translation of these sources'
    pairs as outdated than the last build did? (The live preview's quick
    update leaves such a change to a full build: every page shows it.)"""
    config = Config.from_settings(settings)
    items = []
    for path in paths:
        source = read_source(path.resolve(), config.content)
        stem = source.name_match["slug"] if source.name_match else None
        if not (source.kind and source.slug and stem):
            return True
        item = Item(source.kind, source.slug)
        for lang in config.languages:
            sibling = source.path.with_name(f"{stem}.{lang}.md")
            if sibling.is_file():
                found = read_source(sibling, config.content)
                if found.slug != source.slug:
                    return True  # paired by Slug, not by file name: ask a build
                item.files[lang] = found
        items.append(item)
    for status in statuses(config, items):
        if status.path is None:
            continue
        now = status.state == OUTDATED
        if now != (config.relative(status.path) in _OUTDATED):
            return True
    return False


def outdated_against(content) -> str:
    # Pelican's own path of the source inside PATH: no file system call per
    # page (resolving each page's path was a fifth of a cold build's render).
    path = getattr(content, "relative_source_path", None)
    return _OUTDATED.get(path.replace(os.sep, "/"), "") if path else ""


def add_globals(generator) -> None:
    generator.env.globals["outdated_against"] = outdated_against


def one_language(content) -> bool:
    return str(content.metadata.get(ONE_LANGUAGE_KEY, "")).strip() == "yes"


def shown_original(group: list, languages: list[str]) -> object:
    """Which file of an untranslated pair a site of another language shows:
    the original (`Original:`, else the main language), else the first in
    the order of LANGUAGES."""
    said = {str(c.metadata.get(ORIGINAL_KEY, "")).strip() for c in group} - {""}
    order = [*sorted(said), *languages]
    return min(
        group, key=lambda c: order.index(c.lang) if c.lang in order else len(order)
    )


def one_per_pair(contents: list, lang: str, languages: list[str], names) -> list:
    """`contents` with a single file for each pair that has none in `lang`;
    a pair is what Pelican's *_TRANSLATION_ID (`names`) groups."""
    names = [names] if isinstance(names, str) else list(names)
    groups: dict[tuple, list] = {}
    for content in contents:
        pair = tuple(getattr(content, name, None) for name in names)
        groups.setdefault(pair, []).append(content)
    dropped = set()
    for group in groups.values():
        if len(group) > 1 and all(c.lang != lang for c in group):
            kept = shown_original(group, languages)
            dropped.update(id(c) for c in group if c is not kept)
    return [c for c in contents if id(c) not in dropped]


def keep_to_own_site(generator, lists: tuple[str, ...], key) -> None:
    # In place: Pelican's context already holds these very lists.
    lang = generator.settings["DEFAULT_LANG"]
    languages = list(generator.settings.get("LANGUAGES") or [lang])
    for name in lists:
        contents = getattr(generator, name, None)
        if contents:
            kept = [c for c in contents if c.lang == lang or not one_language(c)]
            contents[:] = one_per_pair(kept, lang, languages, key)


def filter_articles(generator) -> None:
    key = generator.settings.get("ARTICLE_TRANSLATION_ID") or "slug"
    keep_to_own_site(generator, ("articles", "drafts", "hidden_articles"), key)


def filter_pages(generator) -> None:
    key = generator.settings.get("PAGE_TRANSLATION_ID") or "slug"
    keep_to_own_site(generator, ("pages", "hidden_pages", "draft_pages"), key)


def register() -> None:
    signals.initialized.connect(check_sync)
    signals.generator_init.connect(add_globals)
    signals.article_generator_pretaxonomy.connect(filter_articles)
    signals.page_generator_finalized.connect(filter_pages)
