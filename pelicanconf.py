"""Development settings for the BCC website (used by `make serve` and the tests).

Production overrides live in publishconf.py. Everything a template, plugin or
test needs to agree on (languages, URL patterns) is defined here once and
imported where needed; what an editor changes (the navigation, the program
order, the cooperative's facts) is content: content/site.yml.
"""

import hashlib
import sys
from pathlib import Path

from markdown.extensions.toc import slugify_unicode

_here = Path(__file__).resolve().parent  # lower case: not a Pelican setting
# plugins/ is an import root, as in the tests and tasks.py, so plugins can
# share code (content_checks uses localized_dates' date syntax).
sys.path.insert(0, str(_here / "plugins"))


# --- Site -------------------------------------------------------------------
# The cooperative's name in each site language.
SITE_NAMES = {"ja": "コワーキング協同組合", "en": "Business Cooperative of Coworking"}
# What a phone's header shows where the whole name does not fit (the whole
# name stays there for screen readers). A language without one shows its name.
SITE_SHORT_NAMES = {"en": "BCC"}
# Where the header may break a name that has no short one into two lines on a
# phone (BudouX reads the Japanese name as one phrase): before this word.
SITE_NAME_BREAK_BEFORE = {"ja": "協同組合"}
SITENAME = SITE_NAMES["ja"]
AUTHOR = SITENAME  # feeds and structured data name the cooperative as author
# SITEURL is empty in development: links are root-relative, so the site works
# on any port of localhost. publishconf.py reads the real one from $SITEURL.
SITEURL = ""
TIMEZONE = "Asia/Tokyo"
# Dates are formatted by Babel (plugins/localized_dates), never by the OS: pin
# the process locale to one every machine has, so none of its settings (e.g.
# LANG=ja_JP.UTF-8 without that locale installed) can change or break a build.
LOCALE = ("C.UTF-8", "C")
# So Pelican's own `locale_date`, the OS-locale date it formats for every
# article as it is read, is empty: no template shows it (they use Babel's
# localized_date filter), and formatting it cost 4,000 strftime calls a build.
DEFAULT_DATE_FORMAT = ""

# --- Languages --------------------------------------------------------------
# Japanese is the main site at /; every other language is an i18n subsite at
# /<lang>/. Keep the main language out of I18N_SUBSITES (pelican-plugins#1372).
# Adding a language: docs/adding-a-language.md.
DEFAULT_LANG = "ja"
# Every site language, main first, with the locale Open Graph names it by.
LANGUAGES = {"ja": "ja_JP", "en": "en_US"}
# Each other language's site, named in its language (a name missing from
# SITE_NAMES is reported at its line by plugins/site_data).
I18N_SUBSITES = {
    lang: {
        "SITENAME": SITE_NAMES.get(lang, SITENAME),
        "AUTHOR": SITE_NAMES.get(lang, SITENAME),
    }
    for lang in LANGUAGES
    if lang != DEFAULT_LANG
}
# Templates are written in English, so the English site needs no catalog and
# the Japanese one installs theme/translations/ja (pelican-bootstrap3 README).
I18N_TEMPLATES_LANG = "en"
# Content not yet translated (allowed while drafting; `make build` refuses it)
# is shown on the other site too, in its own language, under a notice saying
# so. ("hide", the plugin's default, turns such articles into drafts, which
# crashes Pelican 4.12 on a site without category pages.)
I18N_UNTRANSLATED_ARTICLES = "keep"
I18N_UNTRANSLATED_PAGES = "keep"
JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    # Escape every value by default; templates mark rendered Markdown |safe.
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    # A build's environments live for that build only: checking every
    # template's file for changes on each page (Jinja's default) is 40,000
    # stat calls at N = 1000 for nothing. The live preview starts new ones.
    "auto_reload": False,
}

