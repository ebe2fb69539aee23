"""Check and compile the theme's gettext catalogs (.po) for every build.

Owns: turning theme/translations/<lang>/LC_MESSAGES/messages.po into .mo files
under CACHE_PATH and pointing i18n_subsites at them (I18N_GETTEXT_LOCALEDIR),
so a plain `pelican` run always uses the catalogs as they are in git and no
compiled binary is ever committed. Before compiling, it checks the catalog of
every language in LANGUAGES except I18N_TEMPLATES_LANG and reports each
problem as `path:line: what is wrong — how to fix it`, like content_checks:

- text that is not valid .po syntax (an unclosed quote, a stray line);
- a msgid the templates use (messages.pot) with no entry, an empty msgstr,
  or a msgstr marked fuzzy: the page would show it in English;
- a msgstr whose %(name)s placeholders differ from its msgid's, or with a
  lone %: rendering it would crash.

Publishing (content_checks' `fatal()`) stops with exit status 1 before
anything is written; drafting prints the same lines and compiles the catalog
without the broken entries, so those show in English.

And each page's UI strings, translated once: the templates call `_()` about
25 times a page, each through three layers of Jinja's newstyle gettext (the
alias, the context call, the catalog, a Markup, a format), a sixth of a
page's render. A string without variables translates the same way on every
page of a site, so its result is kept per environment (and autoescape
state); a call with variables goes to Jinja's gettext as before.

Signals: `initialized`, which fires in Pelican.__init__ before any generator
exists, so the setting is in place when i18n_subsites copies the main settings
for its subsites; `generator_init`, to keep what each environment's `_`
gives once translations are installed in it (i18n_subsites installs them
after every site is read, before any page is rendered). Must not touch the .po files themselves (`invoke
translations` owns those) nor plugins/content_checks (only its `Finding`,
`fatal` and `report` are used).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, escape, read_po
from jinja2 import pass_context
from pelican import Pelican, signals

from content_checks.content_checks import fatal, report
from content_checks.rules import Finding
from site_facts import language_name

DOMAIN = "messages"
KEYWORD_LINE = re.compile(
    r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?:\s+(.*))?"
)
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
PLACEHOLDER = re.compile(r"%\((?P<name>[^)]*)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
# Babel's PoFileError messages (2.18), said in an editor's terms.
BABEL_ERRORS = {
    "Unknown or misformatted keyword": (
        "this line is not a comment, a msgid/msgstr line or quoted text — "
        'fix it to read msgstr "…" (or delete it)'
    ),
    "Got line starting with": (
        "this quoted line belongs to no msgid or msgstr — join it to the "
        "entry above or delete it"
    ),
    "missing msgstr": (
        'this entry has no msgstr line — add msgstr "…" with the translation '
        "below its msgid"
    ),
}


@dataclass
class CheckedCatalog:
    """A catalog as read, with the entries that would break or be English
    removed, and what is wrong with the file (empty: nothing)."""

    catalog: Catalog | None  # None: the file cannot be read at all
    findings: list[Finding] = field(default_factory=list)


def template_messages(pot_path: Path) -> list[Message]:
    """Every UI string the templates use, as `invoke translations` extracted it."""
    if not pot_path.is_file():
        return []
    with pot_path.open("rb") as handle, contextlib.redirect_stdout(io.StringIO()):
        return [m for m in read_po(handle) if m.id]


def check_catalog(
    po_path: Path, lang: str, templates: list[Message] | None = None
) -> CheckedCatalog:
    """Read po_path and check it against the template strings (messages.pot)."""
    language = language_name(lang, "en")
    if not po_path.is_file():
        return CheckedCatalog(
            None,
            [
                Finding(
                    po_path,
                    1,
                    f"there is no {language} catalog, so the {language} site shows "
                    "every menu, button and date label in English — run `pybabel "
                    f"init -i theme/translations/messages.pot -d theme/translations "
                    f"-l {lang}`, then write every msgstr",
                )
            ],
        )
    data = po_path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return CheckedCatalog(
            None,
            [Finding(po_path, line, "is not UTF-8 text — save the file as UTF-8")],
        )

    findings, broken_lines = syntax_findings(po_path, text)
    try:
        catalog = read_po(io.BytesIO(data), locale=lang, abort_invalid=True)
    except PoFileError as error:
        line = error.lineno + 1  # Babel counts lines from 0
        reason = next(
            (
                fix
                for start, fix in BABEL_ERRORS.items()
                if str(error).startswith(start)
            ),
            f"{error} — fix that line",
        )
        findings.append(Finding(po_path, line, reason))
        broken_lines.add(line)
        # Babel prints each problem it skips; it has been reported above.
        with contextlib.redirect_stdout(io.StringIO()):
            catalog = read_po(io.BytesIO(data), locale=lang)

    broken_ids = set()  # reported above; shown in English meanwhile
    for message in broken_entries(catalog, broken_lines):
        broken_ids.add((message.id, message.context))
        catalog.delete(message.id, message.context)

    for template in templates or []:
        if catalog.get(template.id, template.context) is None and (
            (template.id, template.context) not in broken_ids
        ):
            findings.append(
                Finding(
                    po_path,
                    1,
                    f"{shown(template.id)} has no {language} translation: this file has "
                    f"no entry for it, so the {language} site shows it in English — "
                    "run `invoke translations`, then write its msgstr",
                )
            )
    for message in list(catalog):
        if not message.id:
            continue  # the header
        problem = entry_problem(message, language)
        if problem:
            findings.append(Finding(po_path, message.lineno or 1, problem))
            catalog.delete(message.id, message.context)
    return CheckedCatalog(catalog, sorted(findings))


def syntax_findings(po_path: Path, text: str) -> tuple[list[Finding], set[int]]:
    """Quoted text Babel accepts although it is broken: Babel drops the last
    character of `msgstr "目指すもの` without a word."""
    findings = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword_line = KEYWORD_LINE.fullmatch(line)
        if keyword_line:
            keyword, quoted = keyword_line.group(1), keyword_line.group(2) or ""
        elif line.startswith('"'):
            keyword, quoted = "this line", line
        else:
            continue  # Babel reports it, with abort_invalid
        if QUOTED.fullmatch(quoted):
            continue
        if not quoted:
            problem = f'{keyword} has no text in double quotes — write {keyword} "…"'
        elif not quoted.startswith('"'):
            problem = (
                f"{keyword} {short(quoted)} has its text outside double quotes — "
                f'write {keyword} "…"'
            )
        elif len(quoted) == 1 or not QUOTED.match(quoted):
            problem = (
                f'{keyword} {short(quoted)} has no closing double quote — add " at '
                "the end of the line"
            )
        else:
            problem = (
                f"{keyword} {short(quoted)} has a double quote inside its text — "
                'write it as \\" (or use 「」), and end the line with "'
            )
        findings.append(Finding(po_path, number, problem))
    return findings, {finding.line for finding in findings}


def broken_entries(catalog: Catalog, broken_lines: set[int]) -> list[Message]:
    """The entries a broken line belongs to: the last msgid at or before it."""
    starts = sorted((m.lineno, m) for m in catalog if m.id and m.lineno)
    owners = {}
    for line in broken_lines:
        before = [message for start, message in starts if start <= line]
        if before:
            owners[(before[-1].id, before[-1].context)] = before[-1]
    return list(owners.values())


def entry_problem(message: Message, language: str) -> str | None:
    """Why this entry would show in English or break a page; None if it is fine."""
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if not all(strings):
        return (
            f"{shown(message.id)} has no {language} translation (its msgstr is "
            f"empty, so the {language} site shows it in English) — write the "
            f"{language} text in its msgstr"
        )
    if message.fuzzy:
        return (
            f"{shown(message.id)} has a {language} translation marked fuzzy (a guess "
            f"by `invoke translations`; the {language} site shows it in English) — "
            'check its msgstr, then delete the "#, fuzzy" line above it'
        )
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    for string in strings:
        problem = placeholder_problem(ids[-1], string)
        if problem:
            return f"{shown(message.id)}: {problem}"
    return None


def placeholder_problem(msgid: str, msgstr: str) -> str | None:
    """Jinja's newstyle gettext formats every msgstr with `%`: a placeholder the
    msgid lacks raises KeyError, a lone % ValueError, while the page renders."""
    wanted = {m["name"]: m[0] for m in PLACEHOLDER.finditer(msgid)}
    found = {m["name"]: m[0] for m in PLACEHOLDER.finditer(msgstr)}
    sample = dict.fromkeys(wanted, 0)
    try:
        msgid % sample
    except (KeyError, ValueError, TypeError):
        return None  # not a format string (a gettext_in() text): nothing to keep
    if found.keys() != wanted.keys():
        unknown = ", ".join(found[n] for n in found if n not in wanted)
        left_out = ", ".join(wanted[n] for n in wanted if n not in found)
        what = "its msgstr " + ", and ".join(
            part
            for part in (
                unknown and f"has {unknown}, which the msgid does not have",
                left_out and f"leaves out {left_out}",
            )
            if part
        )
        keep = ", ".join(wanted.values()) or "none"
        return (
            f"{what} — copy the msgid's placeholders into the msgstr unchanged "
            f"({keep}); translate only the words around them"
        )
    try:
        msgstr % sample
    except (KeyError, ValueError, TypeError):
        return (
            "its msgstr has a % that is not a placeholder — write %% for a percent sign"
        )
    return None


def shown(msgid: str | tuple[str, ...]) -> str:
    return f"msgid {escape(msgid[0] if isinstance(msgid, tuple) else msgid)}"


def short(quoted: str, limit: int = 40) -> str:
    return quoted if len(quoted) <= limit else quoted[: limit - 1] + "…"


def catalog_languages(settings: dict, translations: Path) -> list[str]:
    """Every language the site is built in, and any with a catalog on disk,
    except the one the templates are written in."""
    configured = settings.get("LANGUAGES") or [
        settings["DEFAULT_LANG"],
        *settings.get("I18N_SUBSITES", {}),
    ]
    on_disk = {
        p.parent.parent.name for p in translations.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    }
    templates_lang = settings.get("I18N_TEMPLATES_LANG", "en")
    return sorted((set(configured) | on_disk) - {templates_lang})


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def compile_theme_catalogs(pelican: Pelican) -> None:
    settings = pelican.settings
    if settings.get("I18N_GETTEXT_LOCALEDIR"):
        return  # a subsite inherits the main site's compiled catalogs
    translations = Path(settings["THEME"]).absolute() / "translations"
    templates = template_messages(translations / f"{DOMAIN}.pot")
    compiled: dict[str, bytes] = {}
    findings: list[Finding] = []
    for lang in catalog_languages(settings, translations):
        po_path = translations / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        checked = check_catalog(po_path, lang, templates)
        findings += checked.findings
        # A language without a usable catalog (said above) gets an empty one:
        # its UI shows in English, as said, and i18n_subsites logs no
        # traceback for the missing file.
        catalog = checked.catalog if checked.catalog is not None else Catalog()
        compiled[lang] = mo_bytes(catalog)
    if findings:
        report(findings, stop=fatal(settings))
    settings["I18N_GETTEXT_LOCALEDIR"] = str(write_catalogs(settings, compiled))


def write_catalogs(settings: dict, compiled: dict[str, bytes]) -> Path:
    """Write the .mo files into a folder named after their bytes: gettext (and
    language_switcher) cache a catalog by its path for the life of the process,
    so the live preview would otherwise keep showing a catalog since edited."""
    digest = hashlib.sha256()
    for lang, data in sorted(compiled.items()):
        digest.update(lang.encode() + b"\0" + data)
    root = Path(settings["CACHE_PATH"]) / "gettext"
    localedir = root / digest.hexdigest()[:12]
    localedir.mkdir(parents=True, exist_ok=True)
    for lang, data in compiled.items():
        mo_path = localedir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not mo_path.is_file() or mo_path.read_bytes() != data:
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            mo_path.write_bytes(data)
    for old in root.iterdir():
        if old != localedir:
            shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()
    return localedir


def remember_ui_strings(generator) -> None:
    env = getattr(generator, "env", None)
    install = getattr(env, "install_gettext_translations", None)
    if install is None:
        return  # no jinja2.ext.i18n

    def install_and_remember(translations, newstyle=None) -> None:
        install(translations, newstyle)
        if env.newstyle_gettext:
            env.globals["_"] = remembering(env.globals["gettext"])

    env.install_gettext_translations = install_and_remember


def remembering(gettext):
    """Jinja's `_` (newstyle), keeping what a string without variables
    translates to."""
    known: dict[tuple[str, bool], str] = {}

    @pass_context
    def translate(context, message, **variables):
        if variables:
            return context.call(gettext, message, **variables)
        key = (message, context.eval_ctx.autoescape)
        if key not in known:
            known[key] = context.call(gettext, message)
        return known[key]

    return translate


def register() -> None:
    signals.initialized.connect(compile_theme_catalogs)
    signals.generator_init.connect(remember_ui_strings)
