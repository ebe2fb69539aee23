"""Compile each theme template once, not in every build process.

Owns: giving every generator's Jinja environment Jinja's own
FileSystemBytecodeCache under CACHE_PATH/templates. Each of Pelican's
generators has an environment of its own, in each language's site, so a
build compiles the same templates many times over; with the cache a template
is compiled again only when its source changes (Jinja checks a checksum of
the source, so a stale entry is never used). Always on: the live preview,
which keeps Pelican's content cache off, starts new environments on every
save, and a published build on a fresh clone starts with an empty cache.

Signal: `generator_init`, after the generator has made its environment and
before it loads any template. Must not change what a template renders.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican import signals


def use_bytecode_cache(generator) -> None:
    settings = generator.settings
    folder = Path(settings["CACHE_PATH"]).resolve() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def register() -> None:
    signals.generator_init.connect(use_bytecode_cache)
