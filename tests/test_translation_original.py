"""Which side of a pair is the original (issue 21, point 3), on a small
content folder of its own: three languages, the lock and `Translated_from:`
(plugins/translation_sync/status.py and pairs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from translation_sync import pairs, status

LANGUAGES = ("ja", "en", "fr")
TEXT = {"ja": "本文です。", "en": "The text.", "fr": "Le texte."}


def write(content: Path, lang: str, *extra: str, body: str = "") -> Path:
    path = content / "pages" / f"about.{lang}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"Title: about {lang}", f"Lang: {lang}", "Summary: s.", *extra]
    path.write_text("\n".join(lines) + f"\n\n{TEXT[lang]}{body}\n", "utf-8")
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    for lang in LANGUAGES:
        write(content, lang)
    status.mark_all(config_of(content))
    return content


def config_of(content: Path) -> status.Config:
    return status.Config(content=content.resolve(), languages=LANGUAGES, default="ja")


def states(content: Path) -> dict[str, str]:
    return {s.lang: s.state for s in status.statuses(config_of(content))}


def test_only_the_translations_of_an_edited_original_are_outdated(content):
    assert states(content) == {"ja": "original", "en": "translated", "fr": "translated"}
    write(content, "ja", body="追加。")
    assert states(content) == {"ja": "original", "en": "outdated", "fr": "outdated"}
    found = {s.lang: s for s in status.statuses(config_of(content))}
    assert found["fr"].describe() == (
        "outdated: translation of the Japanese original about.ja.md, which "
        "changed since they were last in sync"
    )


def test_a_translation_edited_alone_outdates_nothing(content):
    write(content, "fr", body=" Une coquille corrigée.")
    write(content, "en", body=" A typo fixed.")
    assert states(content) == {"ja": "original", "en": "translated", "fr": "translated"}


def test_original_on_either_file_names_the_original(content):
    write(content, "fr", "Original: en")
    write(content, "en", body=" More.")
    assert states(content) == {"ja": "outdated", "en": "original", "fr": "outdated"}


def test_the_editors_sync_point_wins_over_the_lock_and_i18n_mark_keeps_them_equal(
    content,
):
    write(content, "ja", body="追加。")
    digest = status.fingerprint(content / "pages/about.ja.md")
    # What the browser editor's box writes: the original's fingerprint.
    write(content, "en", f"Translated_from: {digest}", body=" Translated again.")
    assert states(content)["en"] == "translated"
    assert states(content)["fr"] == "outdated"
    # A stale one is outdated, whatever the lock says.
    write(content, "en", f"Translated_from: {'0' * 64}")
    assert states(content)["en"] == "outdated"
    # i18n-mark rewrites that line (only it) to the sync point it records.
    before = (content / "pages/about.en.md").read_text("utf-8")
    status.mark(config_of(content), content / "pages/about.en.md")
    after = (content / "pages/about.en.md").read_text("utf-8")
    assert after == before.replace("0" * 64, digest)
    lock = status.read_lock(content / "translations.lock")
    assert lock[("pages/about.en.md", "pages/about.ja.md")] == digest
    assert states(content) == {"ja": "original", "en": "translated", "fr": "translated"}


def test_wrong_original_and_sync_point_are_findings_with_file_and_line(content):
    write(content, "en", "Original: de")
    write(content, "fr", "Translated_from: yes")
    config = config_of(content)
    found = [
        f.format(content) for f in pairs.check_pairs(status.find_items(config), config)
    ]
    assert found == [
        'pages/about.en.md:4: Original "de" is not a language of this site: write '
        "the one the page was first written in (ja, en, fr), or remove the line "
        "(the original is then the Japanese file)",
        "pages/about.fr.md:4: Translated_from is not a sync point (64 hexadecimal "
        "digits, written by the editor's “up to date” box or `invoke i18n-mark`): "
        "remove the line, then mark the translation again",
    ]
    write(content, "en", "Original: en")
    write(content, "fr", "Original: fr")
    found = [
        f.format(content) for f in pairs.check_pairs(status.find_items(config), config)
    ]
    told = "(about.en.md: en, about.fr.md: fr)"
    assert found == [
        f"pages/about.{lang}.md:4: the files of a pair name different originals "
        f"{told}: give both the same `Original:` line, or keep it in one"
        for lang in ("en", "fr")
    ]
    # Files that disagree count as unsaid: the default language is the original.
    assert states(content)["ja"] == "original"
