"""Editors' photos as files for the web: inspect, resize, encode, cache.

Owns: what an image file is (its real format and size, whether Pillow can
read all of it, whether it is too large to accept), which variants a photo
gets (widths below its own, in AVIF, WebP and its own format), and making
each variant once: a variant is stored under the image cache, named by a
digest of the source's bytes and the encoding settings, so an unchanged
image is never encoded twice.

What every output file is: the picture turned upright (EXIF orientation
applied), converted to sRGB, 8 bits per channel, with no metadata (EXIF,
GPS, XMP, comments and colour profiles are not copied). AVIF is encoded on
one thread: libaom's bytes depend on its thread count, and the same commit
must give the same bytes on any machine; parallelism comes from encoding
several variants at once instead.

Pillow is imported only when an image is inspected or encoded, so a site
without images never loads it. Knows nothing of Pelican: content_checks
uses `inspect` for its rules, and the plugin's glue the rest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

# Bump when a change here changes the bytes of any variant.
ENCODER_VERSION = 2  # 2: each save has its own image (threads mixed options)
# The formats a photo is served in, best first, with their MIME type.
MODERN_FORMATS = (("avif", "image/avif"), ("webp", "image/webp"))
RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
PILLOW_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
PILLOW_FORMATS["AVIF"] = "avif"
SAVE_AS = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}
SUFFIX = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20_000_000
    max_side: int = 8000
    max_pixels: int = 40_000_000  # a 64 MP image takes 190 MB to decode
    # An animation's frames, each drawn on the whole canvas when decoded: a
    # 34 KB GIF of 1500 tiny frames on an 8000 x 5000 canvas took hours.
    max_frame_pixels: int = 500_000_000


@dataclass(frozen=True)
class Settings:
    """How variants are made (IMAGE_* settings); part of every cache key."""

    widths: tuple[int, ...] = (480, 720, 1080, 1344)
    quality: tuple[tuple[str, int], ...] = (
        ("avif", 50),
        ("webp", 72),
        ("jpeg", 78),
    )
    card_size: tuple[int, int] = (1200, 630)

    def quality_of(self, fmt: str) -> int:
        return dict(self.quality).get(fmt, 80)


@dataclass(frozen=True)
class Facts:
    """What a readable image file is, as shown (after EXIF orientation)."""

    format: str  # "jpeg", "png", "gif", "webp", "avif"
    width: int
    height: int
    alpha: bool
    animated: bool

    @property
    def passes_through(self) -> bool:
        """Published as it is: GIFs and animations (an AVIF or WebP of one
        frame would stop them)."""
        return self.format == "gif" or self.animated

    @property
    def fallback(self) -> str:
        """The format for browsers without AVIF/WebP: PNG keeps transparency
        (a JPEG would turn it black) and sharp edges; photos stay JPEG."""
        return "png" if self.alpha or self.format == "png" else "jpeg"


class NotUsable(Exception):
    """The file cannot be published as an image; the message says why, for an
    editor."""


def inspect(path: Path, limits: Limits = Limits()) -> Facts:
    """The facts of an image file, or NotUsable with the reason. Reads the
    whole file (a truncated photo fails here, not in a reader's browser)."""
    from PIL import Image, UnidentifiedImageError

    size = path.stat().st_size
    if size > limits.max_bytes:
        raise NotUsable(
            f"is {size / 1e6:.0f} MB, more than the {limits.max_bytes / 1e6:.0f} MB "
            "the site accepts: export it smaller (about 2400 px wide is plenty)"
        )
    too_big = (
        f"is larger than {limits.max_side} px on a side: export it smaller "
        "(about 2400 px wide is plenty)"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                if max(image.size) > limits.max_side:
                    raise NotUsable(f"{too_big} (it is {image.width} x {image.height})")
                pixels = image.width * image.height
                if pixels > limits.max_pixels:
                    raise NotUsable(
                        f"has {pixels / 1e6:.0f} million pixels, more than the "
                        f"{limits.max_pixels / 1e6:.0f} million the site accepts: "
                        "export it smaller (about 2400 px wide is plenty)"
                    )
                fmt = PILLOW_FORMATS.get(image.format or "")
                if fmt is None:
                    raise NotUsable(
                        f"is a {image.format} file, which browsers do not show: "
                        "save it as JPEG or PNG"
                    )
                if fmt != suffix_format(path):
                    raise NotUsable(
                        f"is really a {fmt.upper()} file: rename it to "
                        f"{path.stem}.{SUFFIX.get(fmt, fmt)}"
                    )
                animated = bool(getattr(image, "is_animated", False))
                if animated:
                    frames = frame_count(path, image)
                    if frames * pixels > limits.max_frame_pixels:
                        raise NotUsable(
                            f"is an animation of {frames} frames of "
                            f"{image.width} x {image.height}, more than the site "
                            "can prepare: make it shorter or smaller (or link "
                            "a video instead)"
                        )
                width, height = upright_size(image)
                alpha = has_alpha(image)
                if image.format == "JPEG" and min(image.size) >= 64:  # 1/8 scale
                    image.draft(image.mode, (image.width // 8, image.height // 8))
                image.load()  # every byte: a truncated file fails here
        except NotUsable:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise NotUsable(too_big) from None
        except UnidentifiedImageError:
            raise NotUsable(
                "is not an image Pillow can read (is it really a photo? a download "
                "that failed saves a web page under the photo's name): export it "
                "again as JPEG or PNG"
            ) from None
        except Exception as error:  # a hostile file: say so, never a traceback
            raise NotUsable(
                f"cannot be read to the end ({error}): the file is damaged or "
                "incomplete — copy or export it again"
            ) from None
    return Facts(fmt, width, height, alpha, animated)


def suffix_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return "jpeg" if suffix == "jpg" else suffix


def frame_count(path: Path, image) -> int:
    """How many frames an animation has, without decoding any: a GIF's image
    blocks counted (Pillow's n_frames decodes each one); the others' headers
    say it."""
    if image.format != "GIF":
        return int(getattr(image, "n_frames", 1))
    data = path.read_bytes()
    packed = data[10]
    position = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
    frames = 0
    while position < len(data) and data[position] != 0x3B:
        kind = data[position]
        if kind == 0x2C:  # an image: descriptor, colour table, LZW data
            frames += 1
            packed = data[position + 9]
            position += 10 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0) + 1
        elif kind == 0x21:
            position += 2
        else:
            break
        while position < len(data) and data[position]:  # the data sub-blocks
            position += 1 + data[position]
        position += 1
    return max(frames, 1)


def upright_size(image) -> tuple[int, int]:
    """Width and height as shown: EXIF orientations 5 to 8 turn it a quarter."""
    try:
        orientation = image.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block: shown as stored
        orientation = 1
    width, height = image.size
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def has_alpha(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        "transparency" in image.info
    )


def widths_for(facts: Facts, settings: Settings) -> tuple[int, ...]:
    """The widths a photo is served at: the settings' widths below its own,
    and its own width (capped at the largest)."""
    largest = min(facts.width, max(settings.widths))
    return tuple(sorted({w for w in settings.widths if w < largest} | {largest}))


def height_at(facts: Facts, width: int) -> int:
    return max(1, round(facts.height * width / facts.width))


@dataclass(frozen=True)
class Variant:
    source: Path
    digest: str  # of the source's bytes
    fmt: str  # "avif", "webp", "jpeg", "png", or "card" (a 1200 x 630 JPEG)
    width: int
    height: int
    settings: Settings

    @property
    def key(self) -> str:
        """Names the variant's bytes: the source's, and how they are made."""
        from PIL import __version__ as pillow

        recipe = {
            "source": self.digest,
            "format": self.fmt,
            "size": [self.width, self.height],
            "quality": self.settings.quality_of(self.fmt),
            "encoder": ENCODER_VERSION,
            "pillow": pillow,
        }
        described = json.dumps(recipe, sort_keys=True).encode()
        return hashlib.sha256(described).hexdigest()

    def name(self, relative: str) -> str:
        """Its path in the output: images/photo.jpg -> images/photo-720.1a2b3c4d5e.avif."""
        stem = relative.rsplit(".", 1)[0]
        if self.fmt == "card":
            return f"{stem}-card.{self.key[:10]}.jpg"
        return f"{stem}-{self.width}.{self.key[:10]}.{SUFFIX[self.fmt]}"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Cache:
    """Encoded variants under a folder, by key; counts what it encoded."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.encoded = 0
        self.reused = 0

    def path(self, variant: Variant) -> Path:
        key = variant.key
        return self.folder / key[:2] / f"{key}.{SUFFIX.get(variant.fmt, 'jpg')}"

    def has(self, variant: Variant) -> bool:
        return self.path(variant).is_file()

    def make(self, variants: list[Variant], workers: int | None = None) -> None:
        """Encode every variant not cached yet, several at once when there are
        cores to spare (Pillow's encoders release the GIL)."""
        missing = [v for v in dict.fromkeys(variants) if not self.has(v)]
        self.reused += len(set(variants)) - len(missing)
        if not missing:
            return
        by_source: dict[tuple[Path, str], list[Variant]] = {}
        for variant in missing:
            by_source.setdefault((variant.source, variant.digest), []).append(variant)
        workers = workers or min(len(missing), os.cpu_count() or 1)
        if workers <= 1:
            for group in by_source.values():
                self._make_group(group, None)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            # One upright, sRGB copy of each source; its variants in parallel.
            for group in by_source.values():
                self._make_group(group, pool)

    def _make_group(self, group: list[Variant], pool) -> None:
        picture = upright_srgb(group[0].source)
        jobs = [(variant, picture) for variant in group]
        results = (
            pool.map(lambda job: encode(*job), jobs)
            if pool
            else (encode(*job) for job in jobs)
        )
        for variant, data in zip(group, results, strict=True):
            self._store(variant, data)
            self.encoded += 1

    def _store(self, variant: Variant, data: bytes) -> None:
        target = self.path(variant)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Never a half-written file under its final name (a killed build).
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)


def upright_srgb(path: Path):
    """The source as shown, in 8-bit sRGB (RGB or RGBA), without metadata."""
    from PIL import Image, ImageCms, ImageOps

    with Image.open(path) as opened:
        opened.load()
        image = ImageOps.exif_transpose(opened)
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    alpha = has_alpha(image)
    target = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    converted = None
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            srgb = ImageCms.createProfile("sRGB")
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                image, source_profile, srgb, outputMode=mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None  # a broken profile: taken as sRGB
    image = converted or image
    if image.mode == "P" and alpha:
        image = image.convert("RGBA")
    image = image.convert(target)
    clean = Image.new(image.mode, image.size)
    clean.paste(image)  # pixels only: no EXIF, GPS, XMP, comments or profile
    return clean


def encode(variant: Variant, picture) -> bytes:
    from PIL import Image, ImageOps

    settings = variant.settings
    if variant.fmt == "card":
        size = settings.card_size
        image = ImageOps.fit(picture.convert("RGB"), size, Image.Resampling.LANCZOS)
        fmt = "jpeg"
    else:
        size = (variant.width, variant.height)
        # Never save the shared picture itself: Pillow keeps a save's options
        # on the image while it encodes, so a save in another thread would
        # take them (a WebP at an AVIF's quality) and the bytes would vary.
        image = (
            picture.copy()
            if picture.size == size
            else picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        fmt = variant.fmt
        if fmt == "jpeg" and image.mode != "RGB":
            image = image.convert("RGB")
    quality = settings.quality_of("jpeg" if variant.fmt == "card" else fmt)
    options: dict = {
        "avif": {"quality": quality, "speed": 6, "max_threads": 1},
        "webp": {"quality": quality, "method": 4},
        "jpeg": {"quality": quality, "optimize": True, "progressive": True},
        "png": {"optimize": True},
    }[fmt]
    out = io.BytesIO()
    image.save(out, SAVE_AS[fmt], **options)
    return out.getvalue()
