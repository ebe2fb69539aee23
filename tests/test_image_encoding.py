"""What the build makes of awkward image files, without a whole build.

plugins/responsive_images/encoding.py on files made here: rotated phone
photos, CMYK, 16-bit and transparent PNGs, animated GIFs; and, for any small
image, variants whose sizes are what the markup says.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from responsive_images.encoding import (
    Cache,
    Settings,
    Variant,
    file_digest,
    height_at,
    inspect,
    widths_for,
)

Image = pytest.importorskip("PIL.Image")


def variants(path: Path, cache: Cache) -> dict[str, list[Variant]]:
    facts = inspect(path)
    made = {
        fmt: [
            Variant(path, file_digest(path), fmt, w, height_at(facts, w), Settings())
            for w in widths_for(facts, Settings())
        ]
        for fmt in ("avif", "webp", facts.fallback)
    }
    cache.make([v for group in made.values() for v in group])
    return made


def opened(cache: Cache, variant: Variant):
    return Image.open(io.BytesIO(cache.path(variant).read_bytes()))


def test_a_phone_photo_taken_upright_is_published_upright(tmp_path):
    """EXIF orientation 6: stored 300 x 200, shown 200 x 300."""
    path = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (300, 200), "red").save(path, exif=exif)
    facts = inspect(path)
    assert (facts.width, facts.height) == (200, 300)
    cache = Cache(tmp_path / "cache")
    for group in variants(path, cache).values():
        with opened(cache, group[-1]) as image:
            assert image.size == (200, 300)
            assert not image.getexif().get(0x0112)


def test_a_transparent_png_keeps_a_png_fallback_with_its_transparency(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGBA", (600, 300), (0, 0, 0, 0)).save(path)
    cache = Cache(tmp_path / "cache")
    made = variants(path, cache)
    assert set(made) == {"avif", "webp", "png"}
    for group in made.values():
        with opened(cache, group[0]) as image:
            assert image.mode == "RGBA"
            assert image.getpixel((5, 5))[3] == 0, "transparent, not black"


@pytest.mark.parametrize(
    ("name", "mode", "value"),
    [
        ("cmyk.jpg", "CMYK", (0, 80, 160, 0)),
        ("deep.png", "I;16", 40000),
        ("grey.jpg", "L", 128),
        ("palette.png", "P", 3),
    ],
)
def test_unusual_colour_modes_become_ordinary_srgb_variants(
    tmp_path, name, mode, value
):
    path = tmp_path / name
    Image.new(mode, (640, 480), value).save(path)
    cache = Cache(tmp_path / "cache")
    for group in variants(path, cache).values():
        with opened(cache, group[-1]) as image:
            assert image.mode in ("RGB", "RGBA")
            assert image.size == (640, 480)


def test_an_animated_gif_is_published_as_it_is(tmp_path):
    path = tmp_path / "wave.gif"
    frames = [Image.new("P", (120, 80), i) for i in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    facts = inspect(path)
    assert facts.passes_through and (facts.width, facts.height) == (120, 80)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    width=st.integers(1, 1500),
    height=st.integers(1, 400),
    mode=st.sampled_from(["RGB", "RGBA", "L", "P"]),
    kind=st.sampled_from(["JPEG", "PNG", "WEBP"]),
)
def test_any_small_image_gets_variants_of_the_sizes_the_markup_gives(
    tmp_path, width, height, mode, kind
):
    path = (
        tmp_path / f"any-{width}-{height}-{mode}.{kind.lower().replace('jpeg', 'jpg')}"
    )
    image = Image.new(mode, (width, height))
    if kind == "JPEG" and mode in ("RGBA", "P"):
        image = image.convert("RGB")
    image.save(path, kind)
    facts = inspect(path)
    widths = widths_for(facts, Settings())
    assert widths == tuple(sorted(set(widths))) and max(widths) <= min(width, 1344)
    cache = Cache(tmp_path / "cache")
    for group in variants(path, cache).values():
        for variant in group:
            with opened(cache, variant) as made:
                assert made.size == (variant.width, variant.height)
                assert variant.height == height_at(facts, variant.width) >= 1


def test_the_same_variants_encode_to_the_same_bytes_every_time(tmp_path):
    """Several variants of one photo are encoded at once (threads); those at
    the photo's own width are saved from the one shared, unresized picture,
    and Pillow keeps a save's options on the image while it encodes: each
    must still be encoded with its own format's options, as one at a time."""
    from tests.synthetic_photo import save_photo

    path = save_photo(tmp_path / "photo.jpg", 1344, 896)
    facts = inspect(path)
    digest = file_digest(path)
    made = [
        Variant(path, digest, fmt, w, height_at(facts, w), Settings())
        for fmt in ("avif", "webp", "jpeg")
        for w in widths_for(facts, Settings())
    ] + [Variant(path, digest, "card", 1200, 630, Settings())]
    assert any(v.width == facts.width for v in made), "one at the photo's width"
    one_at_a_time = Cache(tmp_path / "sequential")
    one_at_a_time.make(made, workers=1)
    expected = {v: one_at_a_time.path(v).read_bytes() for v in made}
    for run in range(4):
        cache = Cache(tmp_path / f"threads-{run}")
        cache.make(made, workers=len(made))
        for variant in made:
            assert cache.path(variant).read_bytes() == expected[variant], (
                f"{variant.fmt} at {variant.width} px: other bytes with threads"
            )
