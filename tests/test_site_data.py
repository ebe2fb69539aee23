"""content/site.yml (plugins/site_data): the navigation, the program order and
the cooperative's facts are content. The file drives the built pages and their
structured data; each mistake in it is one `content/site.yml:LINE: …` line
that stops `make build`; /admin/ edits it in every language.

Expectations come from the file itself, never from today's values.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.built_site import ROOT, Site, settings, visible_text
from tests.project_copy import invoke, published_copy, tree_digest

DATA = ROOT / "content/site.yml"
SHOWN = "content/site.yml"  # as the build names it, from the project's folder
NAMES = {"ja": "Japanese", "en": "English"}


def read(text: str, languages: dict[str, str] | None = None):
    from site_data.reader import read

    return read(Path(SHOWN), text.encode(), languages or NAMES)


def said(text: str, languages: dict[str, str] | None = None) -> list[str]:
    return [f.format(Path.cwd()) for f in read(text, languages).findings]


def line_of(text: str, needle: str, after: str = "") -> int:
    """The line of the first `needle` after the first `after`."""
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def real() -> tuple[str, object]:
    text = DATA.read_text("utf-8")
    return text, read(text)


# --- the file read on its own ------------------------------------------------


def test_the_real_file_is_read_without_findings():
    text, data = real()
    assert data.findings == ()
    assert data.navigation and data.programs
    for link in data.navigation:
        assert set(link.labels) == set(settings.LANGUAGES)
        assert text.splitlines()[link.line - 1].strip().startswith("- path:")


def test_a_missing_label_is_named_at_its_line():
    text, data = real()
    link = data.navigation[1]
    english = f"      en: {link.labels['en']}\n"
    broken = text.replace(english, "", 1)
    line = line_of(broken, "label:", after=f"path: {link.path}") + 1
    assert said(broken) == [
        f'{SHOWN}:{line}: the label of navigation link "{link.path}" has no '
        "English text: add `en: …`"
    ]


def test_a_misspelt_key_gets_a_did_you_mean():
    text, _ = real()
    broken = text.replace("organization:", "organisation:", 1)
    assert said(broken) == [
        f'{SHOWN}:{line_of(broken, "organisation:")}: unknown key "organisation" '
        "in the file (it may have navigation, programs, organization) — did you "
        'mean "organization"?',
        f"{SHOWN}:1: has no `organization:`: add the cooperative's facts "
        "(`founding_date:`, `head_office:`, `liaison_office:`, `country:`)",
    ]
    label = text.replace("    label:", "    lable:", 1)
    assert (
        f'{SHOWN}:{line_of(label, "lable:")}: unknown key "lable" in navigation '
        'link 1 (it may have path, label) — did you mean "label"?'
    ) in said(label)


def test_a_language_the_site_does_not_have_is_named():
    text, data = real()
    english = f"en: {data.navigation[0].labels['en']}"
    broken = text.replace(english, english.replace("en:", "eng:"), 1)
    line = line_of(broken, "eng:")
    assert (
        f'{SHOWN}:{line}: "eng" in the label of navigation link "" is not a '
        'language of the site (ja, en) — did you mean "en"?'
    ) in said(broken)


def test_a_third_language_needs_only_content_and_a_gap_is_a_finding():
    """A site in French: every label and every office without French text is
    one finding each; none is a KeyError."""
    text, data = real()
    languages = {**NAMES, "fr": "French"}
    found = said(text, languages)
    assert len(found) == len(data.navigation) + 2  # each label, two offices
    assert all("has no French text: add `fr: …`" in f for f in found)
    added = text
    for link in data.navigation:
        ja = f"      ja: {link.labels['ja']}\n"
        added = added.replace(ja, ja + f"      fr: {link.labels['en']} (fr)\n", 1)
    for office in ("head_office", "liaison_office"):
        ja = f"{office}:\n    ja: {data.organization[office]['ja']}\n"
        added = added.replace(ja, ja + f"    fr: {office} (fr)\n", 1)
    assert said(added, languages) == []
    from site_data.site_data import for_language

    french = for_language(read(added, languages), "fr", "ja")
    assert french.navigation[0][0] == f"{data.navigation[0].labels['en']} (fr)"
    assert french.organization["head_office"] == "head_office (fr)"


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "founding_date: ",
            "founding_date: x",
            "founding_date:",
            'founding_date "x{value}" is not a year: write it as four digits (YYYY)',
        ),
        (
            "country: ",
            "country: x",
            "country:",
            'country "x{value}" is not a two-letter country code (ISO 3166): '
            "write e.g. JP",
        ),
    ],
)
def test_a_fact_that_is_not_one_is_named(old, new, needle, message):
    text, data = real()
    value = data.organization[needle.rstrip(":")]
    broken = text.replace(old + ('"' if f'{old}"' in text else ""), new, 1)
    broken = broken.replace(f'x{value}"', f"x{value}", 1)
    assert said(broken) == [
        f"{SHOWN}:{line_of(broken, needle)}: {message.format(value=value)}"
    ]


def test_unreadable_yaml_repeats_and_a_missing_file_are_named():
    text, data = real()
    tab = text.replace("  country:", "\tcountry:", 1)
    found = said(tab)
    assert len(found) == 1 and found[0].startswith(
        f"{SHOWN}:{line_of(tab, chr(9))}: cannot be read here ("
    )
    assert "no tabs" in found[0]
    twice = text.replace(
        "programs:\n", "programs:\n  - " + data.programs[0].slug + "\n", 1
    )
    assert said(twice) == [
        f"{SHOWN}:{line_of(twice, data.programs[0].slug, after='programs:') + 1}: "
        f'"{data.programs[0].slug}" is in programs twice (also on line '
        f"{line_of(twice, data.programs[0].slug, after='programs:')}): keep one"
    ]
    liaison = text[text.index("  liaison_office:") : text.index("  country:")]
    alias = text.replace("head_office:", "head_office: &o", 1).replace(
        liaison, "  liaison_office: *o\n", 1
    )
    assert said(alias) == [
        f"{SHOWN}:{line_of(alias, '*o')}: repeats a value with an alias (`*`): "
        "write the value out in full here, and take the anchor (`&`) off the "
        "first one"
    ]
    from site_data.reader import read as read_file

    missing = read_file(Path(SHOWN), None, NAMES).findings
    assert [f.line for f in missing] == [1]
    assert "is missing" in missing[0].message


# --- the build: each mistake stops `invoke build` ------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a good production build in output/."""
    return published_copy(tmp_path_factory.mktemp("site-data") / "site")


