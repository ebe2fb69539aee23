"""The per-language facts the settings give, checked against LANGUAGES.

Owns: a `path:line` finding for each language of LANGUAGES that a
per-language setting leaves out: its name in SITE_NAMES (the site's name in
that language: its header, feeds, structured data) and its site in
I18N_SUBSITES (every language but the main one), and for a site of
I18N_SUBSITES that LANGUAGES does not list. The line is the setting's own
line in the settings file that assigns it (pelicanconf.py, or a file that
imports it and sets it again). site_data.problems() adds these to the
site.yml findings, so content_checks reports them with the rest: drafting
builds anyway (a missing name falls back to the main one), publishing stops.

Pure but for finding the settings file: settings in, findings out.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from content_checks.findings import Finding
from site_facts import language_name


def setting_line(name: str) -> tuple[Path, int]:
    """Where the settings file assigns `name`: the last settings module
    loaded (publishconf.py after pelicanconf.py) that has its own line."""
    assigns = re.compile(rf"^{re.escape(name)}\s*(?::[^=]*)?=", re.MULTILINE)
    found = (Path("pelicanconf.py"), 1)
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None) or ""
        if not file.endswith(".py") or not hasattr(module, "DEFAULT_LANG"):
            continue
        if not hasattr(module, name):
            continue
        try:
            text = Path(file).read_text("utf-8")
        except OSError:
            continue
        match = assigns.search(text)
        if match:
            found = (Path(file), text.count("\n", 0, match.start()) + 1)
    return found


def settings_problems(settings: dict) -> list[Finding]:
    languages = list(settings.get("LANGUAGES") or [])
    if not languages:
        return []
    main = languages[0]
    names = settings.get("SITE_NAMES") or {}
    subsites = settings.get("I18N_SUBSITES") or {}
    found = []

    def say(setting: str, message: str) -> None:
        found.append(Finding(*setting_line(setting), message))

    for lang in languages:
        name = language_name(lang, "en")
        if not str(names.get(lang) or "").strip():
            say(
                "SITE_NAMES",
                f"SITE_NAMES has no {name} name: add "
                f'"{lang}": "…", the site\'s name in {name} (its header, feeds and '
                "search results show it)",
            )
        if lang != main and lang not in subsites:
            say(
                "I18N_SUBSITES",
                f'{name} ("{lang}") is in LANGUAGES but has no site in I18N_SUBSITES: '
                f'add "{lang}": {{…}} (docs/adding-a-language.md)',
            )
    for lang in subsites:
        if lang not in languages:
            say(
                "LANGUAGES",
                f'I18N_SUBSITES has a site for "{lang}", which LANGUAGES does not '
                f'list: add "{lang}": "<its locale, e.g. ko_KR>" to LANGUAGES, or '
                "take the site out",
            )
    return found
