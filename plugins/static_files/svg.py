"""Whether an SVG file may be published: an allowlist, read as a browser reads it.

An SVG opened on its own is a document on the site's origin, outside the
pages' security policy (GitHub Pages sends no headers). So a file is
published only when everything in it is known to be inert: elements and
attributes by namespace-resolved name (a `<s:script>` in the SVG namespace
is a script), `href` and `xlink:href` only to a fragment of the same file
(`#id`), CSS (a `<style>` element, a `style` attribute, presentation
attributes) with no at-rule, no escape and no function but colours,
`calc()`, transforms and `url(#id)`. No DOCTYPE (so no entity can hide
anything), no processing instruction, text in UTF-8 only (the encoding a
browser and this check agree on whatever the server says).

Parsed with the standard library's expat after those byte checks, with
namespace processing; the DOCTYPE handler refuses before any declaration is
read, so no entity is ever expanded. Pure: bytes in, (line, reason) out.
"""

from __future__ import annotations

import re
from xml.parsers import expat

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
FIX = (
    "export it again as a plain drawing (Inkscape: Save As… Plain SVG, or "
    "SVGO), or save it as a PNG"
)


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FILTERS = (
    "filter feBlend feColorMatrix feComponentTransfer feComposite "
    "feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight "
    "feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur "
    "feMerge feMergeNode feMorphology feOffset fePointLight "
    "feSpecularLighting feSpotLight feTile feTurbulence"
)
# SVG elements that draw or describe (no script, foreignObject, image, a,
# animation, feImage, fonts: each can run, load or navigate).
ELEMENTS = words(
    "svg g defs symbol use title desc metadata style switch path rect "
    "circle ellipse line polyline polygon text tspan textPath "
    "linearGradient radialGradient stop pattern clipPath mask marker "
    f"{FILTERS}"
)
ATTRIBUTES = words(
    """
    id class style transform d x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width
    height viewBox preserveAspectRatio points pathLength version baseProfile
    fill fill-opacity fill-rule stroke stroke-width stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset
    stroke-opacity opacity clip-path clip-rule mask filter color display
    visibility overflow vector-effect shape-rendering text-rendering
    image-rendering color-interpolation color-interpolation-filters
    paint-order mix-blend-mode isolation transform-origin transform-box
    font-family font-size font-weight font-style font-variant font-stretch
    text-anchor dominant-baseline alignment-baseline baseline-shift
    letter-spacing word-spacing text-decoration writing-mode direction
    unicode-bidi dx dy rotate textLength lengthAdjust startOffset method
    spacing side offset stop-color stop-opacity gradientUnits
    gradientTransform spreadMethod patternUnits patternContentUnits
    patternTransform clipPathUnits maskUnits maskContentUnits markerWidth
    markerHeight markerUnits refX refY orient marker-start marker-mid
    marker-end filterUnits primitiveUnits in in2 result stdDeviation mode
    type values operator k1 k2 k3 k4 flood-color flood-opacity
    lighting-color baseFrequency numOctaves seed stitchTiles scale
    xChannelSelector yChannelSelector radius tableValues slope intercept
    amplitude exponent kernelMatrix kernelUnitLength order divisor bias
    targetX targetY edgeMode preserveAlpha surfaceScale diffuseConstant
    specularConstant specularExponent azimuth elevation pointsAtX pointsAtY
    pointsAtZ limitingConeAngle z lang role focusable tabindex
    aria-label aria-labelledby aria-describedby aria-hidden
    requiredExtensions systemLanguage
    """
)
# Namespaced attributes (as expat names them: "namespace name").
NAMESPACED = frozenset({f"{XML} space", f"{XML} lang"})
HREFS = frozenset({"href", f"{XLINK} href"})
# Attributes of words, not CSS: never read as a URL or a style.
WORDS = (
    words(
        "id class lang role aria-label aria-labelledby aria-describedby "
        "aria-hidden focusable tabindex version baseProfile systemLanguage "
        "requiredExtensions"
    )
    | NAMESPACED
)
# CSS functions that only compute a colour, a length or a transform.
CSS_FUNCTIONS = words(
    "rgb rgba hsl hsla calc min max clamp url matrix translate translatex "
    "translatey scale scalex scaley rotate skew skewx skewy"
)
CSS_FUNCTION = re.compile(r"([A-Za-z_-][\w-]*)\s*\(")
FRAGMENT_URL = re.compile(r"\s*(['\"]?)#[^'\")\s]+\1\s*\)")
DECLARED = re.compile(r"""^<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)""")
UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}
BOMS = {
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
    b"\x00\x00\xfe\xff": "UTF-32",
}