@pytest.fixture
def data_file(project: Path):
    """The copy's content/site.yml, restored after each test."""
    path = project / "content/site.yml"
    yield path
    shutil.copy2(DATA, path)


def mistakes() -> dict[str, tuple[str, str, str, int]]:
    """name -> (old text, new text, what the build says, the line it names)."""
    text, data = real()
    link = data.navigation[1]
    program = data.programs[0].slug
    wrong = f"{link.path[:-2]}{link.path[-1]}"  # "purpose/" -> "purpoe/"
    unlabelled = text.replace(f"      en: {link.labels['en']}\n", "", 1)
    return {
        "a path that names no page": (
            f"path: {link.path}\n",
            f"path: {wrong}\n",
            f'navigation links to "{wrong}", which is no page of the site: write '
            'a page\'s address below the site ("about/"; "" is the home page) — '
            f'did you mean "{link.path}"?',
            link.line,
        ),
        "a program that names no page": (
            f"  - {program}\n",
            f"  - {program}x\n",
            f'programs names "{program}x", which is no page in '
            "content/pages/programs/: write programs/<its file name without "
            f'.ja.md>, or take the line out — did you mean "{program}"?',
            data.programs[0].line,
        ),
        "a missing label": (
            f"      en: {link.labels['en']}\n",
            "",
            f'the label of navigation link "{link.path}" has no English text: '
            "add `en: …`",
            line_of(unlabelled, "label:", after=f"path: {link.path}\n") + 1,
        ),
        "a misspelt key": (
            "liaison_office:",
            "liason_office:",
            'unknown key "liason_office" in organization (it may have '
            "founding_date, head_office, liaison_office, country) — did you "
            'mean "liaison_office"?',
            line_of(text, "liaison_office:"),
        ),
    }


