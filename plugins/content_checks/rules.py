"""The editorial rules: each finding names the file, the line and the fix.

Owns: every check of the content an editor commits, run on the sources as
written (sources.py), before Pelican reads them. Pure functions of the
sources and a few settings; knows nothing of how findings are reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from build_processes import map_in_forks
from localized_dates.localized_dates import parse_partial_date
from responsive_images.encoding import Limits
from static_files.checks import problems as static_problems

from .check_cache import FindingsMemo, context_key, corpus_key, stamp_of
from .findings import Finding, did_you_mean
from .images import check_images
from .markup import check_markup
from .output_paths import Layout, check_output_paths, output_path
from .sources import SLUG, Refused, Source

__all__ = ["Finding", "Rules", "check_all", "check_file"]

ARTICLE_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$"
)
WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.I)
PLACEHOLDER = "TODO("
# Front matter an editor may leave empty: the home page's `URL:` (the site's
# root), and the event fields (docs/reference.md: an empty one is not
# shown). Title, Lang, Summary and Date have messages of their own.
MAY_BE_EMPTY = {"url", "title", "lang", "summary", "date"}
STATUSES = ("published", "draft", "hidden")


@dataclass(frozen=True)
class Rules:
    languages: dict[str, str]  # code -> name, e.g. {"ja": "Japanese"}
    metadata_keys: frozenset[str]  # lower case
    templates: frozenset[str]  # template names without .html
    layout: Layout = field(default_factory=lambda: Layout(save_as={}, site_outputs={}))
    navigation: tuple[str, ...] = ()  # paths the navigation links to: "purpose/"
    # Templates each kind of source may use (a page cannot use "article").
    kind_templates: dict[str, frozenset[str]] = field(default_factory=dict)
    # Front-matter values limited to a list, e.g. {"event_status": ("scheduled", …)}
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Articles dated after this are held back (HOLD_FUTURE_ARTICLES): like drafts.
    hold_after: dt.datetime | None = None
    static_paths: tuple[str, ...] = ("images",)  # STATIC_PATHS
    static_types: tuple[str, ...] = ()  # STATIC_FILE_TYPES: ".png", ".pdf" …
    web_address_keys: frozenset[str] = field(default=frozenset({"event_url"}))
    image_limits: Limits = field(default_factory=Limits)  # IMAGE_MAX_BYTES, _SIDE


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
    if not SLUG.match(source.file_slug or ""):
        suggestion = suggest_slug(source.file_slug or "")
        example = f"{suggestion.rpartition('/')[2]}.{source.file_lang}.md"
        return [
            Finding(
                source.path,
                1,
                f'the path "{source.relative}" becomes the page\'s web address, so '
                "folder and file names are lower-case letters, digits and hyphens "
                f'only: rename it, e.g. "{example}"',
            )
        ]
    explicit = source.value("slug")
    if explicit and not SLUG.match(explicit):
        return [
            Finding(
                source.path,
                source.fields["slug"].line,
                f'Slug "{explicit}" is not a web address of lower-case letters, '
                f'digits and hyphens: write e.g. "Slug: {suggest_slug(explicit)}", '
                "or remove the line to use the file name",
            )
        ]
    return []


def suggest_slug(text: str) -> str:
    """A slug like the text: "My Page" -> "my-page" ("member-voices" if none)."""
    parts = [
        "-".join(re.findall(r"[a-z0-9]+", part.lower())) for part in text.split("/")
    ]
    return "/".join(p for p in parts if p) or "member-voices"


def check_front_matter(source: Source, rules: Rules) -> list[Finding]:
    findings: list[Finding] = []

    def add(line: int, message: str) -> None:
        findings.append(Finding(source.path, line, message))

    if source.text.split("\n", 1)[0].strip() == "---":
        add(
            1,
            'starts with "---" (YAML front matter), but this site\'s front matter is '
            'plain `Key: value` lines at the top of the file: delete the "---" lines '
            "and any quotes around values",
        )
        return findings
    if not source.body.strip():
        add(
            min(source.body_line, source.text.count("\n") + 1),
            "has no text after its front matter: write the text below the "
            "`Key: value` lines, after one blank line",
        )

    for key, found in source.fields.items():
        if key not in rules.metadata_keys:
            hint = did_you_mean(key, rules.metadata_keys, show=str.capitalize)
            add(found.line, f'unknown metadata "{found.key}"{hint}')
    for duplicate in source.duplicate_fields:
        add(duplicate.line, f'"{duplicate.key}" is given twice: keep one line')
    for key, found in source.fields.items():
        if (
            key in rules.metadata_keys
            and not found.value.strip()
            and key not in MAY_BE_EMPTY
            and not key.startswith("event_")
        ):
            add(
                found.line,
                f"{found.key} has no value: write one, or remove the line",
            )

    first_line = 1
    if not source.value("title"):
        line = source.line_for("title")
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
            source.line_for("summary"),
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
            else:
                if too_far(value):
                    add(
                        source.fields[key].line,
                        far_message(source.fields[key].key, value),
                    )

    for key in sorted(rules.web_address_keys & source.fields.keys()):
        value = source.value(key)
        if value and not WEB_ADDRESS.match(value):
            add(
                source.fields[key].line,
                f'{source.fields[key].key} "{value}" is not a web address: write a full '
                "address starting with https://, or leave it empty",
            )

    template = source.value("template")
    allowed = rules.kind_templates.get(source.kind or "", rules.templates)
    if template and template not in rules.templates:
        add(
            source.fields["template"].line,
            f'Template "{template}" does not exist in theme/templates/'
            f"{did_you_mean(template, rules.templates)}",
        )
    elif template and template not in allowed:
        add(
            source.fields["template"].line,
            f'Template "{template}" is not for {source.kind}s: use one of '
            f"{', '.join(sorted(allowed))}, or remove the line",
        )

    for key, values in sorted(rules.choices.items()):
        value = source.value(key)
        if value and value not in values:
            add(
                source.fields[key].line,
                f'{source.fields[key].key} "{value}" is not one of {", ".join(values)}'
                f"{did_you_mean(value, values)}",
            )

    for key in ("tags", "category", "author", "authors"):
        for word in (w.strip() for w in source.value(key).split(",")):
            if word and not re.search(r"\w", word):
                add(
                    source.fields[key].line,
                    f'{source.fields[key].key} "{word}" has no letter or digit, so it '
                    "cannot name a web address: write it in words",
                )

    save_as = source.value("save_as")
    if save_as and not save_as.endswith(".html"):
        add(
            source.fields["save_as"].line,
            f'Save_as "{save_as}" does not name an .html file: write e.g. '
            "Save_as: members/index.html, or remove the line",
        )
    if template == "event" and save_as and not save_as.endswith("index.html"):
        add(
            source.fields["save_as"].line,
            "an event page is written as a folder (its calendar.ics goes beside it): "
            "end Save_as in /index.html, or remove the line",
        )

    if source.control:
        line, character = source.control
        add(
            line,
            f"has an invisible control character (U+{ord(character):04X}), which "
            "feeds cannot carry: delete it (it usually comes with pasted text)",
        )
    findings.extend(check_brackets(source))

    status = source.value("status")
    if status and status not in STATUSES:
        add(
            source.fields["status"].line,
            f'Status "{status}" is not one of {", ".join(STATUSES)}'
            f"{did_you_mean(status, STATUSES)}",
        )
    return findings


UNCLOSED_BRACKETS = 200  # per paragraph: Markdown takes quadratic time on more


def check_brackets(source: Source) -> list[Finding]:
    """Thousands of unclosed [ make Python-Markdown's link parsing take minutes."""
    findings = []
    offset = 0
    for paragraph in source.text.split("\n\n"):
        opened = 0
        if paragraph.count("[") <= UNCLOSED_BRACKETS:  # the common case, in C
            offset += len(paragraph) + 2
            continue
        for char in paragraph:
            if char == "[":
                opened += 1
            elif char == "]" and opened:
                opened -= 1
        if opened > UNCLOSED_BRACKETS:
            line = source.text.count("\n", 0, offset) + 1
            findings.append(
                Finding(
                    source.path,
                    line,
                    f"has {opened} [ that are never closed in one paragraph, which makes "
                    "the build take minutes: close them, or write \\[ for a bracket",
                )
            )
        offset += len(paragraph) + 2
    return findings


LAST_YEAR = 9998  # the day after 9999-12-31, or its time in Tokyo, does not exist


def too_far(value: str) -> bool:
    return value[:4].isdigit() and int(value[:4]) > LAST_YEAR


def far_message(label: str, value: str) -> str:
    return (
        f'{label} "{value}" is too far in the future for a calendar: check the '
        f"year (at most {LAST_YEAR})"
    )


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
        if too_far(value):
            return [Finding(source.path, found.line, far_message(label, value))]
    except ValueError:
        return [
            Finding(
                source.path,
                found.line,
                f'{label} "{value}" is not a date: write YYYY-MM-DD, e.g. {label}: {example}',
            )
        ]
    return []


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
    """Rules across files: unique slugs per language, a counterpart for each,
    one Status per pair, and no draft the navigation links to."""
    findings = []
    by_key: dict[tuple[str, str, str], list[Source]] = defaultdict(list)
    langs_by_item: dict[tuple[str, str], dict[str, Source]] = defaultdict(dict)
    for source in sources:
        unreadable = bool(source.decode_error or source.read_error)
        # A file that cannot be read still says its language and slug by its name.
        lang = source.lang if source.lang in rules.languages else source.file_lang
        slug = source.file_slug if unreadable else source.slug
        if source.kind is None or slug is None or lang not in rules.languages:
            continue
        if not unreadable:
            by_key[(source.kind, lang, slug)].append(source)
        langs_by_item[(source.kind, slug)][lang] = source

    for (kind, lang, slug), same in sorted(by_key.items()):
        if len(same) > 1:
            names = ", ".join(s.relative for s in same)
            for source in same:
                line = source.line_for("slug")
                findings.append(
                    Finding(
                        source.path,
                        line,
                        f'{rules.languages[lang]} {kind} slug "{slug}" is used by {names}: '
                        "give each its own file name (or Slug:)",
                    )
                )

    for _item, by_lang in sorted(langs_by_item.items()):
        # `One_language: yes` (plugins/translation_sync): no counterpart wanted.
        single = [s for s in by_lang.values() if s.value("one_language") == "yes"]
        for source in single if len(by_lang) > 1 else ():
            others = ", ".join(s.path.name for s in by_lang.values() if s is not source)
            findings.append(
                Finding(
                    source.path,
                    source.line_for("one_language"),
                    f"says `One_language: yes`, but {others} translates it: "
                    "remove the key, or the translation",
                )
            )
        for lang, name in rules.languages.items():
            if lang in by_lang or single:
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
        findings.extend(check_pair_status(by_lang, rules))
    return findings


def check_pair_status(by_lang: dict[str, Source], rules: Rules) -> list[Finding]:
    """A page and its translation are published (or drafted) together."""
    readable = [s for s in by_lang.values() if not (s.decode_error or s.read_error)]
    statuses = {s.value("status") or "published" for s in readable}
    findings = []
    if len(statuses) > 1:
        said = ", ".join(
            f"{s.path.name}: {s.value('status') or 'published'}" for s in readable
        )
        for source in readable:
            findings.append(
                Finding(
                    source.path,
                    source.line_for("status"),
                    f"a page and its translation must have the same Status ({said}): "
                    "give both files the same `Status:` line",
                )
            )
        return findings
    dates = {s.value("date")[:10] for s in readable if s.kind == "article"}
    if len(dates) > 1:
        said = ", ".join(f"{s.path.name}: {s.value('date')}" for s in readable)
        for source in readable:
            line = source.line_for("date")
            findings.append(
                Finding(
                    source.path,
                    line,
                    f"an article and its translation are one news item with one date "
                    f"({said}): give both files the same `Date:`",
                )
            )
    if statuses != {"draft"}:
        return findings
    for source in readable:
        path = output_path(source, rules.layout) or ""
        url = path.removesuffix("index.html")
        if source.kind == "page" and url in rules.navigation:
            findings.append(
                Finding(
                    source.path,
                    source.line_for("status"),
                    f'is a draft, but the site\'s navigation links to "{url}" '
                    "(content/site.yml): publish it, or take it out of the "
                    "navigation there",
                )
            )
    return findings


def status_of(source: Source, rules: Rules) -> str:
    """Its Status, with an article held back for its future date as a draft."""
    status = source.value("status") or "published"
    if rules.hold_after is None or source.kind != "article" or status == "draft":
        return status
    match = ARTICLE_DATE.match(source.value("date"))
    if not match:
        return status
    try:
        date = dt.datetime(*(int(part) for part in match.groups() if part is not None))
    except ValueError:
        return status
    return "draft" if date > rules.hold_after else status


def check_refused(refused: Refused) -> Finding:
    fix = (
        "replace the link with a copy of the file: the site publishes only files "
        "that are really inside content/"
        if refused.why.startswith("is a symbolic link")
        else "remove it"
        if refused.why.startswith("is not a regular file")
        else "make it readable (chmod a+r), or remove it"
    )
    return Finding(refused.path, 1, f"{refused.why}: {fix}")


def check_file(
    source: Source, rules: Rules, existing: set[str], statuses: dict[str, str]
) -> list[Finding]:
    """The findings about one source on its own."""
    if source.read_error:
        return [
            Finding(
                source.path,
                1,
                f"cannot be read ({source.read_error}): make it readable "
                "(chmod a+r), or remove it",
            )
        ]
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
        *check_markup(source, existing, statuses, rules.static_paths),
        *check_images(source, rules.image_limits, rules.static_paths),
        *check_placeholders(source),
    ]


