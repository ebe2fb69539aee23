"""No photo's original (with its camera and GPS data) is published by accident.

A photo shown in one language only, or used only as a page's link-preview
picture (`Image:`), is published as its variants and nothing else, in every
language's site: the original's EXIF stays home. Only a page that links to
the file itself (`[the full photo]({static}/images/x.jpg)`) publishes it,
and then cleaned (plugins/static_files).

One production build of a copy of content/ with small photos that carry a
camera name and a GPS position (tests/synthetic_photo.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.built_site import ROOT, build
from tests.synthetic_photo import CAMERA, save_photo

PHOTOS = ("en-only", "ja-only", "card-only", "linked", "both")
ALT = {"en": "Members at a long table in Kobe", "ja": "神戸の長机を囲む組合員たち"}


def insert(page: Path, markdown: str, front_matter: str = "") -> None:
    head, body = page.read_text("utf-8").split("\n\n", 1)
    if front_matter:
        head += "\n" + front_matter
    page.write_text(f"{head}\n\n{markdown}\n\n{body}", "utf-8")


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("privacy")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    for name in PHOTOS:
        save_photo(content / f"images/{name}.jpg", 600, 400)
    pages = content / "pages"
    image = "![{alt}]({{static}}/images/{name}.jpg)"
    insert(
        pages / "about.en.md",
        "\n\n".join(
            [
                image.format(alt=ALT["en"], name="en-only"),
                image.format(alt=ALT["en"], name="both"),
                "[The full photo]({static}/images/linked.jpg)",
            ]
        ),
        front_matter="Image: images/card-only.jpg\nImage_alt: " + ALT["en"],
    )
    insert(
        pages / "about.ja.md",
        "\n\n".join(
            image.format(alt=ALT["ja"], name=name)
            for name in ("ja-only", "both", "linked")
        ),
    )
    output = root / "output"
    build(output, content=content)
    return output


@pytest.mark.parametrize("name", ["en-only", "ja-only", "card-only", "both"])
@pytest.mark.parametrize("site", ["images", "en/images"])
def test_a_photo_shown_or_used_as_a_card_publishes_no_original(output, site, name):
    assert not (output / site / f"{name}.jpg").exists(), (
        f"{site}/{name}.jpg is the original, with its GPS position"
    )


def test_no_published_image_carries_camera_data_not_even_a_linked_one(output):
    with_exif = sorted(
        str(path.relative_to(output))
        for path in output.rglob("*")
        if path.suffix in (".jpg", ".webp", ".avif", ".png")
        and CAMERA.encode() in path.read_bytes()
    )
    assert with_exif == []  # the linked original is published cleaned


def test_a_page_linking_to_the_file_itself_publishes_it(output):
    soup = BeautifulSoup(
        (output / "en/about/index.html").read_text("utf-8"), "html.parser"
    )
    link = soup.find("a", string="The full photo")
    assert link is not None
    assert (output / link["href"].lstrip("/")).is_file(), link["href"]


def test_the_card_and_the_variants_are_published(output):
    published = {p.name for p in (output / "images").iterdir()}
    assert any(n.startswith("card-only-card.") for n in published)
    for name in ("en-only", "ja-only", "both", "linked"):
        assert any(n.startswith(f"{name}-") and n.endswith(".avif") for n in published)