@pytest.mark.parametrize("mistake", list(mistakes()))
def test_each_mistake_stops_the_build_with_its_line(project, data_file, mistake):
    old, new, message, line = mistakes()[mistake]
    text = data_file.read_text("utf-8")
    assert old in text
    data_file.write_text(text.replace(old, new, 1), "utf-8")
    before = tree_digest(project / "output")
    result = invoke(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert f"{SHOWN}:{line}: {message}" in output.splitlines(), output
    assert tree_digest(project / "output") == before


def test_a_missing_file_stops_the_build(project, data_file):
    data_file.unlink()
    result = invoke(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{SHOWN}:1: is missing" in output and "Traceback" not in output


# --- the file drives the site ------------------------------------------------


def test_the_file_drives_navigation_programs_footer_and_structured_data(
    project, data_file
):
    import yaml

    from site_data.site_data import for_language

    doc = yaml.safe_load(DATA.read_text("utf-8"))
    doc["navigation"][1]["label"]["en"] += " & more"
    doc["programs"].reverse()
    for office in ("head_office", "liaison_office"):
        for lang in settings.LANGUAGES:
            doc["organization"][office][lang] += " (2)"
    doc["organization"]["founding_date"] = "2001"
    changed = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    data_file.write_text(changed, "utf-8")
    assert said(changed) == []
    result = invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    site = Site(project / "output")
    new = read(changed)
    for lang in settings.LANGUAGES:
        prefix = "/" if lang == settings.DEFAULT_LANG else f"/{lang}/"
        view = for_language(new, lang, settings.DEFAULT_LANG)
        home = site.page(prefix)
        nav = [visible_text(a) for a in home.select(".site-nav a")]
        assert nav == [label for label, _path in view.navigation]
        cards = [a["href"] for a in home.select(".cards .card__link")]
        expected = [f"{prefix}{slug}/" for slug in view.programs]
        assert cards[: len(expected)] == expected
        footer = visible_text(home.select_one(".site-footer"))
        assert view.organization["head_office"] in footer
        assert view.organization["liaison_office"] in footer
        assert "© 2001" in footer
        org = json.loads(home.select_one('script[type="application/ld+json"]').string)
        assert org["foundingDate"] == "2001"
        assert org["address"]["addressLocality"] == view.organization["head_office"]
        offices = [p["address"]["addressLocality"] for p in org["location"]]
        assert offices == [
            view.organization["head_office"],
            view.organization["liaison_office"],
        ]
    assert "& more" in nav[1] and "&amp; more" not in nav[1]


# --- the editor at /admin/ ---------------------------------------------------


def test_the_editor_has_site_settings_in_every_language():
    from pelican.settings import read_settings

    from cms_config.cms_config import cms_config

    config = cms_config(read_settings(str(ROOT / "pelicanconf.py")))
    site = next(c for c in config["collections"] if c["name"] == "site")
    assert site["label"] == "サイトの設定" and site["delete"] is False
    (file,) = site["files"]
    assert file["file"] == SHOWN and file["format"] == "yml"
    fields = {f["name"]: f for f in file["fields"]}
    text, data = real()
    assert list(fields) == [
        line.rstrip(":") for line in text.splitlines() if line[0] != " "
    ]
    link = {f["name"]: f for f in fields["navigation"]["fields"]}
    languages = [f["name"] for f in link["label"]["fields"]]
    assert languages == list(settings.LANGUAGES)
    # Named in Japanese, as the whole editor is.
    assert [f["label"] for f in link["label"]["fields"]] == [
        {"ja": "日本語", "en": "英語"}[lang] for lang in settings.LANGUAGES
    ]
    facts = {f["name"]: f for f in fields["organization"]["fields"]}
    assert list(facts) == list(data.organization)
    for office in ("head_office", "liaison_office"):
        assert [f["name"] for f in facts[office]["fields"]] == languages


def test_the_editors_yaml_writer_saves_the_file_as_it_is():
    """Decap reads and writes the file with npm `yaml`: an unchanged save
    writes the same bytes, so an edit changes only its own lines."""
    writer = ROOT / "node_modules/yaml"
    if shutil.which("node") is None or not writer.exists():
        pytest.skip("needs node and `invoke tools`")
    script = (
        "const yaml = require(process.argv[1]);"
        "const text = require('fs').readFileSync(process.argv[2], 'utf8');"
        "const doc = new yaml.Document();"
        "doc.contents = yaml.createNode(yaml.parseDocument(text).toJSON());"
        "process.stdout.write(doc.toString());"
    )
    result = subprocess.run(
        ["node", "-e", script, str(writer), str(DATA)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == DATA.read_text("utf-8")


def test_brackets_nested_too_deep_are_a_finding_not_a_crash():
    """500 levels of [ … ] (found by the third hostile review: RecursionError)."""
    text, _data = real()
    found = said(text + "extra: " + "[" * 500 + "]" * 500 + "\n")
    assert any("nests lists or mappings too deeply" in line for line in found)