# --- Content ----------------------------------------------------------------
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
# Images and other files: content/images/, linked as {static}/images/<file>.
STATIC_PATHS = ["images"]
# What content/images/ may hold (plugins/static_files): SVG and PDF as they
# are once checked, raster images as cleaned copies (no EXIF, GPS, XMP).
STATIC_FILE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".pdf")
# Photos in content (plugins/responsive_images): each becomes a <picture> of
# AVIF and WebP, and its own format for older browsers, at these widths (CSS
# pixels x 2 for the reading column, 42rem = 672 px) but never wider than the
# photo; `sizes` is the reading column: the window less its 16 px gutters on a
# phone, 42rem from 44rem up. Encoded variants are kept under
# IMAGE_CACHE_PATH (empty: "images" beside CACHE_PATH), so an unchanged photo
# is never encoded twice. Larger sources are refused (content_checks).
IMAGE_WIDTHS = (480, 720, 1080, 1344)
IMAGE_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
IMAGE_QUALITY = {"avif": 50, "webp": 72, "jpeg": 78}
IMAGE_MAX_BYTES = 20_000_000
IMAGE_MAX_SIDE = 8000
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_CACHE_PATH = ""
# Which templates each kind of source may name in `Template:`.
CONTENT_TEMPLATES = {
    "page": ("page", "home", "event", "search", "error"),
    "article": ("article",),
}
# Sources are Markdown only; other formats would be published unchecked.
READERS = {"rst": None, "html": None, "htm": None}
# Never sources nor published: dot-files (.secret.en.md, Emacs' .#about.en.md,
# Vim's .about.en.md.swp) and editors' backups (about.en.md~, #about.en.md#).
# Pelican 4.12's own default, "**/.*", never matches a file name. Nor is the
# record of translations in sync (plugins/translation_sync).
IGNORE_FILES = [".*", "*~", "#*#", "*.swp", "*.swx", "*.tmp", "translations.lock"]
# A source's path is its slug: content/pages/programs/welfare.ja.md is the
# page "programs/welfare" in Japanese, and its English pair has the same slug.
PATH_METADATA = r"(?:pages|articles)/(?P<slug>[^.]+)\.[^./]+\.md$"
DEFAULT_CATEGORY = "news"
# Dates come from front matter only, never from a file name like 2013-06-01-x.
FILENAME_METADATA = ""
# Pelican gives articles DEFAULT_CATEGORY only when category pages are
# written; drafts need one to be written at all (Pelican 4.12).
DEFAULT_METADATA = {"category": DEFAULT_CATEGORY}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # Heading ids keep their Japanese text: #カンファレンスで目指すもの
        "markdown.extensions.toc": {"slugify": slugify_unicode},
    },
    "output_format": "html5",
}

# Front-matter keys an editor may write (plugins/content_checks rejects any
# other, with a "did you mean" hint). docs/reference.md documents each one.
CONTENT_METADATA = {
    "title", "lang", "date", "modified", "summary", "slug", "status",
    "template", "save_as", "url", "category", "tags", "author", "authors",
    "event_name", "event_start", "event_end", "event_city", "event_venue",
    "event_url", "event_status", "one_language", "image", "image_alt",
    # Which file of a pair is the original (a language code; DEFAULT_LANG
    # otherwise), and a translation's sync point set in the browser editor
    # (plugins/translation_sync; docs/reference.md: Keeping translations in step).
    "original", "translated_from",
}  # fmt: skip
# Drafting reports content problems and builds anyway; publishconf.py stops.
CONTENT_CHECKS_FATAL = False

# --- URLs: clean, and identical in every language ---------------------------
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = "news/{slug}/index.html"
# Content in the other language gets the same URL inside its own site; the
# language switcher relies on a translation's save_as being its real path.
PAGE_LANG_URL, PAGE_LANG_SAVE_AS = PAGE_URL, PAGE_SAVE_AS
ARTICLE_LANG_URL, ARTICLE_LANG_SAVE_AS = ARTICLE_URL, ARTICLE_SAVE_AS
INDEX_URL = "news/"  # the news listing (Pelican's "index" template)
INDEX_SAVE_AS = INDEX_URL + "index.html"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/{number}/", "{base_name}/{number}/index.html"),
)
# The site has a news listing, not a blog: no tag, category, author or
# archive pages, and no drafts folder for readers to stumble on.
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
# Status: draft is previewed under drafts/ while drafting and never published
# (publishconf.py); Status: hidden is published at its URL but listed nowhere.
DRAFT_URL = DRAFT_LANG_URL = "drafts/news/{slug}/"
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = "drafts/news/{slug}/index.html"
DRAFT_PAGE_URL = DRAFT_PAGE_LANG_URL = "drafts/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = "drafts/{slug}/index.html"
# An article dated after the build's date (plugins/site_facts: build_now) is
# held back like a draft until a build on or after that date: publishconf.py
# turns this on; previews show it. (Pelican's own WITH_FUTURE_DATES compares
# with the machine's clock, so it stays True.)
HOLD_FUTURE_ARTICLES = False
# Feeds are switched on in publishconf.py; none while drafting.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- The site's own facts: content/site.yml (plugins/site_data) --------------
# The main navigation (each link's path and its label in every language), the
# order of the program cards, and the cooperative's founding date and offices
# are content: an editor changes them in this file, below PATH, or at /admin/
# (Site settings). A program page it does not name still gets its card, after
# these, by title; its icon is theme/templates/partials/icons/<file name>.svg
# when one exists.
SITE_DATA = "site.yml"

