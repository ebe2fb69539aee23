"""UI strings: every one translated, and a broken catalog named in the error."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.built_site import ROOT, build, japanese_catalog


def test_every_ui_string_has_a_japanese_translation():
    untranslated = [msgid for msgid, msgstr in japanese_catalog().items() if not msgstr]
    assert untranslated == []


def test_catalog_covers_every_string_the_templates_use():
    from babel.messages.pofile import read_po

    with (ROOT / "theme/translations/messages.pot").open("rb") as handle:
        template_ids = {m.id for m in read_po(handle) if m.id}
    assert template_ids <= set(japanese_catalog())


def test_a_broken_catalog_fails_the_build_naming_the_file(tmp_path: Path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    po = theme / "translations/ja/LC_MESSAGES/messages.po"
    po.write_text(po.read_text("utf-8") + '\nmsgid "Unclosed\n', "utf-8")
    settings = tmp_path / "broken.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        f"from pelicanconf import *\nTHEME = {str(theme)!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n",
        "utf-8",
    )
    result = build(tmp_path / "out", settings_file=str(settings), check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "theme/translations/ja/LC_MESSAGES/messages.po" in output
    assert "Traceback" not in output


def test_catalogs_are_up_to_date_with_the_templates(tmp_path: Path):
    """A string added to a template without `invoke translations` would show in
    English on the Japanese site: extract afresh and compare."""
    import subprocess
    import sys

    from babel.messages.pofile import read_po

    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "--mapping-file",
            "theme/translations/babel.cfg",
            "--keyword=gettext_in:2",
            "--output-file",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        used = {m.id for m in read_po(handle) if m.id}
    missing = used - set(japanese_catalog())
    assert missing == set(), "run `invoke translations` and translate these"


def test_the_translations_task_exists_and_updates_the_template(tmp_path: Path):
    from tests.project_copy import copy_project, invoke

    project = copy_project(tmp_path / "site")
    result = invoke(project, "translations")
    assert result.returncode == 0, result.stdout + result.stderr
    import re

    assert re.search(r"\d+ of \d+ messages \(100%\) translated", result.stderr)


class Catalog:
    """A translations object as i18n_subsites installs one."""

    def gettext(self, message):
        return {"Search": "検索", "100%% sure": "100%%確か"}.get(message, message)

    def ngettext(self, singular, plural, n):
        return singular if n == 1 else plural


def test_remembered_ui_strings_read_as_jinjas_own_gettext_gives_them():
    """plugins/gettext_catalogs keeps what `_()` gives for a string without
    variables; every page must read as Jinja's newstyle gettext renders it,
    with variables, escaping and autoescape switched off in a block too."""
    from jinja2 import Environment

    from plugins.gettext_catalogs.gettext_catalogs import remember_ui_strings

    source = (
        "{{ _('Search') }}|{{ _('100%% sure') }}|{{ _('Hi %(name)s', name=who) }}"
        "{% autoescape false %}|{{ _('Hi %(name)s', name=who) }}"
        "|{{ _('<b>') }}{% endautoescape %}|{{ _('<b>') }}"
    )

    def render(remember: bool) -> list[str]:
        env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
        if remember:
            remember_ui_strings(type("Generator", (), {"env": env})())
        env.install_gettext_translations(Catalog(), newstyle=True)
        template = env.from_string(source)
        return [template.render(who=name) for name in ("<i>A</i>", "B", "<i>A</i>")]

    assert render(remember=True) == render(remember=False)
    assert render(True)[0].startswith("検索|100%確か|Hi &lt;i&gt;A&lt;/i&gt;|Hi <i>A")
