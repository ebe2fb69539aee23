"""A broken translation catalog: `make build` stops naming the file, the line
and the fix; `make serve` says the same and shows the broken entry in English."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.project_copy import copy_project, invoke, tree_digest

PO = "theme/translations/ja/LC_MESSAGES/messages.po"
# An entry of the real catalog, on every page (the production build's tests edit it).
SITE_MAP = 'msgid "Site map"\nmsgstr "サイトマップ"\n'
PAGE_OF = 'msgid "Page %(number)s of %(count)s"\nmsgstr "%(count)sページ中%(number)sページ目"\n'


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# --- the check itself, on a small catalog --------------------------------

POT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Purpose"
msgstr ""

msgid "Page %(number)s of %(count)s"
msgstr ""
"""
GOOD = POT.replace('"Purpose"\nmsgstr ""', '"Purpose"\nmsgstr "目指すもの"').replace(
    'of %(count)s"\nmsgstr ""',
    'of %(count)s"\nmsgstr "%(count)sページ中%(number)sページ目"',
)


def check(tmp_path: Path, po_text: str) -> tuple[list[str], dict[str, str]]:
    """What the build would say about this catalog, and what it would show."""
    from babel.messages.pofile import read_po

    from gettext_catalogs.gettext_catalogs import check_catalog

    po = tmp_path / "messages.po"
    po.write_text(po_text, "utf-8")
    (tmp_path / "messages.pot").write_text(POT, "utf-8")
    with (tmp_path / "messages.pot").open("rb") as pot:
        templates = [m for m in read_po(pot) if m.id]
    checked = check_catalog(po, "ja", templates)
    shown = {m.id: m.string for m in checked.catalog or [] if m.id}
    return [f.format(tmp_path) for f in checked.findings], shown


def test_a_complete_catalog_has_no_findings(tmp_path: Path):
    findings, shown = check(tmp_path, GOOD)
    assert findings == []
    assert shown["Purpose"] == "目指すもの"


def test_the_check_names_each_problem_at_its_line(tmp_path: Path):
    broken = (
        GOOD.replace('msgstr "目指すもの"', 'msgstr "目指すもの').replace(
            "%(number)sページ目", "%(numbr)sページ目"
        )
    ) + '\nmsgid "Unused"\nmsgstr ""\n'

    findings, shown = check(tmp_path, broken)
    assert findings == [
        'messages.po:6: msgstr "目指すもの has no closing double quote — add " at '
        "the end of the line",
        'messages.po:8: msgid "Page %(number)s of %(count)s": its msgstr has '
        "%(numbr)s, which the msgid does not have, and leaves out %(number)s — copy "
        "the msgid's placeholders into the msgstr unchanged (%(number)s, %(count)s); "
        "translate only the words around them",
        'messages.po:11: msgid "Unused" has no Japanese translation (its msgstr is '
        "empty, so the Japanese site shows it in English) — write the Japanese text "
        "in its msgstr",
    ]
    assert shown == {}  # every broken entry falls back to English


def test_a_missing_entry_and_a_fuzzy_guess_are_untranslated(tmp_path: Path):
    broken = GOOD.replace('msgid "Purpose"\nmsgstr "目指すもの"\n', "").replace(
        'msgid "Page', '#, fuzzy\nmsgid "Page'
    )
    findings, shown = check(tmp_path, broken)
    assert findings == [
        'messages.po:1: msgid "Purpose" has no Japanese translation: this file has '
        "no entry for it, so the Japanese site shows it in English — run `invoke "
        "translations`, then write its msgstr",
        'messages.po:7: msgid "Page %(number)s of %(count)s" has a Japanese '
        "translation marked fuzzy (a guess by `invoke translations`; the Japanese "
        'site shows it in English) — check its msgstr, then delete the "#, fuzzy" '
        "line above it",
    ]
    assert shown == {}