class Refused(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def svg_problem(data: bytes) -> tuple[int, str] | None:
    """(line, why and how to fix) when the SVG may not be published."""
    try:
        check_encoding(data)
        Checker().parse(data)
    except Refused as refused:
        return refused.line, refused.reason
    return None


def check_encoding(data: bytes) -> None:
    named = next((name for bom, name in BOMS.items() if data.startswith(bom)), None)
    if named or b"\x00" in data:
        raise Refused(1, f"is saved as {named or 'UTF-16 or UTF-32'}: {utf8_fix()}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Refused(line, f"is not UTF-8 text: {utf8_fix()}") from None
    declared = DECLARED.match(text)
    if declared and declared[1].strip().lower() not in UTF8_NAMES:
        raise Refused(1, f'declares encoding="{declared[1]}": {utf8_fix()}')


def utf8_fix() -> str:
    return 'save it as UTF-8 (and encoding="UTF-8" in its first line, if any)'


def css_problem(css: str, *, sheet: bool) -> str | None:
    """Why CSS (a style sheet, or one value) could load or hide something."""
    if sheet and "@" in css:
        return "an @-rule in its CSS (@import and @font-face load other files)"
    if "\\" in css:
        return "a backslash escape in its CSS (escapes can hide a url())"
    for call in CSS_FUNCTION.finditer(css):
        name = call[1].lower()
        if name not in CSS_FUNCTIONS:
            return f'"{call[1]}(" in its CSS, which may load another file'
        if name == "url" and not FRAGMENT_URL.match(css, call.end()):
            return "a url() to another file in its CSS (only url(#id) is allowed)"
    return None


def element_reason(name: str) -> str:
    namespace, _, local = name.rpartition(" ")
    if namespace != SVG:
        where = f"namespace {namespace}" if namespace else "no namespace"
        return f"a <{local}> element in {where}, which is not SVG"
    reasons = {
        "script": "a script, which runs when the file is opened",
        "foreignObject": "a <foreignObject>, which embeds HTML",
        "image": "an <image>, which loads or embeds another file",
        "a": "a link (<a>)",
    }
    return reasons.get(local, f"a <{local}> element, which is not on the allowlist")


def attribute_reason(name: str, value: str) -> str | None:
    if name in HREFS:
        target = value.strip()
        if target.startswith("#") and len(target) > 1:
            return None
        return f'a link to "{value}": only links inside the file (#id) are allowed'
    local = name.rpartition(" ")[2]
    if local.lower().startswith("on"):
        return f'an event handler ({local}="…"), which runs a script'
    if name not in ATTRIBUTES and name not in NAMESPACED:
        return f'an attribute "{local}" that is not on the allowlist'
    if name in WORDS:
        return None
    problem = css_problem(value, sheet=name == "style")
    return f'{problem} (attribute "{local}")' if problem else None


class Checker:
    """One parse: raises Refused at the first thing not allowed."""

    def __init__(self) -> None:
        parser = expat.ParserCreate("UTF-8", " ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        parser.ExternalEntityRefHandler = self.doctype
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        self.parser = parser
        self.open: list[str] = []
        self.style: list[str] = []

    def refuse(self, reason: str) -> None:
        raise Refused(self.parser.CurrentLineNumber, f"has {reason}: {FIX}")

    def parse(self, data: bytes) -> None:
        try:
            self.parser.Parse(data.removeprefix(b"\xef\xbb\xbf"), True)
        except expat.ExpatError as error:
            message = expat.errors.messages[error.code]
            raise Refused(error.lineno, f"is not well-formed XML ({message})") from None

    def doctype(self, *_args) -> None:
        self.refuse("a DOCTYPE (its entities can hide anything)")

    def instruction(self, target: str, _data: str) -> None:
        self.refuse(f'a processing instruction "<?{target}"')

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.open and self.open[-1] == f"{SVG} style":
            # A browser applies a <style>'s own text around what it holds:
            # nothing may hide inside one from the CSS check.
            self.refuse("a <style> holds only CSS text: move the element out of it")
        if not self.open and name != f"{SVG} svg":
            self.refuse("no <svg> element in the SVG namespace at its root")
        if name.rpartition(" ")[0] != SVG or name.rpartition(" ")[2] not in ELEMENTS:
            self.refuse(element_reason(name))
        for attribute, value in attributes.items():
            reason = attribute_reason(attribute, value)
            if reason:
                self.refuse(reason)
        self.open.append(name)
        self.style = [] if name == f"{SVG} style" else self.style

    def text(self, data: str) -> None:
        if self.open and self.open[-1] == f"{SVG} style":
            self.style.append(data)

    def end(self, name: str) -> None:
        self.open.pop()
        if name == f"{SVG} style":
            problem = css_problem("".join(self.style), sheet=True)
            if problem:
                self.refuse(problem)