# --- Organisation facts an editor may fill in later ------------------------
# Left empty on purpose: the cooperative's statement gives no contact details.
# Templates show each one only when it is set.
CONTACT_EMAIL = ""
# The picture link previews show (Open Graph, 1200 x 630), under theme/static/.
# theme/static/images/social-card.svg is its source: `invoke social-card`.
SOCIAL_CARD = "images/social-card.png"

# --- Security: one policy, sent as <meta> (GitHub Pages) and in _headers -----
# Nothing runs but the site's own scripts. The search pages (Template: search,
# /search/ and /en/search/) add SEARCH_PAGE_POLICY: Pagefind's search runs
# WebAssembly. frame-ancestors can only be sent as a header (docs/maintaining.md: Deployment).
_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
SEARCH_PAGE_POLICY = {"script-src": "'wasm-unsafe-eval'"}  # added to _POLICY
_HEADER_ONLY_POLICY = {"frame-ancestors": "'none'"}


def _policy(*parts: dict[str, str]) -> str:
    """Directives of every part, a directive's sources joined in order."""
    merged: dict[str, str] = {}
    for part in parts:
        for directive, sources in part.items():
            merged[directive] = f"{merged.get(directive, '')} {sources}".strip()
    return "; ".join(f"{directive} {sources}" for directive, sources in merged.items())


CONTENT_SECURITY_POLICY = _policy(_POLICY)  # <meta> on every page
SEARCH_CONTENT_SECURITY_POLICY = _policy(_POLICY, SEARCH_PAGE_POLICY)
# What differs on the search pages' paths in _headers (plugins/host_files).
SEARCH_HTTP_HEADERS = {
    "Content-Security-Policy": _policy(
        _POLICY, SEARCH_PAGE_POLICY, _HEADER_ONLY_POLICY
    ),
}
HTTP_HEADERS = {
    "Content-Security-Policy": _policy(_POLICY, _HEADER_ONLY_POLICY),
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
# The parts, for pages with a policy of their own (plugins/cms_config: /admin/).
POLICY_PARTS = {"site": _POLICY, "header_only": _HEADER_ONLY_POLICY}
# Hosts that read _redirects (Netlify) send a reader whose browser prefers
# another site language from / to its site (/en/, ...); the language switcher
# sets nf_lang to override it.
LANGUAGE_REDIRECTS = {lang: f"/{lang}/" for lang in I18N_SUBSITES}

# Pages search engines should not list (they say noindex): left out of the
# sitemap (plugins/sitemap).
SITEMAP_EXCLUDE = ("404.html", "search/index.html")

# --- Search (plugins/site_search, Pagefind) -----------------------------------
# Indexing takes a moment on a large site: publishconf.py turns it on; while
# drafting the search page says the index comes with `make build`.
SEARCH_INDEX = False

# --- Theme and plugins ------------------------------------------------------
THEME = "theme"
THEME_STATIC_DIR = "theme"
# i18n_subsites rewrites THEME_STATIC_DIR to "../theme" for subsites; templates
# join this one to main_siteurl instead, so asset URLs stay clean everywhere.
MAIN_THEME_STATIC_DIR = THEME_STATIC_DIR
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    # First: says which "now" the build takes, as its first line.
    "build_time",
    "gc_tuning",
    # Before content_checks, which reports its findings on static files.
    "static_files",
    "content_checks",
    "responsive_images",
    "translation_sync",
    "content_status",
    "shared_markdown",
    "i18n_subsites",
    "content_urls",
    "unwritten_listings",
    "linear_translations",
    "unused_cache",
    "parallel_writing",
    "live_update",
    "incremental_output",
    "gettext_catalogs",
    "localized_dates",
    "language_switcher",
    "phrase_breaks",
    "site_data",
    "structured_data",
    "event_calendar",
    "sitemap",
    "host_files",
    "stylesheets",
    "template_cache",
    "cms_config",
    # After every plugin that writes pages, before the search index reads them.
    "shipped_html",
    "site_search",
]

