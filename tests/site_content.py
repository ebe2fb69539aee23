"""What content/ holds, read from its sources' front matter, so that tests of
the real site derive what they expect ("the newest article, whichever it
is", "a page with an event") instead of naming today's pages and dates.

An editor's new article, page or program must never turn a test red
(issue 21); tests/test_new_content.py runs the content-facing tests again on
a site with one of each added the documented way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.built_site import ROOT, settings

CONTENT = ROOT / "content"


@dataclass(frozen=True)
class Source:
    path: Path  # content/pages/about.ja.md
    meta: dict[str, str]  # front matter, keys in lower case

    @property
    def relative(self) -> str:
        """The path below content/: "pages/about.ja.md"."""
        return self.path.relative_to(CONTENT).as_posix()

    @property
    def kind(self) -> str:
        return "article" if self.relative.startswith("articles/") else "page"

    @property
    def lang(self) -> str:
        return self.meta["lang"]

    @property
    def slug(self) -> str:
        """ "about", "programs/welfare": the path without folder and language."""
        stem = self.relative.split("/", 1)[1].rsplit(".", 2)[0]
        return self.meta.get("slug", stem)

    @property
    def path_in_site(self) -> str:
        """Below the language's site URL: "about/", "news/general-meeting/"."""
        return ("news/" if self.kind == "article" else "") + self.slug + "/"

    @property
    def url(self) -> str:
        """Where the site serves it: "/about/", "/en/news/general-meeting/"."""
        prefix = "/" if self.lang == settings.DEFAULT_LANG else f"/{self.lang}/"
        return prefix + self.path_in_site

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.meta["date"][:10])

    @property
    def listed(self) -> bool:
        """Published and shown in listings (not a draft, hidden, or own URL)."""
        return self.meta.get("status", "published") == "published" and not (
            "save_as" in self.meta or "url" in self.meta
        )

    @property
    def counterpart(self) -> Source:
        other = next(lang for lang in settings.LANGUAGES if lang != self.lang)
        path = self.path.with_name(
            self.path.name.replace(f".{self.lang}.", f".{other}.")
        )
        return read(path)

    def text(self) -> str:
        """The Markdown below the front matter."""
        return self.path.read_text("utf-8").split("\n\n", 1)[1]


@cache
def read(path: Path) -> Source:
    meta: dict[str, str] = {}
    for line in path.read_text("utf-8").lstrip("\ufeff").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    return Source(path, meta)


def sources(kind: str, lang: str = settings.DEFAULT_LANG) -> list[Source]:
    """Every source of a kind ("article", "page") in a language, by path."""
    folder = CONTENT / ("articles" if kind == "article" else "pages")
    found = [read(p) for p in sorted(folder.rglob(f"*.{lang}.md"))]
    return [s for s in found if s.lang == lang and s.kind == kind]


def articles(
    lang: str = settings.DEFAULT_LANG, *, published: bool = False
) -> list[Source]:
    """The articles the news listing shows, newest first (Pelican's
    "reversed-date"; articles of the same date in no promised order).
    published=True: as a production build lists them, without those dated
    after the build's date (held back); the development build shows those."""
    listed = [a for a in sources("article", lang) if a.listed]
    if published:
        listed = [a for a in listed if a.date <= today()]
    return sorted(listed, key=lambda a: a.meta["date"], reverse=True)


def newest_articles(
    lang: str = settings.DEFAULT_LANG, *, published: bool = False
) -> list[Source]:
    """The articles of the newest date (one, unless two share that date)."""
    found = articles(lang, published=published)
    assert found, "content/ has no published article"
    return [a for a in found if a.meta["date"] == found[0].meta["date"]]


def an_article(lang: str = settings.DEFAULT_LANG) -> Source:
    """A published article of both languages, to use as an example."""
    found = [a for a in articles(lang, published=True) if "one_language" not in a.meta]
    assert found, "content/ has no published article in both languages"
    return found[-1]  # the oldest: the least likely to be edited


def pages(lang: str = settings.DEFAULT_LANG) -> list[Source]:
    """The published pages (not 404 or search, which no one reads as such)."""
    return [
        p
        for p in sources("page", lang)
        if p.meta.get("status", "published") == "published"
        and p.meta.get("template") not in ("error", "search")
        and "save_as" not in p.meta
    ]


def programs(lang: str = settings.DEFAULT_LANG) -> list[Source]:
    return [p for p in pages(lang) if p.slug.startswith("programs/")]


def event_page(lang: str = settings.DEFAULT_LANG) -> Source:
    """A page with an event (`Template: event` and an `Event_start`)."""
    found = [
        p
        for p in pages(lang)
        if p.meta.get("template") == "event" and "event_start" in p.meta
    ]
    assert found, "content/ has no event page"
    return found[0]


def a_page(lang: str = settings.DEFAULT_LANG) -> Source:
    """A plain page of both languages (no template of its own, no event), to
    use as an example: the first by path."""
    return next(
        p
        for p in pages(lang)
        if "template" not in p.meta
        and "one_language" not in p.meta
        and p.slug != "index"
    )


def today() -> dt.date:
    """The build's date in the site's time zone (site_facts.build_now)."""
    from zoneinfo import ZoneInfo

    from site_facts import build_now

    return build_now(CONTENT).astimezone(ZoneInfo(settings.TIMEZONE)).date()


def site_data(lang: str = settings.DEFAULT_LANG):
    """content/site.yml as `lang`'s site reads it (plugins/site_data): its
    `navigation` ((label, path) pairs), `programs` (slugs, in order) and
    `organization` (each fact as text in `lang`)."""
    from site_data.site_data import for_language, load

    data = load({"PATH": CONTENT, "LANGUAGES": settings.LANGUAGES})
    return for_language(data, lang, settings.DEFAULT_LANG)


def unused_slug(kind: str, slug: str, content: Path = CONTENT) -> str:
    """`slug`, or `slug-2`, `slug-3`… if content/ already has one: a test
    adding a source must not collide with what editors have added."""
    folder = content / ("articles" if kind == "article" else "pages")
    taken = {
        p.name.split(".", 1)[0]
        for p in folder.parent.joinpath(folder.name, *slug.split("/")[:-1]).glob("*.md")
    }
    name, number = slug.rsplit("/", 1)[-1], 1
    while (candidate := name if number == 1 else f"{name}-{number}") in taken:
        number += 1
    return slug[: len(slug) - len(name)] + candidate
