"""The site's own facts, kept as content: content/site.yml (SITE_DATA).

Owns: the main navigation (each link's path and its label in every language),
the order of the program cards, and the cooperative's facts (founding date,
head office, liaison office, country) — what an editor changes in the file,
or at /admin/ under "Site settings" (plugins/cms_config), and no longer in
pelicanconf.py or a .po file.

- `load(settings)`: the file read and checked (reader.py), once per content
  of the file: its values, and findings for what is wrong with it.
- `problems(settings, pages)`: those findings, a navigation path or a
  program that names no page, and a language of LANGUAGES that the settings'
  per-language facts leave out (settings_check.py: SITE_NAMES,
  I18N_SUBSITES); content_checks reports them with the rest
  (`path:line: message`), so they stop a published build.
- the Jinja global `site_data`, in each language's site: `navigation`
  ((label, path) pairs), `programs` (slugs, in order) and `organization`
  (each fact as text in that language). Read by the templates and by
  plugins/structured_data. A value missing from the file (reported) is left
  out or falls back to the default language's, so a preview still builds.

Signal: `generator_init`, to add the global. Must not change settings or
content.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from content_checks.findings import Finding, did_you_mean
from site_facts import language_name

from .reader import SiteData, read
from .settings_check import settings_problems

PROGRAMS = "programs"  # the folder of program pages, below the pages' folder
_READ: dict[tuple, SiteData] = {}  # the last file read, by what it was read from


def data_path(settings: dict) -> Path:
    return Path(settings["PATH"]) / settings.get("SITE_DATA", "site.yml")


def load(settings: dict) -> SiteData:
    """The file as it is now: read again only when its bytes change."""
    path = data_path(settings)
    try:
        data: bytes | None = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as error:
        why = error.strerror or type(error).__name__
        problem = f"cannot be read ({why}): make it a readable file again"
        return SiteData(path, findings=(Finding(path, 1, problem),))
    languages = {code: language_name(code, "en") for code in settings["LANGUAGES"]}
    key = (str(path), data, tuple(languages.items()))
    if key not in _READ:
        _READ.clear()
        _READ[key] = read(path, data, languages)
    return _READ[key]


def problems(settings: dict, pages: dict[str, str]) -> list[Finding]:
    """What is wrong with the file, given the site's pages (slug -> the path
    its page is written to, e.g. "about/index.html")."""
    data = load(settings)
    found = [*data.findings, *settings_problems(settings)]
    addresses = {saved.removesuffix("index.html") for saved in pages.values()}
    addresses.add(settings.get("INDEX_URL", ""))
    for link in data.navigation:
        if link.path not in addresses:
            found.append(
                Finding(
                    data.path,
                    link.line,
                    f'navigation links to "{link.path}", which is no page of the site: '
                    'write a page\'s address below the site ("about/"; "" is the '
                    f"home page){did_you_mean(link.path, addresses)}",
                )
            )
    programs = {slug for slug in pages if slug.startswith(PROGRAMS + "/")}
    folder = f"{Path(settings['PATH']).name}/{settings['PAGE_PATHS'][0]}/{PROGRAMS}"
    for program in data.programs:
        if program.slug not in programs:
            found.append(
                Finding(
                    data.path,
                    program.line,
                    f'programs names "{program.slug}", which is no page in {folder}/: '
                    f"write {PROGRAMS}/<its file name without .ja.md>, or take the "
                    f"line out{did_you_mean(program.slug, programs)}",
                )
            )
    return found


@dataclass(frozen=True)
class ForLanguage:
    """What the templates of one language's site read (`site_data.…`)."""

    navigation: tuple[tuple[str, str], ...]  # (label, path)
    programs: tuple[str, ...]  # slugs, in the order of their cards
    organization: dict[str, str]  # each fact as text in this language


def for_language(data: SiteData, lang: str, default: str) -> ForLanguage:
    def word(texts: dict[str, str], fallback: str = "") -> str:
        return texts.get(lang) or texts.get(default) or fallback

    return ForLanguage(
        navigation=tuple(
            (word(link.labels, link.path), link.path) for link in data.navigation
        ),
        programs=tuple(program.slug for program in data.programs),
        organization={
            key: word(value) if isinstance(value, dict) else value
            for key, value in data.organization.items()
        },
    )


def add_global(generator) -> None:
    settings = generator.settings
    main = next(iter(settings["LANGUAGES"]))  # main first (pelicanconf.py)
    generator.env.globals["site_data"] = for_language(
        load(settings), settings["DEFAULT_LANG"], main
    )


def register() -> None:
    signals.generator_init.connect(add_global)