def check_static(path: Path, rules: Rules) -> list[Finding]:
    """A file under content/images/: published only as static_files allows."""
    found = static_problems(path, rules.static_types, rules.image_limits)
    return [Finding(path, line, message) for line, message in found]


# Checking a file takes about 0.15 ms; below this many a fork costs more.
FILES_PER_PROCESS = 250


def processes_for(files: int, processes: int) -> int:
    return max(1, min(processes, files // FILES_PER_PROCESS))


def check_all(
    sources: list[Source],
    rules: Rules,
    existing: set[str],
    refused: list[Refused] = (),
    static: list[Path] = (),
    memo: FindingsMemo | None = None,
    processes: int = 1,
) -> list[Finding]:
    """Every finding about the sources; with a memo (check_cache.py), a
    source's own findings are taken from it while it is unchanged."""
    statuses = {
        s.relative: status_of(s, rules)
        for s in sources
        if not (s.decode_error or s.read_error)
    }

    def check(source: Source) -> list[Finding]:
        return check_file(source, rules, existing, statuses)

    if memo is None:
        found = map_in_forks(check, sources, processes_for(len(sources), processes))
        findings = [f for per_file in found for f in per_file]
    else:
        root = sources[0].content_root if sources else Path()
        # The image files a source shows are read too (images.py).
        stamps = {str(path): stamp_of(path) for path in static}
        key = context_key(root, rules, existing, statuses, stamps)
        memo.last = (rules, existing, statuses, key)
        missing = memo.missing(sources, key)
        found = map_in_forks(check, missing, processes_for(len(missing), processes))
        for source, per_file in zip(missing, found, strict=True):
            memo.store(source, key, per_file)
        findings = [
            f
            for source in sources
            for f in memo.findings(source, key, lambda s=source: check(s))
        ]
    findings.extend(check_refused(r) for r in refused)
    findings.extend(f for path in static for f in check_static(path, rules))

    def check_corpus() -> list[Finding]:
        readable = [
            s
            for s in sources
            if not (s.decode_error or s.read_error)
            and s.path.suffix == ".md"
            and s.kind
        ]
        return [
            *check_collection(sources, rules),
            *check_output_paths(readable, rules.layout),
        ]

    if memo is None:
        findings.extend(check_corpus())
    else:
        findings.extend(memo.corpus(corpus_key(key, sources), check_corpus))
    return sorted(set(findings))
