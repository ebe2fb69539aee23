"""What plugins/static_files lets through, file by file (no build: fast).

SVG by an allowlist read as a browser reads the file (namespaces resolved,
entities and encodings before anything), PDF by a byte scan, other types by
extension, and raster images cleaned: no EXIF, GPS, XMP or comment left,
turned upright, every frame kept, the same bytes every time.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from responsive_images.encoding import Limits
from static_files.checks import problems
from static_files.pdf import pdf_problem
from static_files.raster import clean
from static_files.svg import ATTRIBUTES, ELEMENTS, svg_problem
from tests.built_site import ROOT
from tests.hostile_files import (
    HOSTILE_SVGS,
    PLAIN_PDF,
    SAFE_ICON,
    SVG_OPEN,
    animation,
    assert_clean,
    exif_with_gps,
    frames,
    frames_of,
    object_stream,
    pdf,
)


def svg_reason(data: str | bytes) -> str:
    problem = svg_problem(data.encode() if isinstance(data, str) else data)
    assert problem is not None, "published"
    return problem[1]


@pytest.mark.parametrize("case", HOSTILE_SVGS)
def test_a_hostile_svg_is_refused_with_the_reason(case):
    data, reason = HOSTILE_SVGS[case]
    said = svg_reason(data)
    assert reason in said
    assert "export it again" in said or "save it as UTF-8" in said


@pytest.mark.parametrize(
    "svg",
    [
        ROOT / "theme/static/images/favicon.svg",
        ROOT / "theme/static/images/social-card.svg",
        SAFE_ICON,
    ],
    ids=["favicon", "social card", "drawn icon"],
)
def test_a_plain_drawing_passes(svg):
    data = svg.read_bytes() if isinstance(svg, Path) else svg.encode()
    assert svg_problem(data) is None
    assert svg_problem(b"\xef\xbb\xbf" + data) is None  # with a UTF-8 BOM


NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,15}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(NAMES.filter(lambda name: name not in ELEMENTS))
def test_any_element_outside_the_allowlist_is_refused(name):
    assert svg_problem(f"{SVG_OPEN}<{name}/></svg>".encode()) is not None


@settings(max_examples=150, deadline=None)
@given(NAMES.filter(lambda name: name not in ATTRIBUTES))
def test_any_attribute_outside_the_allowlist_is_refused(name):
    assert svg_problem(f'{SVG_OPEN}<g {name}="1"/></svg>'.encode()) is not None


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(ELEMENTS)), NAMES)
def test_an_allowed_element_in_another_namespace_is_refused(element, prefix):
    namespace = "http://www.w3.org/1999/xhtml"
    data = f'{SVG_OPEN}<{prefix}:{element} xmlns:{prefix}="{namespace}"/></svg>'
    assert svg_problem(data.encode()) is not None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (pdf(b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"), "/JS"),
        (pdf(b"<< /OpenAction << /S /J#61vaScript /J#53 (x) >> >>"), "/JavaScript"),
        (pdf(b"<< /AA << /O << /S /Launch /F (cmd.exe) >> >> >>"), "/Launch"),
        (pdf(object_stream(b"<< /S /JavaScript /JS (x) >>")), "/JavaScript"),
        (pdf(b"<< /Encrypt 5 0 R >>"), "is encrypted"),
        (b"<html><script>1</script></html>", "is not a PDF"),
    ],
    ids=["JS", "escaped names", "Launch", "in an object stream", "encrypted", "HTML"],
)
def test_a_pdf_that_can_run_something_is_refused(data, reason):
    said = pdf_problem(data)
    assert said is not None and reason in said


def test_a_plain_pdf_passes():
    assert pdf_problem(PLAIN_PDF) is None
    assert pdf_problem(pdf(object_stream(b"<< /Type /Page >>"))) is None


@pytest.mark.parametrize(
    ("name", "instead"),
    [
        ("page.html", "Markdown page"),
        ("page.xhtml", "Markdown page"),
        ("feed.xml", "XML file"),
        ("app.js", "theme"),
        ("icon.svgz", "plain, uncompressed .svg"),
        ("notes.txt", "remove it, or save it as one of those"),
    ],
)
def test_other_types_are_refused_saying_how_to_publish_instead(tmp_path, name, instead):
    path = tmp_path / name
    path.write_bytes(b"<script>window.ran = 1</script>")
    types = (".png", ".jpg", ".svg", ".pdf")
    [(line, message)] = problems(path, types, Limits())
    assert line == 1 and instead in message


# --- Raster images: cleaned, upright, every frame kept -----------------------


@pytest.mark.parametrize(
    ("fmt", "mode", "options"),
    [
        ("WEBP", "RGB", {"lossless": True}),
        ("WEBP", "RGB", {"quality": 80}),
        ("PNG", "RGBA", {}),
        ("GIF", "RGB", {"comment": b"secret"}),
    ],
    ids=["lossless WebP", "lossy WebP", "APNG", "GIF"],
)
def test_an_animation_is_cleaned_with_every_frame_kept(fmt, mode, options):
    if fmt != "GIF":
        options = {**options, "exif": exif_with_gps()}
    data = animation(fmt, mode, **options)
    cleaned = clean(data, fmt.lower())
    assert_clean(cleaned)
    assert frames_of(cleaned) == frames_of(data)
    assert loop_of(cleaned) == loop_of(data) == 2
    assert clean(data, fmt.lower()) == cleaned  # the same bytes every time


def loop_of(data: bytes) -> int | None:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.info.get("loop")


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_an_animation_with_an_orientation_is_turned_upright(fmt):
    data = animation(fmt, "RGBA", exif=exif_with_gps(orientation=6))
    cleaned = clean(data, fmt.lower())
    assert_clean(cleaned)
    assert [f[0] for f in frames_of(cleaned)] == [(40, 60)] * 3
    assert [f[1] for f in frames_of(cleaned)] == [100, 200, 300]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "AVIF"])
def test_a_still_image_is_cleaned_and_turned_upright(fmt):
    from PIL import Image

    out = io.BytesIO()
    options = {"comment": b"secret"} if fmt == "JPEG" else {}
    frames(1, "RGB", (60, 40))[0].save(
        out, fmt, exif=exif_with_gps(orientation=6), **options
    )
    cleaned = clean(out.getvalue(), fmt.lower())
    assert_clean(cleaned)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (40, 60)
    assert clean(out.getvalue(), fmt.lower()) == cleaned


def test_text_hidden_in_a_gifs_loop_and_timing_blocks_is_not_published():
    from tests.hostile_files import tiny_gif

    hidden = b"GPS 34.6901N 135.1955E"
    published = clean(tiny_gif(64, 64, 3, hidden), "gif")
    assert hidden not in published
    from PIL import Image

    with Image.open(io.BytesIO(published)) as image:
        assert image.n_frames == 3 and image.info.get("loop") == 0


def test_an_animation_too_costly_to_prepare_is_refused_at_once(tmp_path):
    """34 KB: 1500 frames on an 8000 x 5000 canvas (each decoded whole)."""
    from responsive_images.encoding import NotUsable, inspect
    from tests.hostile_files import tiny_gif

    path = tmp_path / "animation.gif"
    path.write_bytes(tiny_gif(8000, 5000, 1500))
    with pytest.raises(NotUsable, match="1500 frames"):
        inspect(path, Limits())


def test_a_damaged_animation_is_a_message_not_a_crash():
    """A GIF whose second frame claims 20000 x 20000 on an 8 x 8 canvas
    (found by the third hostile review: a traceback out of the check)."""
    import struct

    from responsive_images.encoding import NotUsable

    data = bytearray(b"GIF89a" + struct.pack("<HH", 8, 8) + b"\x80\x00\x00")
    data += b"\x00\x00\x00\xff\xff\xff"
    for width, height in ((1, 1), (20000, 20000)):
        data += b"\x2c" + struct.pack("<HHHH", 0, 0, width, height)
        data += b"\x00\x02\x02\x44\x01\x00"
    with pytest.raises(NotUsable):
        clean(bytes(data + b";"), "gif")


def test_text_inside_a_webp_animation_frame_or_a_png_chunk_is_not_published():
    """XMP nested in an ANMF chunk, text in a PNG bKGD chunk (the third
    hostile review): the published copy has neither."""
    import struct
    import zlib

    from PIL import Image

    secret = b"GPSLatitude 35,40.5N iPhone SN 12345"
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:],
                   duration=100, loop=0, lossless=True)  # fmt: skip
    webp = out.getvalue()
    anmf = webp.index(b"ANMF")
    (length,) = struct.unpack("<I", webp[anmf + 4 : anmf + 8])
    xmp = b"XMP " + struct.pack("<I", len(secret)) + secret
    payload = webp[anmf + 8 : anmf + 8 + length] + xmp
    webp = (
        webp[:anmf] + b"ANMF" + struct.pack("<I", len(payload)) + payload
        + webp[anmf + 8 + length :]
    )  # fmt: skip
    webp = webp[:4] + struct.pack("<I", len(webp) - 8) + webp[8:]
    cleaned = clean(webp, "webp")
    assert secret not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.n_frames == 2

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, "PNG")
    png = out.getvalue()
    chunk = b"bKGD" + secret
    extra = struct.pack(">I", len(secret)) + chunk
    extra += struct.pack(">I", zlib.crc32(chunk))
    png = png[:33] + extra + png[33:]  # after IHDR
    assert secret not in clean(png, "png")
