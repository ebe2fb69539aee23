"""Production settings: everything in pelicanconf.py, plus what publishing changes.

`make build` (and CI) use this file. The site URL comes from $SITEURL, e.g.
SITEURL=https://example.org make build. Without it, links are root-relative
(fine for a host serving the site at the root of its domain) and there are no
feeds, sitemap.xml or robots.txt, which need absolute URLs.
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403
from pelicanconf import I18N_SUBSITES

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
CSS_MINIFY = True  # plugins/stylesheets
CONTENT_CHECKS_FATAL = True  # plugins/content_checks: any problem stops the build
SEARCH_INDEX = True  # plugins/site_search
LOAD_CONTENT_CACHE = False  # a published build reads every source afresh
INCREMENTAL_OUTPUT = False  # ... and renders every page
# Drafts are previewed while drafting, never published; an article dated after
# the build's date waits for a build on that date (plugins/content_status).
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
HOLD_FUTURE_ARTICLES = True
CMS_LOCAL_BACKEND = ""  # published: editors sign in with GitHub (CMS_AUTH_ENDPOINT)

# --- Feeds: one Atom feed per language, at feeds/atom.xml of each site ------
if SITEURL:
    FEED_ATOM = "feeds/atom.xml"
    FEED_MAX_ITEMS = 20
    # Pelican copies FEED_DOMAIN from the main SITEURL before i18n_subsites
    # makes the subsites: each needs its own, or its entries link to "/".
    I18N_SUBSITES = {
        lang: {**overrides, "FEED_DOMAIN": f"{SITEURL}/{lang}"}
        for lang, overrides in I18N_SUBSITES.items()
    }
else:
    print(
        "publishconf: SITEURL is not set, so links are root-relative and there "
        "are no feeds, sitemap.xml or robots.txt (SITEURL=https://… make build).",
        file=sys.stderr,
    )
