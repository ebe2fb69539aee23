"""Editors' photos: published light, without layout shift, described, and checked.

A copy of the project gets a 2400 x 1600 photo (made here, tests/synthetic_photo.py)
in both About pages, and is built the way `make build` builds. What a reader
notices is read from the built files (BeautifulSoup) and in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dev_server import free_port
from tests.built_site import ROOT, build
from tests.project_copy import copy_project, edit_text, invoke, tree_digest
from tests.served_site import serve
from tests.synthetic_photo import CAMERA, save_photo

PHOTO = "{static}/images/photo.jpg"
ALT = {
    "en": "Members talking at a long table in a coworking space",
    "ja": "コワーキングスペースの長机で話す組合員たち",
}
ENCODED = re.compile(r"responsive_images: (\d+) image files\s+encoded", re.S)


def add_photo(content: Path, lang: str, image: str = PHOTO, twice: bool = False):
    """The photo after the about page's first section, and (twice) at its end."""
    page = content / f"pages/about.{lang}.md"
    text = page.read_text("utf-8")
    head, body = text.split("\n\n", 1)
    parts = body.split("\n\n")
    parts.insert(2, f"![{ALT[lang]}]({image})")
    if twice:
        parts.append(f"![{ALT[lang]}]({image})")
    page.write_text(head + "\n\n" + "\n\n".join(parts), "utf-8")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text("utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    """A copy with the photo in both About pages (twice in English, and as
    the English page's link preview), built for production and served."""
    project = copy_project(tmp_path_factory.mktemp("images") / "site")
    content = project / "content"
    save_photo(content / "images/photo.jpg")
    add_photo(content, "ja")
    add_photo(content, "en", twice=True)
    edit_text(
        content / "pages/about.en.md",
        "Lang: en\n",
        "Lang: en\nImage: images/photo.jpg\n",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    result = invoke(project, "build", env={"SITEURL": base})
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(project / "output", port):
        yield project, base


def page(project: Path, url: str) -> BeautifulSoup:
    path = project / "output" / url.strip("/") / "index.html"
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_photo_is_a_picture_of_modern_formats_in_several_widths(project, lang):
    project, base = project
    soup = page(project, "/en/about/" if lang == "en" else "/about/")
    picture = soup.select_one("main picture")
    assert picture is not None
    types = {s["type"]: s for s in picture.find_all("source")}
    assert list(types) == ["image/avif", "image/webp"]
    for source in types.values():
        widths = [int(c.split()[1][:-1]) for c in source["srcset"].split(", ")]
        assert widths == sorted(widths) and len(widths) >= 3
        assert "42rem" in source["sizes"]
    img = picture.img
    assert img["alt"] == ALT[lang]
    assert int(img["width"]) / int(img["height"]) == pytest.approx(1.5, abs=0.01)
    assert img["src"].startswith(base + "/images/photo-")
    assert "loading" not in img.attrs, "a page's first image loads at once"


def test_images_further_down_load_lazily(project):
    project, _ = project
    first, second = page(project, "/en/about/").select("main picture img")
    assert "loading" not in first.attrs
    assert second["loading"] == "lazy" and second["decoding"] == "async"


def test_only_the_variants_used_are_published_and_carry_no_metadata(project):
    """Not the 2400 px original (nor its camera and GPS data), in no language;
    one set of variants for both languages and both uses."""
    project, _ = project
    output = project / "output"
    assert not (output / "images/photo.jpg").exists()
    assert not (output / "en/images").exists()
    referenced = set()
    for html in output.rglob("*.html"):
        referenced |= set(re.findall(r"/images/(photo-[\w.-]+)", html.read_text()))
    published = {p.name for p in (output / "images").iterdir()}
    assert published == referenced
    from PIL import Image

    for path in (output / "images").iterdir():
        data = path.read_bytes()
        assert CAMERA.encode() not in data
        with Image.open(path) as image:
            assert not image.getexif(), f"{path.name} keeps EXIF"


def test_a_page_naming_an_image_uses_its_crop_for_link_previews(project):
    project, base = project
    soup = page(project, "/en/about/")
    og = {m["property"]: m["content"] for m in soup.select("meta[property^='og:']")}
    assert og["og:image"].startswith(base + "/images/photo-card.")
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert og["og:image:alt"] == ALT["en"], "the alt of the same image in the text"
    from PIL import Image

    card = project / "output" / og["og:image"].removeprefix(base + "/")
    with Image.open(card) as image:
        assert image.size == (1200, 630) and image.format == "JPEG"
    japanese = page(project, "/about/").select_one("meta[property='og:image']")
    assert japanese["content"].endswith("/theme/images/social-card.png")


def test_a_phone_loads_a_small_variant_and_nothing_shifts(project, open_page):
    """390 px at device-pixel-ratio 2: one AVIF of at most 120 KB, and the
    picture's box has its height before the photo arrives (CLS 0)."""
    project, base = project
    tab = open_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    tab.add_init_script(
        "window.__cls = 0; new PerformanceObserver(list => { for (const e of "
        "list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })"
        ".observe({type: 'layout-shift', buffered: true});"
    )
    # Hold the photo back, to see the box it will fill.
    held = []
    tab.route("**/images/photo-*", lambda route: held.append(route))
    tab.goto(base + "/en/about/", wait_until="domcontentloaded")
    first = tab.locator("main picture img").first
    box_before = first.bounding_box()
    assert box_before and box_before["height"] == pytest.approx(
        box_before["width"] / 1.5, abs=1
    )
    for route in held:
        route.continue_()
    tab.unroute("**/images/photo-*")
    first.evaluate("img => img.decode()")  # loaded and decoded
    tab.wait_for_timeout(300)
    assert first.bounding_box() == box_before
    assert tab.evaluate("window.__cls") == 0
    loaded = tab.evaluate(
        "performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('/images/photo'))"
        ".map(e => [e.name, e.encodedBodySize])"
    )
    assert len(loaded) == 1, loaded
    (url, size), *_ = loaded
    assert url.endswith(".avif") and "-720." in url
    assert size <= 120_000
    print(f"390 px at DPR 2 loads {url.rsplit('/', 1)[1]}: {size} bytes")


def test_lighthouse_stays_100_on_a_page_with_a_photo(project):
    from tests.test_lighthouse import CATEGORIES, run_lighthouse

    project, base = project
    scores, failing = run_lighthouse(base + "/en/about/", "en-about-photo")
    assert scores == dict.fromkeys(CATEGORIES, 1), failing


def test_the_conference_event_carries_its_image(tmp_path):
    """An event page naming an Image: its JSON-LD gives that picture."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    save_photo(content / "images/venue.jpg", 1200, 900)
    for lang, alt in (("ja", "会場の様子"), ("en", "The conference venue")):
        page_file = content / f"pages/conference.{lang}.md"
        edit_text(
            page_file,
            f"Lang: {lang}\n",
            f"Lang: {lang}\nImage: images/venue.jpg\nImage_alt: {alt}\n",
        )
    output = tmp_path / "output"
    build(output, content=content)
    for url in ("conference", "en/conference"):
        soup = BeautifulSoup((output / url / "index.html").read_text(), "html.parser")
        data = json.loads(soup.select_one("script[type='application/ld+json']").string)
        assert data["@type"] == "Event"
        assert len(data["image"]) == 1 and "/images/venue-card." in data["image"][0]
        assert (output / data["image"][0].lstrip("/")).is_file()


def test_a_second_build_encodes_nothing_and_builds_the_same_bytes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    save_photo(content / "images/photo.jpg")
    add_photo(content, "en")
    add_photo(content, "ja")
    counts, trees = [], []
    # The image cache sits beside the build's CACHE_PATH: shared by the two
    # builds in shared/, empty for the one in fresh/.
    for run in ("shared/first", "shared/again", "fresh/first"):
        output = tmp_path / run
        output.parent.mkdir(parents=True, exist_ok=True)
        result = build(output, content=content, extra=["--verbose"])
        counts.append(int(ENCODED.search(result.stdout + result.stderr)[1]))
        trees.append(tree_digest(output / "images"))
    assert counts[0] == 12  # 4 widths x AVIF, WebP, JPEG, once for both languages
    assert counts[1] == 0, "an unchanged photo is never encoded twice"
    assert counts[2] == 12, "a build with an empty cache encodes again..."
    assert trees[0] == trees[1] == trees[2], "...to the same bytes"


# --- What editors get wrong ---------------------------------------------------


def text_file(path: Path) -> None:
    path.write_text("<!doctype html><title>404 Not Found</title>", "utf-8")


def truncated(path: Path) -> None:
    save_photo(path, 800, 600)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def huge(path: Path) -> None:
    from PIL import Image

    Image.new("1", (9000, 300)).save(path)


def bomb(path: Path) -> None:
    """A PNG of a few KB that opens as 64 million pixels (190 MB in memory)."""
    from PIL import Image

    Image.new("1", (7999, 7999)).save(path)


BAD_IMAGES = {
    # name: (markdown, file to write, what the build must say)
    "no alt text": (
        "![]({static}/images/photo.jpg)",
        None,
        'image "{static}/images/photo.jpg" has no alt text: write a short description',
    ),
    "alt is a file name": (
        "![IMG_2041.jpg]({static}/images/photo.jpg)",
        None,
        'has the alt text "IMG_2041.jpg", which is a file name',
    ),
    "missing file": (
        "![The venue]({static}/images/venue.jpg)",
        None,
        "links to {static}/images/venue.jpg, which does not exist",
    ),
    "a web page saved as .jpg": (
        "![The venue]({static}/images/page.jpg)",
        ("page.jpg", text_file),
        'image "{static}/images/page.jpg" is not an image Pillow can read',
    ),
    "truncated JPEG": (
        "![The venue]({static}/images/cut.jpg)",
        ("cut.jpg", truncated),
        'image "{static}/images/cut.jpg" cannot be read to the end',
    ),
    "too many pixels": (
        "![The venue]({static}/images/wide.png)",
        ("wide.png", huge),
        'image "{static}/images/wide.png" is larger than 8000 px on a side',
    ),
    "decompression bomb": (
        "![The venue]({static}/images/bomb.png)",
        ("bomb.png", bomb),
        'image "{static}/images/bomb.png" has 64 million pixels, more than',
    ),
    "a path out of content": (
        "![The settings]({static}/../pelicanconf.py)",
        None,
        "links to {static}/../pelicanconf.py, which does not exist",
    ),
    "wrong type": (
        "![The venue]({static}/images/really-png.jpg)",
        (
            "really-png.jpg",
            lambda p: __import__("PIL.Image").Image.new("RGB", (9, 9)).save(p, "PNG"),
        ),
        "is really a PNG file: rename it to really-png.png",
    ),
}


@pytest.mark.parametrize("mistake", BAD_IMAGES)
def test_a_bad_image_stops_the_build_at_its_line(project, mistake):
    project, base = project
    markdown, make_file, expected = BAD_IMAGES[mistake]
    content = project / "content"
    page_file = content / "pages/about.en.md"
    good = page_file.read_text("utf-8")
    before = tree_digest(project / "output")
    made = None
    if make_file:
        made = content / "images" / make_file[0]
        make_file[1](made)
    try:
        page_file.write_text(good + f"\n{markdown}\n", "utf-8")
        result = invoke(project, "build", env={"SITEURL": base})
        line = line_of(page_file, markdown)
    finally:
        page_file.write_text(good, "utf-8")
        if made:
            made.unlink()
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"content/pages/about.en.md:{line}: " in said, said
    assert expected in said, said
    assert "Traceback" not in said
    assert tree_digest(project / "output") == before, "output/ changed"


def test_drafting_warns_about_a_missing_alt_text_and_previews(project):
    project, _ = project
    page_file = project / "content/pages/about.en.md"
    good = page_file.read_text("utf-8")
    page_file.write_text(good + "\n![]({static}/images/photo.jpg)\n", "utf-8")
    try:
        result = invoke(project, "draft")
    finally:
        page_file.write_text(good, "utf-8")
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "has no alt text" in said
