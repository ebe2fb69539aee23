from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from dev_server import free_port
from tests.built_site import Site, build
from tests.served_site import serve


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The real content, built once with the development settings."""
    output = tmp_path_factory.mktemp("site") / "output"
    build(output)
    return Site(output)


@dataclass
class PublishedSite:
    site: Site  # the files, for BeautifulSoup
    base: str  # where it is served: http://127.0.0.1:PORT


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PublishedSite]:
    """The production build (publishconf.py), served on localhost as published."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = tmp_path_factory.mktemp("published") / "output"
    build(output, settings_file="publishconf.py", env={"SITEURL": base})
    with serve(output, port):
        yield PublishedSite(Site(output, siteurl=base), base)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from tests.quality_tools import CHROMIUM_ARGS, require_chromium

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """open_page(viewport=…, locale=…, …): a page in a context of its own,
    closed after the test."""
    contexts = []

    def open_page(**options):
        contexts.append(browser.new_context(**options))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()
