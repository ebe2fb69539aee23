"""Pair each content with its translations in time that grows with the site.

Owns: the translation grouping Pelican's article and page generators call
(`pelican.utils.process_translations`). Pelican 4.12 groups the contents by
translation id and picks each group's original, then finds the translations
with a list-membership test of every content against every original
(`x not in index`), which grows with the square of the site: about 13 ms per
language at N = 1000 article pairs, 0.3 s at N = 5000. Here Pelican's own
function runs on each group of one id (two contents, one per language), so
its choice of originals, its warnings and every `translations` list are its
own; only the whole-list membership test goes.

No signal: installed when Pelican loads the plugin. Must return exactly what
Pelican's function returns (tests/test_build_performance.py compares them).
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter

import pelican.generators
from pelican.utils import process_translations as _pelicans_function


def process_translations(content_list, translation_id=None):
    if not translation_id:
        return _pelicans_function(content_list, translation_id)
    names = {translation_id} if isinstance(translation_id, str) else translation_id
    key = attrgetter(*names)
    try:
        content_list.sort(key=key)
    except (TypeError, AttributeError):
        return _pelicans_function(content_list, translation_id)  # its message
    index, translations = [], []
    for _, group in groupby(content_list, key):
        originals, others = _pelicans_function(list(group), translation_id)
        index.extend(originals)
        translations.extend(others)
    return index, translations


def register() -> None:
    pelican.generators.process_translations = process_translations
