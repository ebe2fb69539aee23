"""Full-text search of both languages with Pagefind, built with the site.

Owns: running Pagefind (PyPI pagefind + pagefind-bin-extended, whose indexer
segments Japanese into words) over the finished output once the main site
and its subsites are written, when SEARCH_INDEX is true (publishconf.py).
Pagefind reads each page's <html lang> and writes one index per language
into one bundle at /pagefind/; templates choose what it indexes with
data-pagefind-body.

Signal: `finalized` (main site only, after every subsite). Must not change
pages.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from pelican import Pelican, signals

from site_facts import is_main_site

log = logging.getLogger(__name__)


async def index_site(output: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(output / "pagefind"))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(output))
        return result["page_count"]


def build_search_index(pelican: Pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings):
        return
    if not settings.get("SEARCH_INDEX"):
        return
    output = Path(pelican.output_path)
    import asyncio  # only where a build indexes (9 ms of every start)

    pages = asyncio.run(index_site(output))
    sort_entry_file(output / "pagefind" / "pagefind-entry.json")
    log.info("Search index: %d pages", pages)


def sort_entry_file(entry: Path) -> None:
    """Pagefind (1.5.2) lists the languages in a random order on each run; sort
    them so the same content always gives the same bytes."""
    # Seen under heavy concurrent builds: Pagefind's service has answered
    # "written" while the file is still empty (for over 2 s on a machine at
    # load 10). Wait for it, up to 30 s.
    for _attempt in range(300):
        try:
            data = json.loads(entry.read_text("utf-8"))
            break
        except (OSError, ValueError):
            time.sleep(0.1)
    else:
        raise SystemExit(
            f"{entry}: Pagefind did not finish writing the search index; build again"
        )
    entry.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        "utf-8",
    )


def register() -> None:
    signals.finalized.connect(build_search_index)
