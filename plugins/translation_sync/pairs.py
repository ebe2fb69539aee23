"""Which side of a pair is the original, as editors write it, and what the
browser editor needs to show and mark a translation's sync point.

Owns:
- the checks of the two front-matter keys of translation_sync: `Original:`
  names a language of the site and both files of a pair agree;
  `Translated_from:` is a sync point (a sha256); each a `path:line: message`
  finding, reported with the content problems (translation_sync.py);
- `editor_records()`: for each translation, its original's file and language
  and its recorded sync point, which plugins/cms_config hands to the editor's
  "up to date" box (plugins/cms_config/admin/translation-sync.js), and the
  translations that are outdated (the editor's list says which).

Knows nothing of Pelican (status.py's Config and items).
"""

from __future__ import annotations

from content_checks.findings import Finding, did_you_mean
from site_facts import language_name

from .status import (
    DIGEST,
    ORIGINAL_KEY,
    OUTDATED,
    SYNC_KEY,
    Config,
    Item,
    Status,
    SyncError,
    statuses,
)


def check_pairs(items: list[Item], config: Config) -> list[Finding]:
    findings = []
    default = language_name(config.default_original, "en")
    codes = ", ".join(config.languages)
    for item in items:
        said: list[tuple] = []  # (source, language)
        for source in item.files.values():
            found = source.fields.get(ORIGINAL_KEY)
            value = source.value(ORIGINAL_KEY)
            if found is None or not value:
                continue
            if value not in config.languages:
                findings.append(
                    Finding(
                        source.path,
                        found.line,
                        f'{found.key} "{value}" is not a language of this site'
                        f"{did_you_mean(value, config.languages)}: write the one the "
                        f"page was first written in ({codes}), or remove the line "
                        f"(the original is then the {default} file)",
                    )
                )
            else:
                said.append((source, value))
        if len({lang for _, lang in said}) > 1:
            told = ", ".join(f"{s.path.name}: {lang}" for s, lang in said)
            for source, _ in said:
                findings.append(
                    Finding(
                        source.path,
                        source.line_for(ORIGINAL_KEY),
                        f"the files of a pair name different originals ({told}): "
                        "give both the same `Original:` line, or keep it in one",
                    )
                )
        for source in item.files.values():
            found = source.fields.get(SYNC_KEY)
            if (
                found
                and source.value(SYNC_KEY)
                and not DIGEST.fullmatch(source.value(SYNC_KEY))
            ):
                findings.append(
                    Finding(
                        source.path,
                        found.line,
                        f"{found.key} is not a sync point (64 hexadecimal digits, "
                        "written by the editor's “up to date” box or `invoke "
                        "i18n-mark`): remove the line, then mark the translation "
                        "again",
                    )
                )
    return findings


def editor_records(found: list[Status], config: Config) -> dict[str, dict]:
    """Each translation (its path inside content/): its original's path and
    language, its sync point ("" when none), and whether it is outdated."""
    records = {}
    for status in found:
        if status.original is None or status.path is None:
            continue
        records[config.relative(status.path)] = {
            "original": config.relative(status.original.path),
            "original_lang": status.original.lang or "",
            "sync": status.recorded,
            "outdated": status.state == OUTDATED,
        }
    return dict(sorted(records.items()))


def editor_view(config: Config) -> dict[str, dict]:
    """editor_records() of the content as it is now; none where the lock
    cannot be read (the build says why: translation_sync.py)."""
    try:
        return editor_records(statuses(config), config)
    except (SyncError, OSError):
        return {}
