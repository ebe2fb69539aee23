"""Pelican glue: publish a static file only as checks.py allows, and clean.

Owns: what Pelican's StaticGenerator writes for each file of STATIC_PATHS
(content/images/) it is left to copy: the file as it is when it passes
checks.py (SVG, PDF), the cleaned copy of a raster image (raster.py: no
EXIF, GPS, XMP or comments, turned upright, every frame kept) whether a page
shows it, links to it or neither, and nothing for a file with problems
(content_checks has reported them; a published build stopped before
writing). An output file is rewritten only when its bytes differ, so an old
copy with metadata left by an earlier build is replaced. Cleaned copies are
kept under the image cache (IMAGE_CACHE_PATH, beside CACHE_PATH), named by
the source's bytes and the cleaner's version: a rebuild cleans nothing
again; check verdicts under CACHE_PATH (checks.MEMO).

Signals: `initialized` (main site: load the verdicts), every site's
`all_generators_finalized` (its StaticGenerator copies through `publish`
from then on; which files it copies is still decided by Pelican and by
responsive_images, which keeps shown photos' originals out), `finalized`
(main site: save the verdicts). Must not touch: pages' HTML, which files
are copied (only how), the theme's own static files.

Its private hooks (`_file_update_required`, `_link_or_copy_staticfile`) are
Pelican 4.12's, pinned in requirements.txt; tests/test_static_files.py
fails if they stop being used.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from functools import partial
from pathlib import Path

from pelican import Pelican, signals
from pelican.generators import StaticGenerator

from responsive_images.encoding import RASTER_SUFFIXES, NotUsable, suffix_format
from responsive_images.responsive_images import limits_from
from site_facts import is_main_site

from .checks import CLEANED, MEMO, key, problems
from .raster import clean

log = logging.getLogger(__name__)


def image_cache(settings: dict) -> Path:
    """responsive_images' cache folder (its variants), cleaned copies beside."""
    folder = settings.get("IMAGE_CACHE_PATH") or os.path.join(
        os.path.dirname(os.path.normpath(settings["CACHE_PATH"])) or ".", "images"
    )
    return Path(folder) / "clean"


def cleaned(settings: dict, data: bytes, fmt: str) -> bytes:
    """The cleaned bytes: from the cache, from the check, or made now."""
    name = key(data)
    stored = image_cache(settings) / name[:2] / f"{name}.{fmt}"
    with contextlib.suppress(OSError):
        return stored.read_bytes()
    result = CLEANED.pop(name, None) or clean(data, fmt)
    with contextlib.suppress(OSError):
        write_atomically(stored, result)
    return result


def write_atomically(target: Path, data: bytes) -> None:
    """Never a half-written file under its final name; readable by all (a
    host publishes only world-readable files)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)


def publish(generator: StaticGenerator, static) -> None:
    """Write one static file into the site's output, as checks.py allows."""
    settings = generator.settings
    source = Path(generator.path, static.source_path)
    types = tuple(settings.get("STATIC_FILE_TYPES", ()))
    found = problems(source, types, limits_from(settings))
    if found:
        log.warning("%s is not published: %s", static.source_path, found[0][1])
        return
    try:
        data = source.read_bytes()
        if source.suffix.lower() in RASTER_SUFFIXES:
            data = cleaned(settings, data, suffix_format(source))
    except (OSError, NotUsable) as problem:
        log.warning("%s is not published: %s", static.source_path, problem)
        return
    target = Path(generator.output_path, static.save_as)
    with contextlib.suppress(OSError):
        if target.read_bytes() == data:
            return
    write_atomically(target, data)


def take_over(generators) -> None:
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            generator._file_update_required = lambda _static: True
            generator._link_or_copy_staticfile = partial(publish, generator)


def start(pelican: Pelican) -> None:
    settings = pelican.settings
    if is_main_site(settings) and settings.get("LOAD_CONTENT_CACHE"):
        MEMO.load(settings["CACHE_PATH"])


def finish(pelican: Pelican) -> None:
    settings = pelican.settings
    CLEANED.clear()
    if is_main_site(settings) and settings.get("CACHE_CONTENT"):
        with contextlib.suppress(OSError):
            MEMO.save(settings["CACHE_PATH"])


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(take_over)
    signals.finalized.connect(finish)
