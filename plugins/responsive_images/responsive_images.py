"""Every photo an editor puts in a page, served at the size a reader's screen needs.

Owns: turning each `<img src="{static}/images/…">` of a page or article into
a `<picture>` with AVIF and WebP sources and the photo's own format as the
fallback, each in several widths (`srcset`), with a `sizes` that matches the
theme's reading column and `width`/`height` on the `<img>`, so nothing moves
while it loads; `loading="lazy"` and `decoding="async"` on every image but a
page's first. Also the 1200 x 630 link-preview picture of a page whose front
matter names one (`Image:`), as `social_image` for the templates.

Only the variants used are published: a photo's original (with its EXIF and
GPS data) is not, in any language's site, when a page of any language shows
it or names it as its `Image:`, unless a page of that site links to the file
itself. GIFs and animated
images are published as they are (with width and height); SVG is left as
written. What content_checks refuses (no alt text, not an image, too large)
never reaches here in a published build; while drafting, such an image is
left as written.

Signals: `initialized` (main site: where the output and the cache are),
`all_generators_finalized` (every site: after every source is read and the
content cache saved, before anything is written). The encoding itself is in
encoding.py; variants are cached under IMAGE_CACHE_PATH (beside CACHE_PATH).
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from pelican import Pelican, signals

from site_facts import file_stamp, forget_rendered, is_main_site

from .encoding import (
    MODERN_FORMATS,
    RASTER_SUFFIXES,
    Cache,
    Facts,
    Limits,
    NotUsable,
    Settings,
    Variant,
    file_digest,
    height_at,
    inspect,
    widths_for,
)

log = logging.getLogger(__name__)

IMG = re.compile(r"<img\b(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*?)\s*/?>", re.I)
IMG_START = re.compile(r"<img\b", re.I)
ATTR = re.compile(
    r"""(?P<name>[^\s=/>"']+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+)))?"""
)
STATIC = re.compile(r"^[{|]static[}|](?P<target>.*)$")
# A plain link to a file ([the full photo]({static}/images/x.jpg)) publishes it.
STATIC_LINK = re.compile(r"""\bhref\s*=\s*["']?[{|]static[}|](?P<target>[^"'\s>]+)""")
CONTENT_LISTS = (
    "articles", "translations", "drafts", "drafts_translations",
    "hidden_articles", "hidden_translations", "pages", "hidden_pages",
    "draft_pages", "draft_translations",
)  # fmt: skip
MIME = {"jpeg": "image/jpeg", "png": "image/png"}


@dataclass
class Build:
    """One build: where things go, and what is known of each image."""

    content: Path
    output: Path
    siteurl: str  # the main site's: variants live once, under /images/
    settings: Settings
    sizes: str
    limits: Limits
    cache: Cache
    facts: dict[str, tuple[tuple[int, int], Facts | None, str]] = field(
        default_factory=dict
    )
    written: set[str] = field(default_factory=set)
    # Variants the pages of this build show, published when it is written.
    to_publish: list[Variant] = field(default_factory=list)
    # Originals shown as variants or cards by any language's pages, and each
    # site read so far with the files its own pages link to (published).
    embedded: set[str] = field(default_factory=set)
    sites: list[tuple[list, set[str]]] = field(default_factory=list)


_BUILD: Build | None = None


def start(pelican: Pelican) -> None:
    global _BUILD
    settings = pelican.settings
    if not is_main_site(settings):
        return
    cache_folder = settings.get("IMAGE_CACHE_PATH") or os.path.join(
        os.path.dirname(os.path.normpath(settings["CACHE_PATH"])) or ".", "images"
    )
    _BUILD = Build(
        content=Path(settings["PATH"]).resolve(),
        output=Path(settings["OUTPUT_PATH"]),
        siteurl=settings.get("SITEURL", "").rstrip("/"),
        settings=settings_from(settings),
        sizes=settings.get("IMAGE_SIZES", "100vw"),
        limits=limits_from(settings),
        cache=Cache(Path(cache_folder)),
    )


def settings_from(settings: dict) -> Settings:
    default = Settings()
    return Settings(
        widths=tuple(settings.get("IMAGE_WIDTHS", default.widths)),
        quality=tuple(
            sorted(settings.get("IMAGE_QUALITY", dict(default.quality)).items())
        ),
    )


def limits_from(settings: dict) -> Limits:
    default = Limits()
    return Limits(
        max_bytes=settings.get("IMAGE_MAX_BYTES", default.max_bytes),
        max_side=settings.get("IMAGE_MAX_SIDE", default.max_side),
        max_pixels=settings.get("IMAGE_MAX_PIXELS", default.max_pixels),
    )


def attributes(text: str) -> dict[str, str | None]:
    """An <img>'s attributes, values as written (still HTML-escaped)."""
    found: dict[str, str | None] = {}
    for match in ATTR.finditer(text):
        value = next(
            (match[g] for g in ("dq", "sq", "bare") if match[g] is not None), None
        )
        found.setdefault(match["name"].lower(), value)
    return found


def resolve(build: Build, source: Path, target: str) -> str | None:
    """images/photo.jpg for "{static}/images/photo.jpg" (or relative to the
    source's folder), or None when it leaves content/."""
    path = unquote(html.unescape(target)).split("#", 1)[0].split("?", 1)[0]
    base = build.content if path.startswith("/") else source.parent
    full = os.path.normpath(base / path.lstrip("/"))
    relative = Path(os.path.relpath(full, build.content)).as_posix()
    return None if relative.startswith("../") or relative == ".." else relative


def facts_of(build: Build, relative: str) -> Facts | None:
    path = build.content / relative
    try:
        stat = path.stat()
    except OSError:
        return None
    stamp = file_stamp(stat)
    known = build.facts.get(relative)
    if known and known[0] == stamp:
        return known[1]
    try:
        facts: Facts | None = inspect(path, build.limits)
        digest = file_digest(path)
    except (NotUsable, OSError) as problem:
        # content_checks names the page and line; a draft shows it as written.
        log.debug("responsive_images: %s %s", relative, problem)
        facts, digest = None, ""
    build.facts[relative] = (stamp, facts, digest)
    return facts


def variants_of(build: Build, relative: str, facts: Facts) -> dict[str, list[Variant]]:
    """Format -> its variants, narrowest first (AVIF, WebP, then the fallback)."""
    digest = build.facts[relative][2]
    source = build.content / relative
    return {
        fmt: [
            Variant(source, digest, fmt, w, height_at(facts, w), build.settings)
            for w in widths_for(facts, build.settings)
        ]
        for fmt in (*(f for f, _ in MODERN_FORMATS), facts.fallback)
    }


def card_of(build: Build, relative: str) -> Variant | None:
    facts = facts_of(build, relative)
    if facts is None:
        return None
    digest = build.facts[relative][2]
    width, height = build.settings.card_size
    return Variant(
        build.content / relative, digest, "card", width, height, build.settings
    )


def contents_of(generators) -> list:
    found = []
    for generator in generators:
        for name in CONTENT_LISTS:
            found.extend(getattr(generator, name, None) or ())
    return list({id(c): c for c in found}.values())


def images_in(build: Build, content) -> list[tuple[re.Match, str | None]]:
    """Each <img> of a source's HTML, with the content path it shows."""
    found = []
    text = original(content)
    if not IMG_START.search(text):  # most pages: no copy, no full parse
        return found
    for match in IMG.finditer(text):
        src = attributes(match["attrs"]).get("src") or ""
        target = STATIC.match(src)
        relative = (
            resolve(build, Path(content.source_path), target["target"])
            if target
            else None
        )
        found.append((match, relative))
    return found


def original(content) -> str:
    """The HTML as read (kept, so the live preview can process it again)."""
    if not hasattr(content, "_responsive_source"):
        content._responsive_source = content._content
    return content._responsive_source


def social_image_path(build: Build, content) -> str | None:
    value = str(content.metadata.get("image") or "").strip()
    if not value:
        return None
    target = STATIC.match(value)
    value = target["target"] if target else value
    return resolve(build, build.content / "x", "/" + value.lstrip("/"))


def process(generators) -> None:
    """After every source of a site is read: plan, encode what is missing,
    rewrite each page's images, publish the variants used."""
    build = _BUILD
    if build is None or not generators:
        return
    contents = [c for c in contents_of(generators) if getattr(c, "_content", None)]
    wanted: list[Variant] = []
    embedded: set[str] = set()
    linked: set[str] = set()
    for content in contents:
        for _match, relative in images_in(build, content):
            if relative and Path(relative).suffix.lower() in RASTER_SUFFIXES:
                facts = facts_of(build, relative)
                if facts and not facts.passes_through:
                    embedded.add(relative)
                    for variants in variants_of(build, relative, facts).values():
                        wanted.extend(variants)
        text = original(content)
        # The pattern starts at a word boundary: scanning every page's HTML
        # for one cost more than the rest of this loop, for pages without it.
        for link in STATIC_LINK.finditer(text) if "static" in text else ():
            relative = resolve(build, Path(content.source_path), link["target"])
            if relative:
                linked.add(relative)
        card_path = social_image_path(build, content)
        if card_path and Path(card_path).suffix.lower() in RASTER_SUFFIXES:
            card = card_of(build, card_path)
            if card:
                wanted.append(card)
                embedded.add(card_path)
    # i18n_subsites builds each language's site in turn, and a site publishes
    # its static files after every later site has read its sources: a photo
    # only the English pages show is kept out of the Japanese site too.
    build.embedded |= embedded
    build.sites.append((generators, linked))
    for site_generators, site_linked in build.sites:
        keep_originals_out(site_generators, build.embedded - site_linked)
    if not wanted and not contents:
        return
    before = build.cache.encoded
    build.cache.make(wanted)
    for content in contents:
        rewrite(build, content)
    # Published with the site (finish), never before: until the sites are
    # written, a content check may still stop the build, which then must
    # have written nothing.
    build.to_publish.extend(wanted)
    if is_main_site(generators[0].settings) and wanted:
        log.info(
            "responsive_images: %d image files encoded, %d taken from the cache",
            build.cache.encoded - before,
            len(set(wanted)) - (build.cache.encoded - before),
        )


def rewrite(build: Build, content) -> None:
    text = original(content)
    pieces: list[str] = []
    position = 0
    shown = 0
    for match, relative in images_in(build, content):
        facts = None
        if relative and Path(relative).suffix.lower() in RASTER_SUFFIXES:
            facts = facts_of(build, relative)
        if facts is None:
            continue  # SVG, another site's, or refused: left as written
        attrs = attributes(match["attrs"])
        lazy = shown > 0
        shown += 1
        pieces.append(text[position : match.start()])
        if facts.passes_through:
            pieces.append(plain_img(attrs, facts, lazy))
        else:
            pieces.append(picture(build, relative, attrs, facts, lazy))
        position = match.end()
    if pieces or content._content is not text:  # else it is the HTML as read
        pieces.append(text[position:])
        content._content = "".join(pieces)
        forget_rendered(content)
    card_path = social_image_path(build, content)
    card = card_of(build, card_path) if card_path else None
    if card is not None:
        alt = str(content.metadata.get("image_alt") or "").strip()
        if not alt:
            alt = next(
                (
                    html.unescape(attributes(m["attrs"]).get("alt") or "")
                    for m, rel in images_in(build, content)
                    if rel == card_path
                ),
                "",
            )
        content.social_image = {
            "url": url_of(build, card.name(card_path)),
            "width": card.width,
            "height": card.height,
            "alt": alt,
        }


def refresh(content) -> None:
    """The live preview (plugins/live_update) gave this content object the
    HTML of its source read again: process that instead of what was kept."""
    if _BUILD is None:
        return
    if hasattr(content, "_responsive_source"):
        del content._responsive_source
    rewrite(_BUILD, content)


def url_of(build: Build, name: str) -> str:
    return f"{build.siteurl}/{name}"


def loading(lazy: bool) -> str:
    return ' loading="lazy" decoding="async"' if lazy else ""


def kept_attributes(attrs: dict[str, str | None]) -> str:
    """What the editor's <img> said besides where it is and how big."""
    skip = {"src", "srcset", "sizes", "width", "height", "loading", "decoding", "alt"}
    return "".join(
        f' {name}="{value}"' if value is not None else f" {name}"
        for name, value in attrs.items()
        if name not in skip
    )


def plain_img(attrs: dict[str, str | None], facts: Facts, lazy: bool) -> str:
    return (
        f'<img src="{attrs.get("src")}" width="{facts.width}" height="{facts.height}"'
        f' alt="{attrs.get("alt") or ""}"{kept_attributes(attrs)}{loading(lazy)}>'
    )


def picture(
    build: Build, relative: str, attrs: dict[str, str | None], facts: Facts, lazy: bool
) -> str:
    formats = variants_of(build, relative, facts)

    def srcset(variants: list[Variant]) -> str:
        return ", ".join(
            f"{url_of(build, v.name(relative))} {v.width}w" for v in variants
        )

    sources = "".join(
        f'<source type="{mime}" srcset="{srcset(formats[fmt])}" sizes="{build.sizes}">'
        for fmt, mime in MODERN_FORMATS
    )
    fallback = formats[facts.fallback]
    largest = fallback[-1]
    return (
        f"<picture>{sources}"
        f'<img src="{url_of(build, largest.name(relative))}"'
        f' srcset="{srcset(fallback)}" sizes="{build.sizes}"'
        f' width="{largest.width}" height="{largest.height}"'
        f' alt="{attrs.get("alt") or ""}"{kept_attributes(attrs)}{loading(lazy)}>'
        "</picture>"
    )


def publish(build: Build, variant: Variant) -> None:
    """Copy one variant from the cache into the output (once per build)."""
    name = variant.name(variant.source.relative_to(build.content).as_posix())
    if name in build.written:
        return
    target = build.output / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file():  # its name carries its digest: same name, same bytes
        shutil.copyfile(build.cache.path(variant), target)
    build.written.add(name)


def keep_originals_out(generators, dropped: set[str]) -> None:
    """Pelican copies every file of content/images/; not the originals of
    photos the pages show as variants (their EXIF and GPS data stay home)."""
    if not dropped:
        return
    for generator in generators:
        context = getattr(generator, "context", None)
        if context is None or "staticfiles" not in context:
            continue
        context["staticfiles"] = [
            static
            for static in context["staticfiles"]
            if static.get_relative_source_path() not in dropped
        ]


def finish(pelican: Pelican) -> None:
    if is_main_site(pelican.settings) and _BUILD is not None:
        for variant in dict.fromkeys(_BUILD.to_publish):
            publish(_BUILD, variant)
        _BUILD.to_publish.clear()
        _BUILD.written.clear()
        _BUILD.embedded.clear()
        _BUILD.sites.clear()


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(process)
    signals.finalized.connect(finish)
