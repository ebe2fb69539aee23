"""Where each source will be written, and whether that place is its own.

Owns: the output path of every page and article in its language's folder
(Save_as, or the URL pattern with its slug), and the rules that keep them
apart: inside the site, URL-safe, not a path the site itself writes
(SITE_OUTPUT_PATHS: news/, feeds/, _headers, en/ …), not a page number of the
news listing, and not shared by two sources of one language. Pelican would
overwrite, crash or silently replace a page in each of those cases. Pure
functions of the sources and settings; knows nothing of Pelican.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .findings import Finding
from .sources import SLUG, Source

# What a published path may contain: lower-case ASCII, so a URL needs no
# escaping, and every host serves it the same.
SAFE_PATH = re.compile(r"^[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*/?$")
PAGE_NUMBER = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Layout:
    save_as: dict[str, str]  # kind -> pattern, e.g. {"page": "{slug}/index.html"}
    site_outputs: dict[str, str]  # path the site writes -> what it is
    listing: str = "news/"  # the news listing, whose pages are numbered below it
    subsites: dict[str, str] = field(
        default_factory=dict
    )  # "en/" -> "the English site"


def output_path(source: Source, layout: Layout) -> str | None:
    """Where Pelican writes the source, relative to its language's folder."""
    explicit = source.value("save_as")
    if explicit:
        return explicit
    pattern = layout.save_as.get(source.kind or "")
    if pattern is None or source.slug is None:
        return None
    return pattern.format(slug=source.slug)


def check_output_paths(sources: list[Source], layout: Layout) -> list[Finding]:
    findings: list[Finding] = []
    by_place: dict[tuple[str, str], list[Source]] = defaultdict(list)
    for source in sources:
        if source.value("status") == "draft" or not source.lang:
            continue  # drafts are not published
        if not source.value("save_as") and not SLUG.match(source.slug or ""):
            continue  # the file name or Slug is reported as such
        path = output_path(source, layout)
        if path is None:
            continue
        line = where(source)
        url = source.value("url")
        if url and not SAFE_PATH.match(url):
            findings.append(
                Finding(
                    source.path,
                    source.fields["url"].line,
                    f'URL "{url}" is not a path of this site: write the page\'s path '
                    "relative to the site, e.g. URL: members/, or remove the line",
                )
            )
        problem = check_path(path, source, layout)
        if problem:
            findings.append(Finding(source.path, line, problem))
            continue
        by_place[(source.lang, posixpath.normpath(path))].append(source)
    findings.extend(files_in_the_way(by_place))
    for (_lang, path), same in sorted(by_place.items()):
        if len(same) < 2:
            continue
        names = ", ".join(s.relative for s in same)
        for source in same:
            findings.append(
                Finding(
                    source.path,
                    where(source),
                    f'would be written to "{path}", as would {names}: give each '
                    "its own file name (or Slug:)",
                )
            )
    return findings


def files_in_the_way(by_place: dict[tuple[str, str], list[Source]]) -> list[Finding]:
    """A page whose file would stand where another page needs a folder
    (Save_as: x.html and Save_as: x.html/index.html): the build could write
    only one of them."""
    findings = []
    for (lang, path), inside in sorted(by_place.items()):
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            for source in by_place.get((lang, folder), []):
                names = ", ".join(s.relative for s in inside)
                findings.append(
                    Finding(
                        source.path,
                        where(source),
                        f'would be written to "{folder}", where {names} needs a '
                        f'folder (for "{path}"): give each its own file name '
                        "(or Slug:)",
                    )
                )
                for page in inside:
                    findings.append(
                        Finding(
                            page.path,
                            where(page),
                            f'would be written to "{path}", inside "{folder}", '
                            f"which is the file of {source.relative}: give each "
                            "its own file name (or Slug:)",
                        )
                    )
    return findings


def where(source: Source) -> int:
    """The line that decides the output path: Save_as, Slug, or the top."""
    for key in ("save_as", "slug"):
        if source.value(key):
            return source.fields[key].line
    return 1


def check_path(path: str, source: Source, layout: Layout) -> str | None:
    """What is wrong with one output path, or None."""
    said = "Save_as" if source.value("save_as") else "its file name (or Slug:)"
    if (
        path.startswith("/")
        or "\\" in path
        or any(part in ("", ".", "..") for part in path.rstrip("/").split("/"))
    ):
        return (
            f'would be written to "{path}", outside the site\'s own folder: change '
            f"{said} to a plain relative path such as members/index.html"
        )
    normal = posixpath.normpath(path)
    taken = {**layout.subsites, **layout.site_outputs}
    if source.kind == "article":
        taken.pop(layout.listing, None)  # articles live below the listing ...
        taken[layout.listing + "index.html"] = "the news listing"
        first = normal.removeprefix(layout.listing).split("/", 1)[0]
        if normal.startswith(layout.listing) and PAGE_NUMBER.match(first):
            return (
                f'would be written to "{path}", where the news listing puts its page '
                f"{first}: give the article a name that is not a number"
            )
    for reserved, what in sorted(taken.items()):
        place = reserved.rstrip("/")
        if normal == place or normal.startswith(place + "/"):
            return (
                f'would be written to "{path}", which is where the site puts '
                f'{what} ("{reserved}"): choose another name — change {said}'
            )
    if not SAFE_PATH.match(path):
        return (
            f'would be written to "{path}": a web address here is lower-case '
            "letters, digits, hyphens, dots and slashes only — change " + said
        )
    return None
