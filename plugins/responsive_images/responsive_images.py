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
left as written. The HTML is rewritten as a tree (plugins/html_allowlist's
parser and serializer), never as text: an attribute's quoting cannot turn
its value into markup.

Signals: `initialized` (main site: where the output and the cache are),
`all_generators_finalized` (every site: after every source is read and the
content cache saved, before anything is written). The encoding itself is in
encoding.py; variants are cached under IMAGE_CACHE_PATH (beside CACHE_PATH).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from pelican import Pelican, signals
from selectolax.lexbor import LexborNode

from html_allowlist import parse_fragment, serialize_fragment
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

IMG_START = re.compile(r"<img\b", re.I)
STATIC = re.compile(r"^[{|]static[}|](?P<target>.*)$")
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


def resolve(build: Build, source: Path, target: str) -> str | None:
    """images/photo.jpg for "{static}/images/photo.jpg" (or relative to the
    source's folder), or None when it leaves content/."""
    path = unquote(target).split("#", 1)[0].split("?", 1)[0]
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


def images_in(build: Build, content) -> list[tuple[dict[str, str], str | None]]:
    """Each <img> of a source's HTML (its attributes, as a browser reads them),
    with the content path it shows."""
    text = original(content)
    if not IMG_START.search(text):  # most pages: no parse at all
        return []
    return [
        (attributes(node), shown_path(build, content, attributes(node)))
        for node in parse_fragment(text).css("img")
    ]


def attributes(node: LexborNode) -> dict[str, str]:
    return {name.lower(): value or "" for name, value in node.attributes.items()}


def shown_path(build: Build, content, attrs: dict[str, str]) -> str | None:
    target = STATIC.match(attrs.get("src") or "")
    if not target:
        return None
    return resolve(build, Path(content.source_path), target["target"])


def linked_files(build: Build, content) -> Iterator[str]:
    """What a source links to with {static} (a plain link publishes the file)."""
    text = original(content)
    if "static" not in text:
        return
    for node in parse_fragment(text).css("[href]"):
        target = STATIC.match(node.attributes.get("href") or "")
        relative = target and resolve(build, Path(content.source_path), target[1])
        if relative:
            yield relative


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
        for _attrs, relative in images_in(build, content):
            if relative and Path(relative).suffix.lower() in RASTER_SUFFIXES:
                facts = facts_of(build, relative)
                if facts and not facts.passes_through:
                    embedded.add(relative)
                    for variants in variants_of(build, relative, facts).values():
                        wanted.extend(variants)
        linked.update(linked_files(build, content))
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
    body = parse_fragment(text) if IMG_START.search(text) else None
    shown = 0
    for node in body.css("img") if body is not None else ():
        attrs = attributes(node)
        relative = shown_path(build, content, attrs)
        facts = None
        if relative and Path(relative).suffix.lower() in RASTER_SUFFIXES:
            facts = facts_of(build, relative)
        if facts is None:
            continue  # SVG, another site's, or refused: left as written
        lazy = shown > 0
        shown += 1
        if facts.passes_through:
            plain_img(node, attrs, facts, lazy)
        else:
            node.replace_with(picture(build, node, relative, attrs, facts, lazy))
    if shown:
        content._content = serialize_fragment(body)
        forget_rendered(content)
    elif content._content is not text:  # the live preview read it again
        content._content = text
        forget_rendered(content)
    card_path = social_image_path(build, content)
    card = card_of(build, card_path) if card_path else None
    if card is not None:
        alt = str(content.metadata.get("image_alt") or "").strip()
        if not alt:
            alt = next(
                (a.get("alt") or "" for a, rel in images_in(build, content)
                 if rel == card_path),
                "",
            )  # fmt: skip
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


# What the editor's <img> said besides where it is and how big: kept.
SIZING = ("src", "srcset", "sizes", "width", "height", "loading", "decoding", "alt")


def set_image(img: LexborNode, attrs: dict[str, str], new: dict, lazy: bool) -> None:
    """An <img>'s attributes: `new` (where, how big), its alt, what else the
    editor gave it, and lazy loading below the first image. Set as a tree, so
    the serializer quotes every value."""
    for name in list(img.attributes):
        del img.attrs[name]
    for name, value in new.items():
        img.attrs[name] = str(value)
    img.attrs["alt"] = attrs.get("alt") or ""
    for name, value in attrs.items():
        if name not in SIZING:
            img.attrs[name] = value
    if lazy:
        img.attrs["loading"] = "lazy"
        img.attrs["decoding"] = "async"


def plain_img(img: LexborNode, attrs: dict[str, str], facts: Facts, lazy: bool):
    sizes = {"src": attrs.get("src") or "", "width": facts.width}
    set_image(img, attrs, {**sizes, "height": facts.height}, lazy)


def picture(
    build: Build,
    img: LexborNode,
    relative: str,
    attrs: dict[str, str],
    facts: Facts,
    lazy: bool,
) -> LexborNode:
    formats = variants_of(build, relative, facts)

    def srcset(variants: list[Variant]) -> str:
        return ", ".join(
            f"{url_of(build, v.name(relative))} {v.width}w" for v in variants
        )

    tree = img.parser
    element = tree.create_node("picture")
    for fmt, mime in MODERN_FORMATS:
        source = tree.create_node("source")
        source.attrs["type"] = mime
        source.attrs["srcset"] = srcset(formats[fmt])
        source.attrs["sizes"] = build.sizes
        element.insert_child(source)
    fallback = formats[facts.fallback]
    largest = fallback[-1]
    new = {
        "src": url_of(build, largest.name(relative)),
        "srcset": srcset(fallback),
        "sizes": build.sizes,
        "width": largest.width,
        "height": largest.height,
    }
    image = tree.create_node("img")
    set_image(image, attrs, new, lazy)
    element.insert_child(image)
    return element


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
