"""Screenshots of every kind of page, both languages, phone and desktop width.

`invoke screenshots` (and the test suite) write them to
test-artifacts/screenshots/ for people to look at: home, purpose, about,
programs, a program, conference, news, an article, search with results and
404, at 390 and 1280 px, in Japanese and English, each as its own reader sees
it (the browser's language is the page's), plus the home pages in dark mode.

Owns: the list of page kinds to look at and the shooting. Must not: change
the site; it builds a production copy into a temporary folder of its own.
Needs Playwright and Chromium (requirements-dev.txt; Debian's chromium).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent
FOLDER = ROOT / "test-artifacts/screenshots"
WIDTHS = (390, 1280)
LANGUAGES = {"ja": ("/", "ja-JP", "補償"), "en": ("/en/", "en-US", "compensation")}
# Chromium on a machine with no network: without the last two flags it keeps
# trying to reach Google's services and floods the closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
]


@dataclass(frozen=True)
class PageKind:
    name: str  # in the file name: ja-about-390.png
    path: str  # below the language's site
    search: bool = False  # type the language's query and wait for results


PAGE_KINDS = (
    PageKind("home", ""),
    PageKind("purpose", "purpose/"),
    PageKind("about", "about/"),
    PageKind("programs", "programs/"),
    PageKind("program", "programs/welfare/"),
    PageKind("conference", "conference/"),
    PageKind("news", "news/"),
    PageKind("article", "news/coworking-asia-conference-tokyo-2013/"),
    PageKind("search", "search/", search=True),
    PageKind("404", "404.html"),
)


def shoot(browser, base: str, folder: Path = FOLDER) -> list[Path]:
    """Every page kind x language x width (and the homes in dark mode)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lang, (prefix, locale, query) in LANGUAGES.items():
        for width in WIDTHS:
            context = browser.new_context(
                viewport={"width": width, "height": 900},
                is_mobile=width < 600,
                locale=locale,
            )
            page = context.new_page()
            for kind in PAGE_KINDS:
                page.goto(base + prefix + kind.path)
                if kind.search:
                    search_for(page, query)
                target = folder / f"{lang}-{kind.name}-{width}.png"
                page.screenshot(path=target, full_page=True)
                written.append(target)
            context.close()
        dark = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale=locale, color_scheme="dark"
        )
        page = dark.new_page()
        page.goto(base + prefix)
        target = folder / f"{lang}-home-1280-dark.png"
        page.screenshot(path=target, full_page=True)
        written.append(target)
        dark.close()
    return written


# The README's two pictures: small (the window only, a reduced palette).
README_IMAGES = {
    ROOT / "docs/images/home-ja-1280.png": ("/", "ja-JP", 1280, 800),
    ROOT / "docs/images/home-en-390.png": ("/en/", "en-US", 390, 844),
}


def shoot_readme_images(browser, base: str) -> list[Path]:
    from PIL import Image

    for target, (path, locale, width, height) in README_IMAGES.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(
            viewport={"width": width, "height": height},
            is_mobile=width < 600,
            locale=locale,
        )
        page = context.new_page()
        page.goto(base + path)
        page.screenshot(path=target)
        context.close()
        with Image.open(target) as image:
            small = image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
        small.save(target, optimize=True)
    return list(README_IMAGES)


def search_for(page, query: str) -> None:
    field = page.locator("#search input[type=text], #search input[type=search]")
    if field.count():
        field.first.fill(query)
        page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)


@contextmanager
def published_copy() -> Iterator[str]:
    """A production build in a temporary folder, served on localhost."""
    from dev_server import StaticSiteHandler, free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch:
        output = Path(scratch) / "output"
        subprocess.run(
            [
                sys.executable, "-m", "pelican", str(ROOT / "content"),
                "--settings", str(ROOT / "publishconf.py"), "--output", str(output),
                "--extra-settings", f'CACHE_PATH="{Path(scratch) / "cache"}"',
            ],
            cwd=ROOT, check=True, env={**os.environ, "SITEURL": base},
        )  # fmt: skip
        handler = functools.partial(StaticSiteHandler, directory=str(output))
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield base
        finally:
            server.shutdown()
            server.server_close()


def main(
    chromium: str = os.environ.get("CHROMIUM", "/usr/bin/chromium"),
    readme: bool = False,
    browser=None,
) -> None:
    """Build, serve and shoot; `browser`: a Playwright browser already open."""
    with published_copy() as base:
        if browser is not None:
            written = shoot_all(browser, base, readme)
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                launched = playwright.chromium.launch(
                    executable_path=chromium, args=CHROMIUM_ARGS
                )
                written = shoot_all(launched, base, readme)
                launched.close()
    print(f"wrote {len(written)} screenshots to {FOLDER.relative_to(ROOT)}/")


def shoot_all(browser, base: str, readme: bool) -> list[Path]:
    written = shoot(browser, base)
    if readme:
        written += shoot_readme_images(browser, base)
    return written
