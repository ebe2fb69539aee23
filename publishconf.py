"""Production settings: everything in pelicanconf.py, plus what publishing changes.

`make build` (and CI) use this file. The site URL comes from $SITEURL, e.g.
SITEURL=https://example.org make build; without it links are root-relative,
which suits a host that serves the site at the root of its domain.
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
CSS_MINIFY = True
CONTENT_CHECKS_FATAL = True  # any content problem stops the build
