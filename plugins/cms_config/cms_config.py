"""Editing in the browser: Decap CMS at /admin/, configured from the settings.

Owns, in the main site's output under CMS_PATH (admin/):
- `config.yml`: the CMS configuration, generated from pelicanconf.py on every
  build (`cms_config()`): Decap's Japanese interface and the cooperative's
  mark; one collection per kind of content (PAGE_PATHS' pages, its programs/
  folder, its event pages, ARTICLE_PATHS' news; the 404 and search pages in
  none), one file per language side by side (`i18n: multiple_files`,
  LANGUAGES, DEFAULT_LANG first), each kind's fields (fields.py), the GitHub
  backend (CMS_REPOSITORY, CMS_BRANCH,
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
  format (pelican-format.js), the Lang widget and plain Japanese for what
  Decap asks (cms-setup.js), the body with the site's blocks (site-blocks.js)
  and the
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

from site_facts import is_main_site, language_name
from translation_sync.translation_sync import records_for

from .fields import EDITOR_KIND, KIND_FIELDS, TEMPLATE_GROUPS, body_field, field
from .site_settings import site_settings_collection

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
# In plugins/cms_config/admin/; translation-sync.js writes with pelican-format.js.
ADMIN_SCRIPTS = (
    "pelican-format.js",
    "cms-setup.js",
    "translation-sync.js",
    "site-blocks.js",
)
BUNDLE_SCRIPT = "decap-cms.js"
FORMAT = "pelican-md"  # registered by pelican-format.js
PROGRAMS = "programs"  # the folder of program pages below each page path
LOGO = "images/favicon.svg"  # the cooperative's mark, in the theme's static files


def sync_field(spec: dict, settings: dict, records: dict) -> dict:
    """The "up to date" box's facts (admin/translation-sync.js): the
    languages, the default original, and the sync points of this folder's
    translations as the build found them (plugins/translation_sync)."""
    spec["required"] = False
    spec["default_locale"] = settings["DEFAULT_LANG"]
    spec["default_original"] = settings["DEFAULT_LANG"]
    spec["languages"] = {
        lang: language_name(lang, "ja") for lang in settings["LANGUAGES"]
    }
    spec["records"] = records
    return spec


def folder_records(records: dict, inside: str) -> dict:
    """The records of the translations directly in one folder of content/."""
    return {p: r for p, r in records.items() if p.rpartition("/")[0] == inside}


def outdated_note(records: dict) -> str:
    """The collection list's note: which translations need updating."""
    names = [
        f"{path.rpartition('/')[2]} ({language_name(r['original_lang'], 'ja')}"
        "の原文が変わりました)"
        for path, r in records.items()
        if r["outdated"]
    ]
    if not names:
        return ""
    return (
        "更新が必要な翻訳: " + "、".join(names) + "。ページを開いて翻訳を直し、"
        "「原文と同じ内容です」のボックスにチェックを入れて公開してください。"
    )


def collection(
    name: str, label: str, folder: str, kind: str, settings: dict, **extra
) -> dict:
    """A folder of pairs (<slug>.<lang>.md), listing only its kind's pages
    (EDITOR_KIND, from each file's Template) with only its kind's fields."""
    keys = [k for k in KIND_FIELDS[kind] if k in settings["CONTENT_METADATA"]]
    content = settings.get("CMS_CONTENT_FOLDER", "content")
    inside = folder.removeprefix(f"{content}/")
    records = folder_records(records_for(settings), inside)
    fields = [field(key, kind, settings) for key in keys]
    for spec in fields:
        if spec["name"] == "translated_from":
            sync_field(spec, settings, records)
    fields.append(body_field(settings))
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
        **(
            {"filter": {"field": EDITOR_KIND, "value": kind}}
            if kind != "article"
            else {}
        ),
        **extra,
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
            "delete": "Delete {{collection}} “{{slug}}”, every language (in the browser)",
        },
    }
    endpoint = settings.get("CMS_AUTH_ENDPOINT", "")
    if endpoint:
        parts = urlsplit(endpoint)
        backend["base_url"] = f"{parts.scheme}://{parts.netloc}"
        backend["auth_endpoint"] = parts.path.lstrip("/") or "auth"
    config: dict = {
        "backend": backend,
        # Decap's own Japanese interface (decap-cms-locales), and the
        # cooperative's mark where Decap shows its logo (admin/ → theme/).
        "locale": "ja",
        "logo": {
            "src": f"../{settings['THEME_STATIC_DIR']}/{LOGO}",
            "show_in_header": True,
        },
        # The header's link to the site, named as the cooperative is.
        "site_url": settings.get("SITEURL") or "/",
        "display_url": settings["SITE_NAMES"].get("ja") or settings["SITENAME"],
        "media_folder": f"{content}/{settings['STATIC_PATHS'][0]}",
        "public_folder": "{static}/" + settings["STATIC_PATHS"][0],
        "i18n": {
            "structure": "multiple_files",
            "locales": locales,
            "default_locale": default,
        },
        "collections": [
            collection("pages", "ページ", f"{content}/{pages}", "page", settings),
            collection(
                PROGRAMS, "事業", f"{content}/{pages}/{PROGRAMS}", "page", settings
            ),
            collection(
                "events",
                "催し",
                f"{content}/{pages}",
                "event",
                settings,
                label_singular="催しのページ",
            ),
            collection(
                "news", "お知らせ", f"{content}/{articles}", "article", settings
            ),
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
    name = html.escape(settings["SITE_NAMES"].get("ja") or settings["SITENAME"])
    title = f"ページの編集 · {name}"
    if has_bundle:
        body = "\n".join(
            f'<script src="{script}"></script>'
            for script in (BUNDLE_SCRIPT, *ADMIN_SCRIPTS)
        )
        body = (
            "<noscript><p>編集画面を使うには JavaScript を有効にしてください。</p>"
            "</noscript>\n" + body
        )
    else:
        body = (
            "<main><h1>編集画面がまだ入っていません</h1>\n"
            "<p>プロジェクトのフォルダーで <code>make serve</code> を動かすと、"
            "npm があれば自動で入ります。npm がなければ Node.js (npm 付き) を"
            "入れてから <code>.venv/bin/invoke tools</code> を実行し、"
            "<code>make serve</code> を起動し直してください。</p>\n"
            '<p lang="en">The content editor is not installed: install Node.js '
            "(with npm), run <code>.venv/bin/invoke tools</code>, then restart "
            "<code>make serve</code>.</p></main>\n"
            # A page with a <main> ends with its footer (html_allowlist).
            f"<footer><p>{name}</p></footer>"
        )
    return f"""<!doctype html>
<html lang="ja" data-default-locale="{html.escape(settings["DEFAULT_LANG"])}"
 data-template-groups="{html.escape(json.dumps(TEMPLATE_GROUPS))}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(cms_policy(settings))}">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="../{settings["THEME_STATIC_DIR"]}/{LOGO}" type="image/svg+xml">
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