# --- Editing in the browser: Decap CMS at /admin/ (plugins/cms_config) ------
# docs/maintaining.md: Editing in the browser. The CMS's files come from npm (package.json,
# `invoke tools`); its configuration is generated from the settings above.
CMS_PATH = "admin/"
CMS_BUNDLE = str(_here / "node_modules/decap-cms/dist")
# Where published edits are committed: "owner/name" of the site's repository
# on GitHub. Empty: the editor at /admin/ names no repository (set it before
# editors sign in on the published site).
CMS_REPOSITORY = ""
CMS_BRANCH = "main"
# Sign-in with GitHub goes through an OAuth proxy (a small OAuth app, e.g. on
# Cloudflare Workers or Netlify): its address, https://auth.example.org/auth.
# Empty: Decap's default (Netlify's, for sites hosted there).
CMS_AUTH_ENDPOINT = ""
# While drafting, /admin/ edits the working tree through the live preview's
# own server (editor_api.py): `make serve` sets this to its own address and
# port on each build, so a build without it names no local editor
# (publishconf.py keeps it off).
CMS_LOCAL_BACKEND = ""
# What /admin/ adds to the site's policy (its <meta> and _headers): Decap
# compiles its configuration's schema into functions (ajv: 'unsafe-eval') and
# styles itself with injected <style> elements (emotion: 'unsafe-inline');
# GitHub's API and avatars answer the signed-in editor; blob: shows pictures
# before they are uploaded, and lets Decap read a photo added in the media
# library back when it saves the page (it fetches the blob: to send it).
CMS_PAGE_POLICY = {
    "script-src": "'unsafe-eval'",
    "style-src": "'unsafe-inline'",
    "img-src": "blob: https://avatars.githubusercontent.com",
    "connect-src": "https://api.github.com blob:",
}

# --- What the site writes beside the content ---------------------------
# What the site itself writes into a language's folder, beside the pages:
# no page or article may be written there (plugins/content_checks). A path
# ending in "/" is a whole folder. Each subsite's folder (en/) is added to the
# main site's list. tests/test_editor_guardrails.py checks this list against
# a real production build.
SITE_OUTPUT_PATHS = {
    INDEX_URL: "the news listing",
    "feeds/": "the news feeds",
    "drafts/": "previews of drafts",
    "pagefind/": "the search index",
    f"{THEME_STATIC_DIR}/": "the theme's styles and scripts",
    **{f"{folder}/": "files from content/" + folder for folder in STATIC_PATHS},
    ".nojekyll": "a file for GitHub Pages",
    ".well-known/": "files for other sites and browsers",
    "_headers": "the HTTP headers for the host",
    "_redirects": "the redirects for the host",
    "robots.txt": "the rules for search engines",
    "sitemap.xml": "the sitemap",
    CMS_PATH: "the content editor",
}

# --- Build ------------------------------------------------------------------
DELETE_OUTPUT_DIRECTORY = False
CSS_MINIFY = False  # plugins/stylesheets; publishconf.py turns it on
# plugins/incremental_output: a rebuild renders only what an edit can change.
INCREMENTAL_OUTPUT = True
# How many processes a build uses (plugins/build_processes): True, every core
# (pages rendered by plugins/parallel_writing, checks by content_checks); a
# number; False, one, as Pelican does.
BUILD_PROCESSES = True
# Pelican's own cache of what each source read as, for the next build of the
# same folder. It cannot tell when settings or plugin code change what a source
# reads as, so each version of those gets a cache of its own.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
# Uncompressed: Pelican rewrites the whole cache after every build, and gzip
# was 0.03-0.05 s of a one-edit rebuild at N = 1000 to save a few MB of disk.
GZIP_CACHE = False
# requirements.txt is what a build runs on; requirements-dev.txt only adds
# test tools, which cannot change what a source reads as.
_cache_inputs = [_here / "pelicanconf.py", _here / "requirements.txt"]
_cache_inputs += sorted((_here / "plugins").rglob("*.py"))
_cache_key = hashlib.sha256(b"".join(path.read_bytes() for path in _cache_inputs))
CACHE_PATH = f"cache/{_cache_key.hexdigest()[:12]}"