def test_a_lone_percent_sign_and_invalid_lines_are_named(tmp_path: Path):
    findings, _ = check(
        tmp_path,
        GOOD.replace("目指すもの", "目指す100%もの").replace(
            'msgstr "%(count)s', "msgstr%(count)s"
        ),
    )
    assert findings == [
        'messages.po:5: msgid "Purpose": its msgstr has a % that is not a '
        "placeholder — write %% for a percent sign",
        "messages.po:9: this line is not a comment, a msgid/msgstr line or quoted "
        'text — fix it to read msgstr "…" (or delete it)',
    ]


# --- the production build, on a copy of the project ------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy with a good production build in output/; each test edits its
    catalog and the fixture below puts it back."""
    project = copy_project(tmp_path_factory.mktemp("catalog-errors") / "site")
    result = invoke(project, "preview")
    assert result.returncode == 0, result.stdout + result.stderr
    yield project


@pytest.fixture
def po(project: Path) -> Iterator[Path]:
    path = project / PO
    good = path.read_text("utf-8")
    yield path
    path.write_text(good, "utf-8")


def publish_with(project: Path, po: Path, old: str, new: str) -> tuple[str, int]:
    """Edit the catalog, run `invoke preview` (what `make build` runs); return
    what it printed and the line the edit starts on."""
    text = po.read_text("utf-8")
    assert old in text, f"{old!r} not in {po}"
    po.write_text(text.replace(old, new, 1), "utf-8")
    before = tree_digest(project / "output")
    result = invoke(project, "preview")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert "RuntimeError" not in output
    assert tree_digest(project / "output") == before, "output/ was touched"
    return output, line_of(text, old)


def test_a_deleted_entry_stops_the_build(project: Path, po: Path):
    output, _ = publish_with(
        project, po, f"#: theme/templates/partials/site_footer.html\n{SITE_MAP}\n", ""
    )
    assert (
        f'{PO}:1: msgid "Site map" has no Japanese translation: this file has no entry '
        "for it, so the Japanese site shows it in English — run `invoke translations`, "
        "then write its msgstr"
    ) in output.splitlines()


def test_an_unterminated_msgstr_stops_the_build(project: Path, po: Path):
    output, line = publish_with(
        project, po, SITE_MAP, SITE_MAP.replace('ップ"', "ップ")
    )
    assert (
        f'{PO}:{line + 1}: msgstr "サイトマップ has no closing double quote — add " '
        "at the end of the line"
    ) in output.splitlines()


def test_an_empty_msgstr_stops_the_build(project: Path, po: Path):
    output, line = publish_with(
        project, po, SITE_MAP, SITE_MAP.replace("サイトマップ", "")
    )
    assert (
        f'{PO}:{line}: msgid "Site map" has no Japanese translation (its msgstr is '
        "empty, so the Japanese site shows it in English) — write the Japanese text "
        "in its msgstr"
    ) in output.splitlines()


def test_a_misspelt_placeholder_stops_the_build(project: Path, po: Path):
    output, line = publish_with(
        project, po, PAGE_OF, PAGE_OF.replace("%(number)sページ目", "%(numbr)sページ目")
    )
    assert (
        f'{PO}:{line}: msgid "Page %(number)s of %(count)s": its msgstr has '
        "%(numbr)s, which the msgid does not have, and leaves out %(number)s — copy "
        "the msgid's placeholders into the msgstr unchanged (%(number)s, %(count)s); "
        "translate only the words around them"
    ) in output.splitlines()


def test_drafting_says_the_same_and_shows_the_entry_in_english(
    project: Path, po: Path, tmp_path: Path
):
    text = po.read_text("utf-8")
    po.write_text(text.replace(SITE_MAP, SITE_MAP.replace('ップ"', "ップ")), "utf-8")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pelican", "content"),
            *("--settings", "pelicanconf.py", "--output", str(tmp_path / "draft")),
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert (
        f'{PO}:{line_of(text, SITE_MAP) + 1}: msgstr "サイトマップ has no closing double '
        'quote — add " at the end of the line'
    ) in output.splitlines()
    home = (tmp_path / "draft/index.html").read_text("utf-8")
    assert 'id="footer-sitemap">Site map</h2>' in home  # not the truncated サイトマッ
    assert "サイトマッ<" not in home
