"""Static files in whole builds: nothing hostile is published, every image clean.

A copy of content/ with the hostile SVGs of tests/test_static_files_rules.py
(and a web page, a script, a PDF with JavaScript) in content/images/: a
published build names each file with the reason and writes nothing; a
drafting build publishes none of them. A copy with a safe SVG, a plain PDF
and photos that carry GPS (one only linked, one not referenced at all, an
animated WebP, an APNG, a GIF with a comment) publishes all of them, the
images cleaned and upright. Chromium opens the files directly, from a server
that sends no headers (as GitHub Pages): the refused ones are not there, and
the published SVG runs and loads nothing.
"""

from __future__ import annotations

import functools
import io
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dev_server import free_port
from tests.built_site import ROOT, build
from tests.hostile_files import (
    HOSTILE_SVGS,
    PLAIN_PDF,
    SAFE_ICON,
    animation,
    assert_clean,
    exif_with_gps,
    frames_of,
    pdf,
)
from tests.synthetic_photo import CAMERA, photo

HOSTILE = {
    **{
        f"images/hostile-{number}.svg": data
        for number, (data, _reason) in enumerate(HOSTILE_SVGS.values())
    },
    "images/page.html": "<script>window.ran = 1</script>",
    "images/app.js": "window.ran = 1",
    "images/form.pdf": pdf(b"<< /OpenAction << /S /JavaScript /JS (x) >> >>"),
}


def write_all(content: Path, files: dict[str, str | bytes]) -> None:
    for relative, data in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(ROOT / "content", content)
    write_all(content, HOSTILE)
    return content


def test_a_published_build_names_each_hostile_file_and_writes_nothing(
    hostile_content, tmp_path
):
    output = tmp_path / "output"
    done = build(output, content=hostile_content, check=False)
    assert done.returncode == 1
    for number, (_data, reason) in enumerate(HOSTILE_SVGS.values()):
        line = next(
            (x for x in done.stderr.splitlines() if f"hostile-{number}.svg:" in x), ""
        )
        assert reason in line, done.stderr
    for name in ("page.html", "app.js", "form.pdf"):
        assert f"images/{name}:1: " in done.stderr
    assert "nothing was built" in done.stderr
    assert not output.exists() or not any(output.rglob("*"))


@pytest.fixture(scope="module")
def drafted(hostile_content, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("drafted") / "output"
    build(output, content=hostile_content, fatal=False)
    return output


def test_a_drafting_build_publishes_no_hostile_file(drafted):
    assert (drafted / "index.html").is_file()
    published = [name for name in HOSTILE if (drafted / name).exists()]
    published += [name for name in HOSTILE if (drafted / "en" / name).exists()]
    assert published == []


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("clean")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "images").mkdir()
    for name in ("linked", "unreferenced"):
        exif = exif_with_gps(orientation=6)  # a camera held upright
        photo(600, 400).save(content / f"images/{name}.jpg", "JPEG", exif=exif)
    write_all(
        content,
        {
            "images/icon.svg": SAFE_ICON,
            "images/plain.pdf": PLAIN_PDF,
            "images/moving.webp": animation("WEBP", exif=exif_with_gps()),
            "images/moving.png": animation("PNG", "RGBA", exif=exif_with_gps()),
            "images/moving.gif": animation("GIF", comment=b"secret"),
        },
    )
    page = content / "pages/about.en.md"
    page.write_text(
        page.read_text("utf-8") + "\n\n[Full size]({static}/images/linked.jpg)\n",
        "utf-8",
    )
    output = root / "output"
    build(output, content=content)
    return output


@pytest.mark.parametrize("name", ["linked", "unreferenced"])
def test_a_photo_only_linked_or_not_referenced_is_published_clean_and_upright(
    published, name
):
    from PIL import Image

    data = (published / f"images/{name}.jpg").read_bytes()
    assert CAMERA.encode() not in data
    assert_clean(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (400, 600)  # Orientation 6 applied


@pytest.mark.parametrize("name", ["moving.webp", "moving.png", "moving.gif"])
def test_an_animation_is_published_clean_with_every_frame(published, name):
    data = (published / "images" / name).read_bytes()
    assert_clean(data)
    assert [(size, duration) for size, duration, _ in frames_of(data)] == [
        ((60, 40), 100),
        ((60, 40), 200),
        ((60, 40), 300),
    ]


def test_every_published_image_is_clean(published):
    images = [
        path
        for path in published.rglob("*")
        if path.suffix in (".jpg", ".png", ".webp", ".gif", ".avif")
        and "theme" not in path.parts
    ]
    assert len(images) >= 5
    for path in images:
        assert_clean(path.read_bytes())


def test_a_safe_svg_and_a_plain_pdf_are_published_as_they_are(published):
    assert (published / "images/icon.svg").read_text("utf-8") == SAFE_ICON
    assert (published / "images/plain.pdf").read_bytes() == PLAIN_PDF


class Quiet(SimpleHTTPRequestHandler):
    """A host that sends no headers of its own, as GitHub Pages."""

    def log_message(self, *_args) -> None:
        pass


def serve(root: Path):
    port = free_port()
    handler = functools.partial(Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


def opened(open_page, url: str) -> tuple[int | None, object, list[str]]:
    """(HTTP status, window.ran, URLs requested) of a file opened directly."""
    page = open_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(url)
    page.wait_for_timeout(300)
    return response.status if response else None, page.evaluate("window.ran"), requested


def test_in_chromium_the_hostile_files_run_when_served_raw(hostile_content, open_page):
    """The harness can see a script run: the namespaced script does, served
    straight from content/ (what the site published before)."""
    server, base = serve(hostile_content)
    try:
        status, ran, _ = opened(open_page, f"{base}/images/hostile-0.svg")
    finally:
        server.shutdown()
    assert (status, ran) == (200, 1)


def test_in_chromium_a_refused_file_is_not_there_and_nothing_runs(drafted, open_page):
    server, base = serve(drafted)
    try:
        for name in HOSTILE:
            status, ran, _ = opened(open_page, f"{base}/{name}")
            assert (status, ran) == (404, None), name
    finally:
        server.shutdown()


def test_in_chromium_a_published_svg_runs_and_loads_nothing(published, open_page):
    server, base = serve(published)
    try:
        status, ran, requested = opened(open_page, f"{base}/images/icon.svg")
    finally:
        server.shutdown()
    assert (status, ran) == (200, None)
    assert requested == [f"{base}/images/icon.svg"]
