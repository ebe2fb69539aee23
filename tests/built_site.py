"""Build the site the way editors and CI do, and read what a visitor would get.

Every test reads a site built by `build()` into a temporary directory, never
the repository's own output/ (Pelican's own tests do the same).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup

import pelicanconf as settings  # the settings the build uses

ROOT = Path(__file__).resolve().parent.parent
# The content editor (plugins/cms_config): Decap CMS, left out of the gates.
CMS_URL = "/" + settings.CMS_PATH


def build(
    output: Path,
    *,
    content: Path = ROOT / "content",
    settings_file: str = "pelicanconf.py",
    env: dict[str, str] | None = None,
    check: bool = True,
    fatal: bool = True,
    extra: list[str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `pelican --fatal warnings` like CI does (fatal=False: like drafting)."""
    cache_path = output.parent / f"{output.name}-cache"
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "--settings",
            str(ROOT / settings_file),
            "--output",
            str(output),
            *(["--fatal", "warnings"] if fatal else []),
            "--extra-settings",
            f"CACHE_PATH={json.dumps(str(cache_path))}",
            *(extra or []),
        ],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and process.returncode != 0:
        raise AssertionError(
            f"build failed ({process.returncode}):\n{process.stdout}\n{process.stderr}"
        )
    return process


@dataclass
class Site:
    root: Path
    siteurl: str = ""
    _pages: dict[str, BeautifulSoup] = field(default_factory=dict, repr=False)

    def file_for(self, url: str) -> Path | None:
        """The file a static host would serve for a link on this site."""
        path = urlparse(url).path
        site_path = urlparse(self.siteurl).path
        if site_path and path.startswith(site_path):
            path = path[len(site_path) :]
        target = self.root / path.lstrip("/")
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def page(self, url: str) -> BeautifulSoup:
        """The parsed page served at `url` ("/en/purpose/")."""
        if url not in self._pages:
            target = self.file_for(url)
            assert target is not None, f"nothing is served at {url}"
            self._pages[url] = BeautifulSoup(target.read_text("utf-8"), "html.parser")
        return self._pages[url]

    def html_urls(self) -> list[str]:
        """The URL of every page readers read, "/" and "/en/purpose/" style.

        Leaves out the content editor (CMS_URL, /admin/), by name: it is
        Decap CMS's application, not a page of the site; no reader is sent
        there, and its markup, accessibility and policy are Decap's (its own
        tests: tests/test_cms.py, tests/test_security_policy.py)."""
        urls = []
        for path in sorted(self.root.rglob("*.html")):
            relative = path.relative_to(self.root).as_posix()
            url = "/" + relative.removesuffix("index.html")
            if not url.startswith(CMS_URL):
                urls.append(url)
        return urls


def lang_of(url: str) -> str:
    """The site language a URL belongs to: /en/... is English, the rest Japanese."""
    for lang in settings.I18N_SUBSITES:
        if url.startswith(f"/{lang}/"):
            return lang
    return settings.DEFAULT_LANG


@cache
def japanese_catalog() -> dict[str, str]:
    """msgid -> Japanese msgstr, from the theme's catalog."""
    from babel.messages.pofile import read_po

    po = ROOT / "theme/translations/ja/LC_MESSAGES/messages.po"
    with po.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def visible_text(node) -> str:
    """Text as a reader sees it (<wbr> adds no space)."""
    return " ".join(node.get_text().split())
