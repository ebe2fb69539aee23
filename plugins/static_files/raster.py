"""A raster image as published: its pictures, upright, and nothing about it.

Owns: `clean(data, fmt)`, the bytes published for an image file's bytes:
no EXIF (GPS, camera serials, dates), XMP, comments, text chunks or
unknown chunks; the colour profile (ICC) is kept. Every frame of an
animation is kept, with its duration and the loop count.

- GIF, and WebP that needs no turning: the file's own blocks or chunks, by
  an allowlist of those that draw, each rebuilt from its fields (lossless:
  the same pixels, the same frames, bit for bit).
- PNG (any chunk type can carry text in a field it owns, e.g. bKGD or an
  extra IDAT: the third hostile review), JPEG and AVIF, and WebP with an
  EXIF orientation other than 1:
  decoded by Pillow, turned upright (the EXIF orientation applied to every
  frame) and encoded again with only the kept information: JPEG with its
  own quantisation tables and subsampling (no further loss of quality to
  speak of), PNG and lossless WebP losslessly, lossy WebP and AVIF at high
  quality, AVIF on one thread.

The same input gives the same bytes (no time, no thread count in them).
Then the result is opened again, every frame decoded, and refused if any
metadata is left (`NotUsable`, with what to do). Pure: bytes in, bytes out.
"""

from __future__ import annotations

import io
import struct

from responsive_images.encoding import PILLOW_FORMATS, SAVE_AS, NotUsable

CLEANER_VERSION = 3  # bump when a change here changes any cleaned file's bytes
ORIENTATION = 0x0112
WEBP_KEPT = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
WEBP_METADATA_FLAGS = 0x08 | 0x04  # VP8X: EXIF, XMP
GIF_LOOPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")
# What Pillow's info may keep in a cleaned image.
KEPT_INFO = ("icc_profile", "transparency")
REFUSE_FIX = "export it again (without metadata) as JPEG, PNG or WebP"


def clean(data: bytes, fmt: str) -> bytes:
    """The published bytes of an image file of format fmt ("jpeg", "png", …)."""
    try:
        if fmt == "gif":
            cleaned = clean_gif(data)
        elif fmt == "webp" and orientation(data) == 1:
            cleaned = clean_webp(data)
        else:
            cleaned = reencode(data, fmt)
        verify(cleaned, fmt)
    except NotUsable:
        raise
    except Exception as error:  # a damaged or hostile file: a message, never a crash
        raise NotUsable(
            f"cannot be cleaned of its metadata ({error}): {REFUSE_FIX}"
        ) from None
    return cleaned


def damaged(where: str) -> NotUsable:
    return NotUsable(f"is damaged ({where}): {REFUSE_FIX}")


