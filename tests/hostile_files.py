"""Files an editor might put in content/images/: hostile SVGs, PDFs, and
images carrying GPS and a camera's serial number, made here (none is
committed). Shared by tests/test_static_files*.py; imports no plugin, so the
build tests run against any version of the site.
"""

from __future__ import annotations

import io
import zlib

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
# Each runs a script or loads from another origin when the file is opened.
HOSTILE_SVGS = {
    "namespaced script": (
        f'{SVG_OPEN}<s:script xmlns:s="http://www.w3.org/2000/svg">'
        "window.ran = 1</s:script></svg>",
        "a script",
    ),
    "script in a DTD entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x "&#60;script>'
        'window.ran = 1&#60;/script>">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        "a DOCTYPE",
    ),
    "UTF-16": (
        (f"{SVG_OPEN}<script>window.ran = 1</script></svg>").encode("utf-16"),
        "is saved as UTF-16",
    ),
    "@import in <style>": (
        f"{SVG_OPEN}<style>@import url(https://example.com/x.css);</style></svg>",
        "@-rule",
    ),
    "entity-encoded href": (
        f'{SVG_OPEN}<use href="&#x68;ttps://example.com/s.svg#a"/></svg>',
        'a link to "https://example.com/s.svg#a"',
    ),
    "foreignObject": (
        f'{SVG_OPEN}<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" '
        'src="x" onerror="window.ran = 1"/></foreignObject></svg>',
        "<foreignObject>",
    ),
    "onload": (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="window.ran = 1"/>',
        "an event handler (onload",
    ),
    "xlink:href to javascript:": (
        f'{SVG_OPEN}<use xlink:href="javascript:window.ran = 1"/></svg>',
        'a link to "javascript:',
    ),
    "external <use>": (
        f'{SVG_OPEN}<use href="https://example.com/icons.svg#star"/></svg>',
        "only links inside the file",
    ),
    "url() to another origin in a style attribute": (
        f'{SVG_OPEN}<rect style="fill: url(https://example.com/p.svg#g)"/></svg>',
        "a url() to another file",
    ),
    "a CSS escape": (
        f"{SVG_OPEN}<style>rect {{ fill: u\\72l(//example.com/x) }}</style></svg>",
        "backslash",
    ),
    "xml-stylesheet": (
        '<?xml-stylesheet href="https://example.com/x.css"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"/>',
        "processing instruction",
    ),
    "XHTML script in the SVG": (
        f'{SVG_OPEN}<h:script xmlns:h="http://www.w3.org/1999/xhtml">'
        "window.ran = 1</h:script></svg>",
        "which is not SVG",
    ),
    "SMIL <set> to javascript:": (
        f'{SVG_OPEN}<set attributeName="href" to="javascript:1"/></svg>',
        "<set>",
    ),
    "a <style> inside a <style> (its CSS was never read)": (
        f"{SVG_OPEN}<style>@import url(https://example.com/x.css); svg "
        "{background:url(https://example.com/bg.png)}<style></style></style></svg>",
        "holds only CSS text",
    ),
}
# A typical drawn icon: gradients, a style sheet, a symbol used by id.
SAFE_ICON = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 64 64" width="64" height="64" role="img" aria-label="Star (gold)">
  <title>Star</title>
  <defs>
    <linearGradient id="gold" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#ffd54f"/><stop offset="1" stop-color="#ff8f00"/>
    </linearGradient>
    <filter id="soft"><feGaussianBlur stdDeviation="0.5"/></filter>
    <symbol id="star" viewBox="0 0 10 10"><path d="M5 0 6 4 10 4 7 6 8 10 5 7 2 10 3 6 0 4 4 4Z"/></symbol>
  </defs>
  <style><![CDATA[ .star { fill: url(#gold); stroke: rgb(120 60 0); } ]]></style>
  <use xlink:href="#star" class="star" width="64" height="64" filter="url(#soft)"
       transform="rotate(5 32 32) translate(1, 1)" style="opacity: .9"/>
</svg>
"""


def pdf(*objects: bytes) -> bytes:
    body = b"".join(
        b"%d 0 obj\n%s\nendobj\n" % (number, text)
        for number, text in enumerate(objects, 1)
    )
    return b"%PDF-1.7\n" + body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


PLAIN_PDF = pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>")


def object_stream(text: bytes) -> bytes:
    packed = zlib.compress(text)
    return (
        b"<< /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (
            len(packed),
            packed,
        )
    )


def exif_with_gps(orientation: int | None = None):
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BCC-TEST-CAMERA"
    exif[ExifTags.Base.BodySerialNumber] = "SERIAL-12345"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (34.0, 41.0, 0.0)
    return exif


def frames(count: int, mode: str = "RGB", size=(60, 40)):
    from PIL import Image

    colours = [(200, 30 * i, 90, 255)[: len(mode)] for i in range(count)]
    return [Image.new(mode, size, colour) for colour in colours]


def animation(fmt: str, mode: str = "RGB", **options) -> bytes:
    pictures = frames(3, mode)
    out = io.BytesIO()
    pictures[0].save(
        out,
        fmt,
        save_all=True,
        append_images=pictures[1:],
        duration=[100, 200, 300],
        loop=2,
        **options,
    )
    return out.getvalue()


def frames_of(data: bytes) -> list[tuple[tuple[int, int], int, tuple]]:
    from PIL import Image, ImageSequence

    found = []
    with Image.open(io.BytesIO(data)) as image:
        for frame in ImageSequence.Iterator(image):
            frame.load()  # WebP says a frame's duration once it is read
            pixel = frame.convert("RGB").getpixel((0, 0))
            found.append((frame.size, frame.info.get("duration"), pixel))
    return found


def assert_clean(data: bytes) -> None:
    from PIL import ExifTags, Image

    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert len(exif) == 0
        assert not {"exif", "xmp", "comment"} & image.info.keys()
    for secret in (b"BCC-TEST-CAMERA", b"SERIAL-12345", b"secret"):
        assert secret not in data


def tiny_gif(width: int, height: int, frames: int, hidden: bytes = b"") -> bytes:
    """A GIF of 1 x 1 frames on a width x height canvas; `hidden`, if any, is
    a data sub-block after its NETSCAPE2.0 loop count (and after each
    frame's timing), where no viewer looks and a careless tool may write."""
    import struct

    data = bytearray(b"GIF89a" + struct.pack("<HH", width, height))
    data += bytes([0x80, 0, 0]) + b"\x00\x00\x00\xff\xff\xff"
    more = bytes([len(hidden)]) + hidden if hidden else b""
    data += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00" + more + b"\x00"
    for index in range(frames):
        data += b"\x21\xf9\x04\x04\x02\x00\x00\x00"[:-1] + more + b"\x00"
        data += b"\x2c" + struct.pack("<HHHH", index % width, 0, 1, 1)
        data += b"\x00\x02\x02\x44\x01\x00"
    return bytes(data + b";")
