"""Compile the theme's gettext catalogs (.po) for every build.

Owns: turning theme/translations/<lang>/LC_MESSAGES/messages.po into .mo files
under CACHE_PATH and pointing i18n_subsites at them (I18N_GETTEXT_LOCALEDIR),
so a plain `pelican` run always uses the catalogs as they are in git and no
compiled binary is ever committed.

Signal: `initialized`, which fires in Pelican.__init__ before any generator
exists, so the setting is in place when i18n_subsites copies the main settings
for its subsites. Must not touch the .po files themselves (`invoke
translations` owns those).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from pelican import Pelican, signals

log = logging.getLogger(__name__)
DOMAIN = "messages"


def catalog_sources(theme: Path) -> list[Path]:
    return sorted((theme / "translations").glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_catalog(po_path: Path, mo_path: Path, display_path: str) -> None:
    """Write po_path as mo_path (only if the bytes change); warn on gaps."""
    try:
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, abort_invalid=True)
    except PoFileError as error:
        # Pelican prints a traceback for any exception a plugin raises; an
        # editor needs the file and the fix instead, and a non-zero exit.
        log.critical(
            "%s:%s: %s — fix that entry and build again",
            display_path,
            error.lineno,
            error,
        )
        raise SystemExit(1) from None

    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    for label, ids in (("untranslated", untranslated), ("marked fuzzy", fuzzy)):
        if ids:
            log.warning(
                "%s: %d UI string(s) %s, shown in English: %s — write the "
                "translation in msgstr (and remove any '#, fuzzy' line)",
                display_path,
                len(ids),
                label,
                ", ".join(repr(i) for i in ids),
            )

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    data = buffer.getvalue()
    if not mo_path.exists() or mo_path.read_bytes() != data:
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        mo_path.write_bytes(data)


def compile_theme_catalogs(pelican: Pelican) -> None:
    settings = pelican.settings
    if settings.get("I18N_GETTEXT_LOCALEDIR"):
        return  # a subsite inherits the main site's compiled catalogs
    theme = Path(settings["THEME"])
    localedir = Path(settings["CACHE_PATH"]) / "gettext"
    for po_path in catalog_sources(theme):
        relative = po_path.relative_to(theme / "translations")
        display = str(Path(settings["THEME"]).name / Path("translations") / relative)
        compile_catalog(po_path, localedir / relative.with_suffix(".mo"), display)
    settings["I18N_GETTEXT_LOCALEDIR"] = str(localedir)


def register() -> None:
    signals.initialized.connect(compile_theme_catalogs)
