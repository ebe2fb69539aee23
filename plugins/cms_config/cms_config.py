"""Editing in the browser: Decap CMS at /admin/, configured from the settings.

Owns, in the main site's output under CMS_PATH (admin/):
- `config.yml`: the CMS configuration, generated from pelicanconf.py on every
  build (`cms_config()`): one collection per content folder (PAGE_PATHS, the
  programs/ folder below it, ARTICLE_PATHS), one file per language side by side
  (`i18n: multiple_files`, LANGUAGES, DEFAULT_LANG first), fields from
  CONTENT_METADATA with content_checks' rules (required fields, the date
  format, the slug pattern SLUG, the templates of CONTENT_TEMPLATES, the
  event statuses), the GitHub backend (CMS_REPOSITORY, CMS_BRANCH,
  CMS_AUTH_ENDPOINT) and, while drafting, the live preview's own editor API
  (CMS_LOCAL_BACKEND, which dev_server.py sets to its address; editor_api.py).
  It is JSON, which is YAML too.
  Its last collection, "Site settings", edits content/site.yml
  (site_settings.py).
- `index.html`: noindex, its own Content-Security-Policy (`cms_policy()`);
  the CMS's scripts when node_modules has them (`invoke tools`), otherwise a
  page saying how to install them.
- the CMS bundle copied from node_modules/decap-cms/dist (CMS_BUNDLE; no
  source maps) and this plugin's admin/ scripts: the site's front-matter
  format (pelican-format.js), the Lang widget (cms-setup.js) and the
  translation's "up to date" box (translation-sync.js), which gets each
  translation's sync point from plugins/translation_sync through the
  configuration; a collection with outdated translations names them in its
  description, above its list.

Signals: `finalized` (main site only: /admin/ is one for both languages).
Must not touch pages, the sitemap, the feeds or the search index: /admin/ is
no Pelican page, so none of them lists it.
"""

from __future__ import annotations

import html
import json
import logging
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from pelican import Pelican, signals

from content_checks.rules import ARTICLE_DATE
from content_checks.sources import SLUG
from site_facts import is_main_site, language_name
from structured_data.structured_data import EVENT_STATUS
from translation_sync.translation_sync import records_for

from .site_settings import site_settings_collection

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
# In plugins/cms_config/admin/; translation-sync.js writes with pelican-format.js.
ADMIN_SCRIPTS = ("pelican-format.js", "cms-setup.js", "translation-sync.js")
BUNDLE_SCRIPT = "decap-cms.js"
FORMAT = "pelican-md"  # registered by pelican-format.js
PROGRAMS = "programs"  # the folder of program pages below each page path

# How each front-matter key is edited (labels are for editors). A key of
# CONTENT_METADATA not listed here is kept as written but not offered.
TEXT = {"widget": "string"}
FIELDS: dict[str, dict] = {
    "title": {"label": "Title", **TEXT},
    "lang": {"label": "Language", "widget": "pelican-lang"},
    "date": {"label": "Date (YYYY-MM-DD)", **TEXT},
    "summary": {"label": "Summary", "widget": "text"},
    "slug": {"label": "Web address (new pages only)", **TEXT},
    "status": {"label": "Status", "widget": "select"},
    "template": {"label": "Template", "widget": "select"},
    "one_language": {"label": "One language only", "widget": "select"},
    "original": {"label": "Original language (empty: {default})", "widget": "select"},
    # The translation's sync point: shown as "up to date?" and a box
    # (admin/translation-sync.js; plugins/translation_sync).
    "translated_from": {"label": "Translation", "widget": "pelican-sync"},
    "event_name": {"label": "Event: name", **TEXT},
    "event_start": {"label": "Event: start (YYYY-MM or YYYY-MM-DD)", **TEXT},
    "event_end": {"label": "Event: end (YYYY-MM-DD)", **TEXT},
    "event_city": {"label": "Event: city", **TEXT},
    "event_venue": {"label": "Event: venue", **TEXT},
    "event_url": {"label": "Event: website (https://…)", **TEXT},
    "event_status": {"label": "Event: status", "widget": "select"},
}
# Which keys each kind offers, in the order a new file writes them.
KIND_FIELDS = {
    "page": ("title", "lang", "slug", "template", "summary", "status",
             "one_language", "event_name", "event_start", "event_end",
             "event_city", "event_venue", "event_url", "event_status",
             "original", "translated_from"),
    "article": ("title", "lang", "slug", "date", "summary", "status",
                "one_language", "original", "translated_from"),
}  # fmt: skip
# What content_checks requires of every source (and Date of articles).
REQUIRED = {"page": {"title", "summary"}, "article": {"title", "summary", "date"}}
# Same text on both sides of a pair: content_checks wants them equal.
SHARED = {"date", "slug", "status", "template", "one_language", "original",
          "event_start", "event_end", "event_url", "event_status"}  # fmt: skip


