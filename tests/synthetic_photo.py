"""A photograph-like test image made here: no photo is invented for content/.

Smooth shapes, soft edges and sensor noise compress like a real photo
(2400 x 1600 is about 700 KB as a JPEG at quality 92), so byte budgets
measured on it mean something. Carries EXIF with a camera name and GPS
position, which the published variants must not.
"""

from __future__ import annotations

import random
from pathlib import Path

CAMERA = "BCC-TEST-CAMERA"


def photo(width: int = 2400, height: int = 1600, seed: int = 1):
    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    ramp = Image.linear_gradient("L").resize((width, height))
    glow = Image.radial_gradient("L").resize((width, height))
    image = Image.merge("RGB", [ramp, ramp.rotate(180), glow])
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y, r = rnd.uniform(0, width), rnd.uniform(0, height), rnd.uniform(20, 260)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r * rnd.uniform(0.4, 1.6), x + r, y + r), fill=colour)
    for _ in range(60):
        ends = [(rnd.uniform(0, width), rnd.uniform(0, height)) for _ in range(2)]
        colour = tuple(rnd.randrange(256) for _ in range(3))
        draw.line(ends, fill=colour, width=rnd.randrange(2, 14))
    image = image.filter(ImageFilter.GaussianBlur(6))
    noise = Image.merge(
        "RGB", [Image.effect_noise((width, height), 30) for _ in range(3)]
    )
    return Image.blend(image, noise, 0.16)


def save_photo(path: Path, width: int = 2400, height: int = 1600, **options) -> Path:
    """A JPEG with a camera name and a GPS position in its EXIF."""
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (34.0, 41.0, 0.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    photo(width, height).save(path, "JPEG", quality=92, exif=exif, **options)
    return path


# The photo content_with_photo puts in place, as a page links to it.
PHOTO_URL = "{static}/images/photo.jpg"


def content_with_photo(folder: Path) -> Path:
    """A copy of the site's content/ in folder, with a 600 x 400 photo at
    images/photo.jpg that no page shows yet."""
    import shutil

    from tests.built_site import ROOT

    content = Path(shutil.copytree(ROOT / "content", folder / "content"))
    save_photo(content / "images/photo.jpg", 600, 400)
    return content
