"""Drafts, hidden content and future-dated articles, as Pelican documents them.

Owns:
- holding back an article dated after the build's date (site_facts.build_now,
  the same "now" on every machine) as a draft, when HOLD_FUTURE_ARTICLES is on
  (publishconf.py); the daily scheduled build publishes it on its date;
- keeping each language site's hidden and draft lists to its own language.
  i18n_subsites drops other languages' translations from `translations` and
  `drafts_translations` only; since a translation here has the same URL in
  its own site, Pelican 4.12 would write the other language's hidden article
  or draft page over this one's (FileOverwriteFailedError).

Signals: `content_object_init` (an Article, as it is read, before Pelican
sorts it into published, hidden and drafts); `article_generator_finalized`
and `page_generator_finalized` to filter the lists. Must not change anything
but an article's status and those lists.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from pelican import signals
from pelican.contents import Article

from site_facts import build_now

_REPORTED: set[str] = set()  # each held article is reported once, not per site


def hold_future_article(content) -> None:
    settings = content.settings
    if not isinstance(content, Article) or not settings.get("HOLD_FUTURE_ARTICLES"):
        return
    if content.status == "draft" or not hasattr(content, "date"):
        return
    now = build_now(settings["PATH"])
    date = content.date
    if date.tzinfo is None:  # Pelican gives naive dates when TIMEZONE is unset
        date = date.replace(tzinfo=dt.UTC)
    if date <= now:
        return
    content.status = "draft"
    if content.source_path not in _REPORTED:
        _REPORTED.add(content.source_path)
        shown = Path(content.source_path)
        if shown.is_relative_to(Path.cwd()):
            shown = shown.relative_to(Path.cwd())
        # Said to the editor, not logged: a warning would stop `--fatal` builds.
        print(
            f"{shown}: dated {content.date.date().isoformat()}, after this build's "
            f"date {now.astimezone(date.tzinfo).date().isoformat()}: held back until "
            "a build on or after "
            "its date (the daily scheduled build publishes it)",
            file=sys.stderr,
        )


def keep_own_language(generator, lists: tuple[str, ...]) -> None:
    lang = generator.settings["DEFAULT_LANG"]
    for name in lists:
        kept = [c for c in getattr(generator, name, []) if c.lang == lang]
        setattr(generator, name, kept)


def filter_articles(generator) -> None:
    keep_own_language(generator, ("hidden_translations", "drafts_translations"))


def filter_pages(generator) -> None:
    keep_own_language(generator, ("hidden_translations", "draft_translations"))


def register() -> None:
    signals.content_object_init.connect(hold_future_article)
    signals.article_generator_finalized.connect(filter_articles)
    signals.page_generator_finalized.connect(filter_pages)