def field(key: str, kind: str, settings: dict) -> dict:
    spec = {"name": key, **FIELDS[key]}
    spec["required"] = key in REQUIRED[kind] or key == "lang"
    spec["i18n"] = "duplicate" if key in SHARED else True
    if key == "slug":
        spec["pattern"] = [
            SLUG.pattern,
            "lower-case letters, digits and hyphens (it is the page's address)",
        ]
        spec["hint"] = (
            "Only for a new one: its file name and address, e.g. general-meeting"
        )
    if key == "date":
        spec["pattern"] = [ARTICLE_DATE.pattern, "a date: YYYY-MM-DD"]
    if key == "event_url":
        spec["pattern"] = ["^(https://\\S+)?$", "a full https:// address"]
    choices = {
        "status": ("published", "draft", "hidden"),
        "template": settings.get("CONTENT_TEMPLATES", {}).get(kind, ()),
        "one_language": ("yes",),
        "original": tuple(settings["LANGUAGES"]),
        "event_status": tuple(EVENT_STATUS),
    }
    if key in choices:
        spec["options"] = list(choices[key])
    if key == "original":
        spec["label"] = spec["label"].format(
            default=language_name(settings["DEFAULT_LANG"], "en")
        )
    return spec


def sync_field(spec: dict, settings: dict, records: dict) -> dict:
    """The "up to date" box's facts (admin/translation-sync.js): the
    languages, the default original, and the sync points of this folder's
    translations as the build found them (plugins/translation_sync)."""
    spec["required"] = False
    spec["default_locale"] = settings["DEFAULT_LANG"]
    spec["default_original"] = settings["DEFAULT_LANG"]
    spec["languages"] = {
        lang: language_name(lang, "en") for lang in settings["LANGUAGES"]
    }
    spec["records"] = records
    return spec


def folder_records(records: dict, inside: str) -> dict:
    """The records of the translations directly in one folder of content/."""
    return {p: r for p, r in records.items() if p.rpartition("/")[0] == inside}


def outdated_note(records: dict) -> str:
    """The collection list's note: which translations need updating."""
    names = [
        f"{path.rpartition('/')[2]} (the {language_name(r['original_lang'], 'en')} "
        "original changed)"
        for path, r in records.items()
        if r["outdated"]
    ]
    if not names:
        return ""
    return (
        "Translations to update: " + "; ".join(names) + ". Open the page, update "
        "the translation, tick “This translation is up to date”, publish."
    )


def collection(name: str, label: str, folder: str, kind: str, settings: dict) -> dict:
    keys = [k for k in KIND_FIELDS[kind] if k in settings["CONTENT_METADATA"]]
    content = settings.get("CMS_CONTENT_FOLDER", "content")
    inside = folder.removeprefix(f"{content}/")
    records = folder_records(records_for(settings), inside)
    fields = [field(key, kind, settings) for key in keys]
    for spec in fields:
        if spec["name"] == "translated_from":
            sync_field(spec, settings, records)
    fields.append(
        {
            "name": "body",
            "label": "Text (Markdown)",
            "widget": "markdown",
            # Raw first: the site's Markdown ({: .lead }, <div markdown>) is
            # kept exactly as written; the rich editor would rewrite it.
            "modes": ["raw", "rich_text"],
            "i18n": True,
            "required": True,
        }
    )
    note = outdated_note(records)
    return {
        "name": name,
        "label": label,
        **({"description": note} if note else {}),
        "folder": folder,
        "create": True,
        "format": FORMAT,
        "extension": "md",
        "slug": "{{fields.slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "i18n": True,
        "fields": fields,
    }


