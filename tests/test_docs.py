"""The documentation: every local link resolves, and both editors' guides
have the same sections (docs/editing.ja.md is no shorter than the English)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.built_site import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
GUIDES = {lang: ROOT / f"docs/editing.{lang}.md" for lang in ("ja", "en")}

FENCE = re.compile(r"^ *(```|~~~).*?^ *\1", flags=re.MULTILINE | re.DOTALL)
CODE = re.compile(r"(`+).+?\1", flags=re.DOTALL)
# [text](target) and ![alt](target); an HTML src= or href= too.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML = re.compile(r"""\b(?:src|href)=["']([^"']+)["']""")


def prose(text: str) -> str:
    """The text without code blocks and code spans, whose links are examples."""
    return CODE.sub("", FENCE.sub("", text))


def local_targets(text: str) -> list[str]:
    found = LINK.findall(prose(text)) + HTML.findall(prose(text))
    return [
        target
        for target in found
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.IGNORECASE)
        and not target.startswith(("#", "{", "/"))
    ]


def test_the_link_finder_sees_links_and_skips_code():
    text = (
        "[a](docs/x.md) ![b](images/y.png#z) [web](https://example.org) [c](#top)\n"
        '<img src="pic.png" alt="">\n'
        "`[d](not-a-link.md)`\n```markdown\n[e]({filename}f.md)\n```\n"
    )
    assert local_targets(text) == ["docs/x.md", "images/y.png#z", "pic.png"]


# Screenshots of the Japanese /admin/ that the guides show, still being made
# (issue 21): until they are committed, their absence is expected, and only
# theirs. Remove this once docs/images/ has both.
PENDING = {"images/admin-ja-list.png", "images/admin-ja-entry.png"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_local_link_points_to_a_file(doc):
    missing = []
    for target in local_targets(doc.read_text("utf-8")):
        path = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not (doc.parent / path).exists():
            missing.append(target)
    pending = sorted(set(missing) & PENDING)
    assert sorted(set(missing) - PENDING) == [], (
        f"{doc.relative_to(ROOT)} links to missing files"
    )
    if pending:
        pytest.xfail(f"screenshots not made yet: {', '.join(pending)}")


def headings(path: Path, level: str) -> list[str]:
    return re.findall(rf"^{level} (.+)$", prose(path.read_text("utf-8")), re.M)


def test_the_readme_links_both_guides_and_the_maintainers_docs():
    readme = (ROOT / "README.md").read_text("utf-8")
    for target in ("docs/editing.ja.md", "docs/editing.en.md", "docs/maintaining.md"):
        assert f"]({target})" in readme


def test_the_two_editors_guides_have_the_same_sections():
    ja, en = (headings(GUIDES[lang], "##") for lang in ("ja", "en"))
    assert len(ja) == len(en), (ja, en)
    sub_ja, sub_en = (headings(GUIDES[lang], "###") for lang in ("ja", "en"))
    assert len(sub_ja) == len(sub_en), (sub_ja, sub_en)


def test_the_guides_link_each_other():
    assert "](editing.en.md)" in GUIDES["ja"].read_text("utf-8")
    assert "](editing.ja.md)" in GUIDES["en"].read_text("utf-8")
