"""Do not stat every source for a cache layer the build does not use.

Owns: the article and page generators' own content cache when it is off.
Pelican caches either what each reader returned (CONTENT_CACHING_LAYER
"reader", this site's) or the generators' content objects ("generator").
With the generator layer off, Pelican 4.12 still asks that empty cache about
every source as it reads it, and stamps the source to compare (a stat), and
stamps it again to store nothing: two stats per source and language, 8,000 a
build at N = 1000. Here those two methods answer at once, as they would.

Signals: `article_generator_init`, `page_generator_init` (the generator's
caches are set up by then). Must not change what is read or cached: with the
generator layer on, nothing is touched.
"""

from __future__ import annotations

from pelican import signals


def nothing_cached(filename, default=None):
    return default


def cache_nothing(filename, data) -> None:
    return None


def skip_unused_cache(generator) -> None:
    if generator.settings.get("CONTENT_CACHING_LAYER") == "generator":
        return  # in use
    if getattr(generator, "_cache_data_policy", True) or generator._cache:
        return  # not the state this was written for: leave Pelican's code
    generator.get_cached_data = nothing_cached
    generator.cache_data = cache_nothing


def register() -> None:
    signals.article_generator_init.connect(skip_unused_cache)
    signals.page_generator_init.connect(skip_unused_cache)