def cms_config(settings: dict) -> dict:
    """The CMS's whole configuration, from the settings (one source of truth)."""
    content = settings.get("CMS_CONTENT_FOLDER", "content")
    languages = list(settings["LANGUAGES"])
    default = settings["DEFAULT_LANG"]
    locales = [default, *(lang for lang in languages if lang != default)]
    pages = settings["PAGE_PATHS"][0]
    articles = settings["ARTICLE_PATHS"][0]
    backend: dict = {
        "name": "github",
        "repo": settings.get("CMS_REPOSITORY") or "OWNER/REPOSITORY",
        "branch": settings.get("CMS_BRANCH", "main"),
        "commit_messages": {
            "create": "Add {{collection}} “{{slug}}” (in the browser)",
            "update": "Edit {{collection}} “{{slug}}” (in the browser)",
            "delete": "Delete {{collection}} “{{slug}}” (in the browser)",
        },
    }
    endpoint = settings.get("CMS_AUTH_ENDPOINT", "")
    if endpoint:
        parts = urlsplit(endpoint)
        backend["base_url"] = f"{parts.scheme}://{parts.netloc}"
        backend["auth_endpoint"] = parts.path.lstrip("/") or "auth"
    config: dict = {
        "backend": backend,
        "media_folder": f"{content}/{settings['STATIC_PATHS'][0]}",
        "public_folder": "{static}/" + settings["STATIC_PATHS"][0],
        "i18n": {
            "structure": "multiple_files",
            "locales": locales,
            "default_locale": default,
        },
        "collections": [
            collection("pages", "Pages", f"{content}/{pages}", "page", settings),
            collection(
                PROGRAMS, "Programs", f"{content}/{pages}/{PROGRAMS}", "page", settings
            ),
            collection("news", "News", f"{content}/{articles}", "article", settings),
            site_settings_collection(settings),
        ],
    }
    local = settings.get("CMS_LOCAL_BACKEND", "")
    if local:
        config["local_backend"] = {"url": local}
    return config


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def cms_policy(settings: dict, *, header: bool = False) -> str:
    """/admin/'s Content-Security-Policy: the site's, plus CMS_PAGE_POLICY and
    the origins its backends answer from (README: Editing in the browser)."""
    parts: list[dict[str, str]] = [settings["POLICY_PARTS"]["site"]]
    parts.append(settings["CMS_PAGE_POLICY"])
    if settings.get("CMS_LOCAL_BACKEND"):
        parts.append({"connect-src": origin(settings["CMS_LOCAL_BACKEND"])})
    if header:
        parts.append(settings["POLICY_PARTS"]["header_only"])
    merged: dict[str, str] = {}
    for part in parts:
        for directive, sources in part.items():
            merged[directive] = f"{merged.get(directive, '')} {sources}".strip()
    return "; ".join(f"{directive} {sources}" for directive, sources in merged.items())


def cms_http_headers(settings: dict) -> dict[str, str]:
    """What differs on /admin/ in _headers (plugins/host_files)."""
    return {
        "Content-Security-Policy": cms_policy(settings, header=True),
        "X-Robots-Tag": "noindex",
    }


def bundle_folder(settings: dict) -> Path:
    return Path(settings["CMS_BUNDLE"])


def index_html(settings: dict, has_bundle: bool) -> str:
    title = f"Content editor · {html.escape(settings['SITE_NAMES']['en'])}"
    if has_bundle:
        body = "\n".join(
            f'<script src="{name}"></script>'
            for name in (BUNDLE_SCRIPT, *ADMIN_SCRIPTS)
        )
        body = (
            "<noscript><p>The content editor needs JavaScript.</p></noscript>\n" + body
        )
    else:
        body = (
            "<main><h1>The content editor is not installed</h1>\n"
            "<p>Its files come from npm: run <code>.venv/bin/invoke tools</code> "
            "(or <code>make test</code>, which runs it) in the project folder, "
            "then restart <code>make serve</code>.</p></main>\n"
            # A page with a <main> ends with its footer (html_allowlist).
            f"<footer><p>{html.escape(settings['SITE_NAMES']['en'])}</p></footer>"
        )
    return f"""<!doctype html>
<html lang="en" data-default-locale="{html.escape(settings["DEFAULT_LANG"])}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(cms_policy(settings))}">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
{body}
</body>
</html>
"""


def copy_if_changed(source: Path, target: Path) -> None:
    """The bundle is 5 MB: the live preview copies it once, not on every save."""
    if target.exists():
        a, b = source.stat(), target.stat()
        if a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns:
            return
    shutil.copy2(source, target)


def write_admin(pelican: Pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings) or not settings.get("CMS_PATH"):
        return
    admin = Path(pelican.output_path) / settings["CMS_PATH"]
    admin.mkdir(parents=True, exist_ok=True)
    bundle = bundle_folder(settings)
    has_bundle = (bundle / BUNDLE_SCRIPT).is_file()
    if has_bundle:
        for source in bundle.iterdir():
            # decap-cms.js and its chunks (N.decap-cms.js); not the other
            # build (cms.js) nor source maps.
            if source.name.endswith(
                ("decap-cms.js", ".wasm", "decap-cms.js.LICENSE.txt")
            ):
                copy_if_changed(source, admin / source.name)
        for name in ADMIN_SCRIPTS:
            copy_if_changed(HERE / "admin" / name, admin / name)
    else:
        # Not a warning: a build without npm (`--fatal warnings`) is still a
        # site; /admin/ then says how to install the editor.
        log.info(
            "The content editor (/%s) is not installed: run `invoke tools`",
            settings["CMS_PATH"],
        )
    config = json.dumps(cms_config(settings), ensure_ascii=False, indent=2) + "\n"
    write_if_changed(admin / "config.yml", config)
    write_if_changed(admin / "index.html", index_html(settings, has_bundle))


def write_if_changed(target: Path, text: str) -> None:
    """A rebuild that changes nothing writes nothing (plugins/incremental_output)."""
    if target.exists() and target.read_text("utf-8") == text:
        return
    target.write_text(text, "utf-8")


def register() -> None:
    signals.finalized.connect(write_admin)
