"""Read content/site.yml and say, by line, everything wrong with it.

Owns: the file's shape (SCHEMA below) and every finding about the file on its
own: YAML that cannot be read, a key that is not one of the file's (with a
"did you mean"), a key given twice, a label or fact missing for one of the
site's languages, a founding date or country code that is not one. Whether a
path or program names a page is site_data.py's (it needs the pages).

Every value is read as the text written, never as YAML's guess at a type:
`founding_date: 2012` is "2012", `ja: no` is "no". Anchors and aliases
(`&`, `*`) are refused, so a file cannot make the reader walk one value
many times over. Pure: a path, its bytes and the site's languages in, a
SiteData out; nothing is printed or raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from content_checks.findings import Finding, did_you_mean

NULL = "tag:yaml.org,2002:null"
NAVIGATION_KEYS = ("path", "label")
# The cooperative's facts: these, in this order. WORDS are written in every
# language of the site; the others are the same in all of them.
ORGANIZATION_KEYS = ("founding_date", "head_office", "liaison_office", "country")
WORDS = frozenset({"head_office", "liaison_office"})
TOP_KEYS = ("navigation", "programs", "organization")
FOUNDING_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
WHAT = {
    "navigation": "the main navigation, a list of links (each a `path:` and a "
    "`label:` in every language)",
    "programs": "the order of the program cards, a list of program pages "
    "(e.g. `- programs/<name>`)",
    "organization": "the cooperative's facts (`founding_date:`, `head_office:`, "
    "`liaison_office:`, `country:`)",
    "founding_date": "the year the cooperative was founded (YYYY)",
    "head_office": "the head office's city, in every language",
    "liaison_office": "the liaison office's city, in every language",
    "country": "the country of its offices, as a two-letter code (ISO 3166)",
    "path": 'the address it links to, below the site ("" is the home page)',
    "label": "its text, in every language",
}


@dataclass(frozen=True)
class Link:
    path: str
    labels: dict[str, str]  # language -> label
    line: int  # of its `path:`, or of the item when it has none


@dataclass(frozen=True)
class Program:
    slug: str  # "programs/welfare"
    line: int


@dataclass(frozen=True)
class SiteData:
    path: Path
    navigation: tuple[Link, ...] = ()
    programs: tuple[Program, ...] = ()
    # founding_date, country: text; head_office, liaison_office: language -> text
    organization: dict[str, str | dict[str, str]] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


class Reader:
    def __init__(self, path: Path, languages: dict[str, str]) -> None:
        self.path = path
        self.languages = languages  # code -> name: {"ja": "Japanese"}
        self.findings: list[Finding] = []
        self.seen: set[int] = set()

    def say(self, where: Node | int, message: str) -> None:
        line = where if isinstance(where, int) else line_of(where)
        self.findings.append(Finding(self.path, line, message))

    def claim(self, node: Node, where: Node) -> bool:
        """Each value is read once: False for one met before, an alias
        (`*name`) of an anchor, said at `where` (its key, or its list)."""
        if id(node) in self.seen:
            self.say(
                where,
                "repeats a value with an alias (`*`): write the value out in full "
                "here, and take the anchor (`&`) off the first one",
            )
            return False
        self.seen.add(id(node))
        return True

    def mapping(self, node: Node, keys, what: str) -> dict[str, Node | None]:
        """The values of a `key: value` group, by key (None: an alias, said);
        unknown and repeated keys said. `keys` are the ones it may have."""
        if not isinstance(node, MappingNode):
            self.say(node, f"{what} should be a group of `key: value` lines")
            return {}
        found: dict[str, Node | None] = {}
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                self.say(
                    key_node,
                    f"{what} has a key that is not a word: write `name: value`",
                )
            elif key in found:
                self.say(key_node, f'"{key}" is given twice in {what}: keep one')
            elif key not in keys:
                self.say(key_node, self.unknown(key, keys, what))
            else:
                found[key] = value if self.claim(value, key_node) else None
        return found

    def unknown(self, key: str, keys, what: str) -> str:
        if keys is self.languages:
            return (
                f'"{key}" in {what} is not a language of the site '
                f"({', '.join(keys)}){did_you_mean(key, keys)}"
            )
        return (
            f'unknown key "{key}" in {what} (it may have {", ".join(keys)})'
            f"{did_you_mean(key, keys)}"
        )

    def text(self, node: Node, what: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.say(node, f"{what} should be one line of text, not a list or group")
            return None
        return "" if node.tag == NULL else node.value

    def required(self, found: dict, keys, parent: Node, what: str) -> None:
        for key in keys:
            if key not in found:
                self.say(parent, f"{what} has no `{key}:`: add {WHAT[key]}")

    def in_every_language(self, node: Node, what: str) -> dict[str, str]:
        found = self.mapping(node, self.languages, what)
        texts: dict[str, str] = {}
        for lang, name in self.languages.items():
            if lang not in found:
                if isinstance(node, MappingNode):
                    self.say(node, f"{what} has no {name} text: add `{lang}: …`")
                continue
            if found[lang] is None:
                continue  # an alias, said
            text = self.text(found[lang], f"the {name} text of {what}")
            if text is not None and not text.strip():
                self.say(found[lang], f"the {name} text of {what} is empty: write it")
            elif text is not None:
                texts[lang] = text
        return texts

    def items(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.say(
                node,
                f"{what} should be a list (each item on a line of its own, after `- `)",
            )
            return []
        return [item for item in node.value if self.claim(item, node)]

    def navigation(self, node: Node) -> tuple[Link, ...]:
        links = []
        for number, item in enumerate(self.items(node, "navigation"), start=1):
            where = f"navigation link {number}"
            if not isinstance(item, MappingNode):
                self.say(item, f"{where} should be a `path:` and a `label:`")
                continue
            found = self.mapping(item, NAVIGATION_KEYS, where)
            self.required(found, NAVIGATION_KEYS, item, where)
            path_node, label_node = found.get("path"), found.get("label")
            path = self.text(path_node, f"the path of {where}") if path_node else None
            if path is not None:
                where = f'navigation link "{path}"'
            labels = {}
            if label_node is not None:
                labels = self.in_every_language(label_node, f"the label of {where}")
            if path_node is not None and path is not None:
                links.append(Link(path, labels, line_of(path_node)))
        seen: dict[str, Link] = {}
        for link in links:
            if link.path in seen:
                self.say(
                    link.line,
                    f'navigation links to "{link.path}" twice (also on line '
                    f"{seen[link.path].line}): keep one",
                )
            seen.setdefault(link.path, link)
        return tuple(links)

    def programs(self, node: Node) -> tuple[Program, ...]:
        programs: dict[str, Program] = {}
        for item in self.items(node, "programs"):
            slug = self.text(item, "a program")
            if slug is None:
                continue
            if not slug.strip():
                self.say(
                    item,
                    "a program is empty: name its page, e.g. programs/<name>, or take the line out",
                )
            elif slug in programs:
                self.say(
                    item,
                    f'"{slug}" is in programs twice (also on line '
                    f"{programs[slug].line}): keep one",
                )
            else:
                programs[slug] = Program(slug, line_of(item))
        return tuple(programs.values())

    def organization(self, node: Node) -> dict[str, str | dict[str, str]]:
        what = "organization"
        found = self.mapping(node, ORGANIZATION_KEYS, what)
        if isinstance(node, MappingNode):
            self.required(found, ORGANIZATION_KEYS, node, what)
        facts: dict[str, str | dict[str, str]] = {}
        for key, value in found.items():
            if value is None:
                continue  # an alias, said
            if key in WORDS:
                facts[key] = self.in_every_language(value, f"{key} (organization)")
                continue
            text = self.text(value, f"{key} (organization)")
            if text is None:
                continue
            if key == "founding_date" and not FOUNDING_DATE.match(text):
                self.say(
                    value,
                    f'founding_date "{text}" is not a year: write it as four digits (YYYY)',
                )
            elif key == "country" and not COUNTRY.match(text):
                self.say(
                    value,
                    f'country "{text}" is not a two-letter country code (ISO 3166): write e.g. JP',
                )
            else:
                facts[key] = text
        return facts


def read(path: Path, data: bytes | None, languages: dict[str, str]) -> SiteData:
    """The file's values and findings. `data` None: the file is missing."""
    if data is None:
        return SiteData(
            path,
            findings=(
                Finding(
                    path,
                    1,
                    "is missing: it holds the navigation, the program order and the "
                    "cooperative's facts; restore it (`git checkout -- "
                    f"{path.as_posix()}`) or write it (docs/reference.md: Site settings)",
                ),
            ),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return SiteData(
            path,
            findings=(Finding(path, line, "is not UTF-8 text: save it as UTF-8"),),
        )
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:  # brackets nested hundreds deep (a hostile review)
        message = "nests lists or mappings too deeply to be read: nothing here needs more than three levels"
        return SiteData(path, findings=(Finding(path, 1, message),))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(
            error, "context_mark", None
        )
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        return SiteData(
            path,
            findings=(
                Finding(
                    path,
                    line,
                    f"cannot be read here ({problem}): check the indentation "
                    "(two spaces a level, no tabs), and put text holding `: ` or "
                    "`#` in quotes",
                ),
            ),
        )
    reader = Reader(path, languages)
    if root is None:
        reader.say(1, "is empty: it needs navigation:, programs: and organization:")
        return SiteData(path, findings=tuple(reader.findings))
    found = reader.mapping(root, TOP_KEYS, "the file")
    if isinstance(root, MappingNode):
        for key in TOP_KEYS:
            if key not in found:
                reader.say(root, f"has no `{key}:`: add {WHAT[key]}")
    navigation, programs, organization = (
        found.get(key) for key in ("navigation", "programs", "organization")
    )
    return SiteData(
        path,
        navigation=reader.navigation(navigation) if navigation else (),
        programs=reader.programs(programs) if programs else (),
        organization=reader.organization(organization) if organization else {},
        findings=tuple(reader.findings),
    )