def orientation(data: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        try:
            return int(image.getexif().get(ORIENTATION, 1))
        except (TypeError, ValueError, SyntaxError):
            return 1


def clean_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise damaged("no WebP header")
    (size,) = struct.unpack("<I", data[4:8])
    end = min(len(data), 8 + size)
    kept: list[bytes] = []
    position = 12
    while position + 8 <= end:
        kind = data[position : position + 4]
        (length,) = struct.unpack("<I", data[position + 4 : position + 8])
        stop = position + 8 + length + (length & 1)
        if stop > end:
            raise damaged(f"chunk {kind!r} runs past the end")
        chunk = data[position:stop]
        if kind == b"VP8X":
            flags = chunk[8] & ~WEBP_METADATA_FLAGS
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        if kind == b"ANMF":  # a frame: its header, then only what draws it
            chunk = anmf_kept(chunk)
        if kind in WEBP_KEPT:
            kept.append(chunk)
        position = stop
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


WEBP_FRAME_DATA = frozenset({b"ALPH", b"VP8 ", b"VP8L"})


def anmf_kept(chunk: bytes) -> bytes:
    """An animation frame's chunk with only its 16-byte header and the chunks
    that draw it (an XMP chunk rode inside one: the third hostile review)."""
    body, position, kept = chunk[8:], 16, []
    while position + 8 <= len(body):
        kind = body[position : position + 4]
        (length,) = struct.unpack("<I", body[position + 4 : position + 8])
        stop = position + 8 + length + (length & 1)
        if stop > len(body):
            raise damaged("an animation frame runs past its end")
        if kind in WEBP_FRAME_DATA:
            kept.append(body[position:stop])
        position = stop
    payload = body[:16] + b"".join(kept)
    return b"ANMF" + struct.pack("<I", len(payload)) + payload


def gif_blocks(data: bytes, position: int) -> int:
    """Where a run of GIF data sub-blocks that starts at position ends."""
    while True:
        length = data[position]
        position += 1 + length
        if length == 0:
            return position


def clean_gif(data: bytes) -> bytes:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise damaged("no GIF header")
    packed = data[10]
    position = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
    kept = [data[:position]]
    while True:
        kind = data[position]
        if kind == 0x3B:  # the trailer
            return b"".join(kept) + b";"
        if kind == 0x2C:  # an image: descriptor, colour table, LZW data
            packed = data[position + 9]
            table = 3 << ((packed & 7) + 1) if packed & 0x80 else 0
            end = gif_blocks(data, position + 10 + table + 1)
            kept.append(data[position:end])
        elif kind == 0x21:  # an extension: kept when it times or loops frames
            end = gif_blocks(data, position + 2)
            kept.append(gif_extension_kept(data, position))
        else:
            raise damaged(f"an unknown block {kind:#x}")
        position = end


def gif_extension_kept(data: bytes, position: int) -> bytes:
    """Of an extension, only what times or loops frames, rebuilt from its
    fields: a frame's timing (4 bytes), the loop count (sub-block 1, 2
    bytes). Any further sub-block could carry text (found by the hostile
    review: a GPS position after a NETSCAPE2.0 loop count)."""
    label = data[position + 1]
    if label == 0xF9 and data[position + 2] == 4:  # graphic control
        return data[position : position + 7] + b"\0"
    identifier = data[position + 3 : position + 14]
    loop = data[position + 14 : position + 18]
    if (
        label == 0xFF
        and data[position + 2] == 11
        and identifier in GIF_LOOPS
        and loop[:2] == b"\x03\x01"
    ):
        return data[position : position + 14] + loop + b"\0"
    return b""


def reencode(data: bytes, fmt: str) -> bytes:
    """Decoded, every frame turned upright, encoded again with only KEPT_INFO."""
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as image:
        turn = Image.Transpose
        transpose = {
            2: turn.FLIP_LEFT_RIGHT, 3: turn.ROTATE_180, 4: turn.FLIP_TOP_BOTTOM,
            5: turn.TRANSPOSE, 6: turn.ROTATE_270, 7: turn.TRANSVERSE,
            8: turn.ROTATE_90,
        }.get(orientation(data))  # fmt: skip
        frames, durations = [], []
        for frame in ImageSequence.Iterator(image):
            frame.load()
            upright = frame.transpose(transpose) if transpose else frame.copy()
            upright.info = {k: frame.info[k] for k in KEPT_INFO if k in frame.info}
            frames.append(upright)
            durations.append(frame.info.get("duration", 0))
        options = encoder_options(image, fmt, data)
        loop = image.info.get("loop", 0)
    if len(frames) > 1:
        options |= {"save_all": True, "append_images": frames[1:]}
        options |= {"duration": durations, "loop": loop}
    out = io.BytesIO()
    frames[0].save(out, SAVE_AS[fmt], **options)
    return out.getvalue()


def encoder_options(image, fmt: str, data: bytes) -> dict:
    options: dict = {}
    if profile := image.info.get("icc_profile"):
        options["icc_profile"] = profile
    if fmt == "jpeg":
        from PIL.JpegImagePlugin import get_sampling

        options |= {"qtables": image.quantization, "optimize": True}
        options["progressive"] = bool(image.info.get("progressive"))
        if (sampling := get_sampling(image)) != -1:
            options["subsampling"] = sampling
    elif fmt == "webp":
        lossless = b"VP8 " not in data
        options |= {"lossless": lossless, "quality": 100 if lossless else 90}
        options |= {"method": 4, "exact": lossless}
    elif fmt == "avif":
        options |= {"quality": 90, "speed": 6, "max_threads": 1}
    return options


def verify(data: bytes, fmt: str) -> None:
    """Opened again: the same format, every frame readable, nothing about it."""
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as image:
        if PILLOW_FORMATS.get(image.format or "") != fmt:
            raise damaged(f"cleaned, it reads as {image.format}")
        left = [key for key in image.info if key not in ("icc_profile",)]
        left = [k for k in left if any(w in k.lower() for w in METADATA_WORDS)]
        if left or len(image.getexif()) or getattr(image, "text", None):
            raise NotUsable(
                f"keeps metadata ({', '.join(left) or 'EXIF'}) that cannot be "
                f"removed here: {REFUSE_FIX}"
            )
        for frame in ImageSequence.Iterator(image):
            frame.load()


METADATA_WORDS = ("exif", "xmp", "xml", "comment", "iptc", "photoshop", "text")
