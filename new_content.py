"""What `invoke new` does at length (tasks.py keeps its name and help): a new
page or article in every language of the site, ready to edit.

Owns: the files a new page or article starts as, one per language in
LANGUAGES (pelicanconf.py), each with its placeholders (TODO(...)), which
keep `make build` from publishing it until every one is replaced; an
article's date, today in the site's TIMEZONE; and the pair recorded in sync
(plugins/translation_sync). Adding a language to LANGUAGES adds its file.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Exit

from content_checks.sources import SLUG
from translating import sync_config
from translation_sync import status

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
TODO_TRANSLATE = "TODO(translate)"
TODO_WRITE = "TODO(write)"


def site_settings():
    """pelicanconf.py: LANGUAGES, DEFAULT_LANG and TIMEZONE are the site's own."""
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    return pelicanconf


def titles_for(settings, title: str, title_en: str, title_in: list[str]) -> dict:
    """Each language's title (LANGUAGES order, main first): the ones given,
    a placeholder for the others."""
    given = {settings.DEFAULT_LANG: title}
    if title_en:
        if "en" not in settings.LANGUAGES:
            raise Exit("--title-en: English is not a language of this site", code=2)
        given.setdefault("en", title_en)
    for item in title_in:
        lang, equals, text = item.partition("=")
        if not equals or lang.strip() not in settings.LANGUAGES:
            raise Exit(
                f'--title-in "{item}" should be LANG=TITLE, LANG one of the '
                f"site's languages ({', '.join(settings.LANGUAGES)})",
                code=2,
            )
        given[lang.strip()] = text.strip()
    return {
        lang: given.get(lang) or f"{TODO_TRANSLATE} {title}"
        for lang in settings.LANGUAGES
    }


def create(
    kind: str, title: str, slug: str, title_en: str, title_in: list[str], date: str
) -> None:
    settings = site_settings()
    if kind not in ("page", "article"):
        raise Exit('kind is "page" or "article"', code=2)
    if not SLUG.match(slug):
        raise Exit(
            f'--slug "{slug}" must be lower-case letters, digits and hyphens '
            "(folders with /), e.g. --slug member-voices",
            code=2,
        )
    folder = CONTENT / ("pages" if kind == "page" else "articles")
    titles = titles_for(settings, title, title_en, title_in)
    paths = {lang: folder / f"{slug}.{lang}.md" for lang in titles}
    existing = [str(p.relative_to(ROOT)) for p in paths.values() if p.exists()]
    if existing:
        raise Exit(
            f"{', '.join(existing)} already exist(s); choose another --slug", code=2
        )
    if kind == "article" and not date:
        # Today in the site's TIMEZONE: the day its builds count in.
        date = dt.datetime.now(ZoneInfo(settings.TIMEZONE)).date().isoformat()
    for lang, path in paths.items():
        lines = [f"Title: {titles[lang]}", f"Lang: {lang}"]
        if kind == "article":
            lines.append(f"Date: {date}")
        lines += [
            f"Summary: {TODO_WRITE} one or two sentences",
            "",
            f"{TODO_WRITE}",
            "",
        ]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), "utf-8")
        print(f"created {path.relative_to(ROOT)}")
    # A new page says the same thing in every language: record it so.
    status.mark(sync_config(), paths[settings.DEFAULT_LANG])
