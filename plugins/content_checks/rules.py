"""The editorial rules: each finding names the file, the line and the fix.

Owns: every check of the content an editor commits, run on the sources as
written (sources.py), before Pelican reads them. Pure functions of the
sources and a few settings; knows nothing of how findings are reported.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from localized_dates.localized_dates import parse_partial_date

from .sources import Source

ARTICLE_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$"
)
INTRASITE_LINK = re.compile(
    r"\{(?P<what>filename|static|attach)\}(?P<target>[^\s)\"'#?]+)"
)
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<src>[^)\s]+)")
HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc=[\"'](?P<src>[^\"']+)")
PLACEHOLDER = "TODO("
STATUSES = ("published", "draft", "hidden")


@dataclass(frozen=True, order=True)
class Finding:
    path: Path
    line: int
    message: str

    def format(self, relative_to: Path) -> str:
        try:
            shown = self.path.relative_to(relative_to)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Rules:
    languages: dict[str, str]  # code -> name, e.g. {"ja": "Japanese"}
    metadata_keys: frozenset[str]  # lower case
    templates: frozenset[str]  # template names without .html


def did_you_mean(word: str, choices, show=str) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f' — did you mean "{show(close[0])}"?' if close else ""


def check_name(source: Source, rules: Rules) -> list[Finding]:
    if source.kind is None:
        return [
            Finding(
                source.path,
                1,
                "is outside content/pages/ and content/articles/: move it into "
                "pages/ (a page) or articles/ (a news article)",
            )
        ]
    if source.name_match is None or source.file_lang not in rules.languages:
        langs = ", ".join(f"<slug>.{code}.md" for code in rules.languages)
        return [
            Finding(
                source.path,
                1,
                f'file name "{source.path.name}" does not say its language: name it '
                f"{langs} (lower-case slug, no dots)",
            )
        ]
    return []


def check_front_matter(source: Source, rules: Rules) -> list[Finding]:
    findings: list[Finding] = []

    def add(line: int, message: str) -> None:
        findings.append(Finding(source.path, line, message))

    for key, found in source.fields.items():
        if key not in rules.metadata_keys:
            hint = did_you_mean(key, rules.metadata_keys, show=str.capitalize)
            add(found.line, f'unknown metadata "{found.key}"{hint}')
    for duplicate in source.duplicate_fields:
        add(duplicate.line, f'"{duplicate.key}" is given twice: keep one line')

    first_line = 1
    if not source.value("title"):
        line = source.fields["title"].line if "title" in source.fields else first_line
        add(line, "has no Title: add a line `Title: …` at the top of the file")

    lang = source.lang
    expected = source.file_lang if source.file_lang in rules.languages else None
    codes = ", ".join(rules.languages)
    if not lang:
        suggestion = (
            f"`Lang: {expected}`" if expected else f"`Lang:` with one of {codes}"
        )
        add(first_line, f"has no Lang: add {suggestion} to the front matter")
    elif lang not in rules.languages:
        add(
            source.fields["lang"].line,
            f'Lang "{lang}" is not one of {codes}{did_you_mean(lang, rules.languages)}',
        )
    elif expected and lang != expected:
        add(
            source.fields["lang"].line,
            f'Lang "{lang}" does not match the file name, which says "{expected}": '
            "change one of them",
        )

    if not source.value("summary"):
        add(
            source.fields["summary"].line if "summary" in source.fields else first_line,
            "has no Summary: add `Summary: …`, one or two sentences shown in search "
            "results and link previews",
        )

    if source.kind == "article" or "date" in source.fields:
        findings.extend(check_date(source, "date", required=source.kind == "article"))
    if "modified" in source.fields:
        findings.extend(check_date(source, "modified", required=False))

    for key in ("event_start", "event_end"):
        value = source.value(key)
        if value:
            try:
                parse_partial_date(value)
            except ValueError:
                add(
                    source.fields[key].line,
                    f'{source.fields[key].key} "{value}" is not a date: write YYYY, '
                    "YYYY-MM or YYYY-MM-DD (e.g. 2013-09), or leave it empty",
                )

    template = source.value("template")
    if template and template not in rules.templates:
        add(
            source.fields["template"].line,
            f'Template "{template}" does not exist in theme/templates/'
            f"{did_you_mean(template, rules.templates)}",
        )

    status = source.value("status")
    if status and status not in STATUSES:
        add(
            source.fields["status"].line,
            f'Status "{status}" is not one of {", ".join(STATUSES)}'
            f"{did_you_mean(status, STATUSES)}",
        )
    return findings


def check_date(source: Source, key: str, *, required: bool) -> list[Finding]:
    found = source.fields.get(key)
    label = found.key if found else key.capitalize()
    example = "2013-06-01"
    if found is None or not found.value.strip():
        if not required:
            return []
        line = found.line if found else 1
        return [Finding(source.path, line, f"has no Date: add `Date: {example}`")]
    value = found.value.strip()
    match = ARTICLE_DATE.match(value)
    try:
        if not match:
            raise ValueError
        dt.datetime(*(int(part) for part in match.groups() if part is not None))
    except ValueError:
        return [
            Finding(
                source.path,
                found.line,
                f'{label} "{value}" is not a date: write YYYY-MM-DD, e.g. {label}: {example}',
            )
        ]
    return []


def check_links(source: Source, existing: set[str]) -> list[Finding]:
    """{filename}/{static} targets and images must exist in content/."""
    findings = []
    folder = source.path.parent
    root = source.content_root
    for match in INTRASITE_LINK.finditer(source.text):
        target = match["target"]
        resolved = (
            (root / target.lstrip("/")) if target.startswith("/") else folder / target
        )
        relative = Path(os.path.relpath(os.path.normpath(resolved), root)).as_posix()
        if relative in existing:
            continue
        line = source.text.count("\n", 0, match.start()) + 1
        # Suggest in the form the editor writes: relative to this file.
        nearby = {os.path.relpath(root / path, folder) for path in existing}
        prefix = f"{{{match['what']}}}"
        hint = did_you_mean(target, nearby, show=prefix.__add__)
        findings.append(
            Finding(
                source.path,
                line,
                f"links to {{{match['what']}}}{target}, which does not exist{hint}",
            )
        )
    for pattern in (MARKDOWN_IMAGE, HTML_IMAGE):
        for match in pattern.finditer(source.text):
            src = match["src"]
            if src.startswith(("{", "http://", "https://", "data:")):
                continue
            line = source.text.count("\n", 0, match.start()) + 1
            findings.append(
                Finding(
                    source.path,
                    line,
                    f'image "{src}" will not be found on the published site: put the file '
                    "in content/images/ and write {static}/images/<file>",
                )
            )
    return findings


def check_placeholders(source: Source) -> list[Finding]:
    if PLACEHOLDER not in source.text:
        return []
    line = source.line_of(PLACEHOLDER)
    return [
        Finding(
            source.path,
            line,
            "still has a scaffold placeholder (TODO(…)): write the text, then remove it",
        )
    ]


def check_collection(sources: list[Source], rules: Rules) -> list[Finding]:
    """Rules across files: unique slugs per language, and a counterpart for each."""
    findings = []
    by_key: dict[tuple[str, str, str], list[Source]] = defaultdict(list)
    langs_by_item: dict[tuple[str, str], dict[str, Source]] = defaultdict(dict)
    for source in sources:
        if (
            source.kind is None
            or source.slug is None
            or source.lang not in rules.languages
        ):
            continue
        by_key[(source.kind, source.lang, source.slug)].append(source)
        langs_by_item[(source.kind, source.slug)][source.lang] = source

    for (kind, lang, slug), same in sorted(by_key.items()):
        if len(same) > 1:
            names = ", ".join(s.relative for s in same)
            for source in same:
                line = source.fields["slug"].line if "slug" in source.fields else 1
                findings.append(
                    Finding(
                        source.path,
                        line,
                        f'{rules.languages[lang]} {kind} slug "{slug}" is used by {names}: '
                        "give each its own file name (or Slug:)",
                    )
                )

    for _item, by_lang in sorted(langs_by_item.items()):
        for lang, name in rules.languages.items():
            if lang in by_lang:
                continue
            present = next(iter(by_lang.values()))
            twin = f"{present.path.name.split('.')[0]}.{lang}.md"
            findings.append(
                Finding(
                    present.path,
                    1,
                    f"has no {name} counterpart: add {twin} beside it, with "
                    f"`Lang: {lang}` (`invoke new` writes both files of a pair)",
                )
            )
    return findings


def check_file(source: Source, rules: Rules, existing: set[str]) -> list[Finding]:
    """The findings about one source on its own."""
    if source.decode_error:
        return [
            Finding(
                source.path,
                int(source.decode_error),
                "is not UTF-8 text: save it with UTF-8 encoding",
            )
        ]
    if source.path.suffix != ".md":
        return [
            Finding(
                source.path,
                1,
                "is not a Markdown source: content is written in .md files "
                "(images and other files go in content/images/)",
            )
        ]
    return [
        *check_name(source, rules),
        *check_front_matter(source, rules),
        *check_links(source, existing),
        *check_placeholders(source),
    ]


def check_all(sources: list[Source], rules: Rules, existing: set[str]) -> list[Finding]:
    findings = [f for source in sources for f in check_file(source, rules, existing)]
    findings.extend(check_collection([s for s in sources if not s.decode_error], rules))
    return sorted(set(findings))
