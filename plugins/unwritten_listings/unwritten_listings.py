"""Do not gather the articles of listing pages the site never writes.

Owns: skipping Pelican's tag, category and author page generation when the
site writes no such pages (TAG_SAVE_AS, CATEGORY_SAVE_AS, AUTHOR_SAVE_AS
empty, as in pelicanconf.py). Pelican 4.12 still builds each one's article
list first, with a list-membership test per article (`article in articles`),
which grows with the square of the site: 1.4 s of every build, and of every
live-preview update, at N = 5000 article pairs (`invoke bench`), to write
nothing. With a SAVE_AS set, Pelican's own method runs as before.

No signal: installed when Pelican loads the plugin. Must not change what is
written (tests/test_build_performance.py builds with and without it).
"""

from __future__ import annotations

from functools import wraps

from pelican.generators import ArticlesGenerator

LISTINGS = {
    "generate_tags": "TAG_SAVE_AS",
    "generate_categories": "CATEGORY_SAVE_AS",
    "generate_authors": "AUTHOR_SAVE_AS",
}


def unless_unwritten(method, setting: str):
    if getattr(method, "skips_unwritten", False):
        return method  # installed already (a second Pelican in this process)

    @wraps(method)
    def generate(self, write):
        if not self.settings.get(setting):
            return None  # every page's save_as is "": Writer would skip them all
        return method(self, write)

    generate.skips_unwritten = True
    return generate


def register() -> None:
    for name, setting in LISTINGS.items():
        method = getattr(ArticlesGenerator, name)
        setattr(ArticlesGenerator, name, unless_unwritten(method, setting))
