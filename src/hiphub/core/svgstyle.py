"""matplotlib's SVG, restyled so it renders under the site's Content-Security-Policy.

matplotlib writes every colour and font as an inline `style="..."` attribute plus one `<style>`
element. Inside an `<img>` that is harmless, but an SVG opened on its own is a document of its
own, and the site's `style-src 'self'` blocks every inline style in it: the chart turns black.
Rather than relax the policy for SVG responses (which would let any text that ever reaches an
SVG carry CSS), each style declaration becomes the equivalent SVG presentation attribute,
which a CSP does not govern and which draws the same.
"""

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
NAMESPACES = {
    "": SVG_NS,
    "xlink": XLINK_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",  # matplotlib's <metadata>
    "dc": "http://purl.org/dc/elements/1.1/",
    "cc": "http://creativecommons.org/ns#",
}


def _register_namespaces() -> None:
    """ElementTree's prefixes are global, and other libraries change them (WeasyPrint maps
    the empty prefix to no namespace when it loads), so they are set again before each write:
    otherwise the SVG comes out as <ns0:svg>."""
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)


_register_namespaces()

# Every property SVG 1.1 also accepts as a presentation attribute.
PRESENTATION = frozenset(
    (
        "alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color",
        "color-interpolation", "color-interpolation-filters", "color-profile", "color-rendering",
        "cursor", "direction", "display", "dominant-baseline", "enable-background", "fill",
        "fill-opacity", "fill-rule", "filter", "flood-color", "flood-opacity", "font-family",
        "font-size", "font-size-adjust", "font-stretch", "font-style", "font-variant",
        "font-weight", "glyph-orientation-horizontal", "glyph-orientation-vertical",
        "image-rendering", "kerning",
        "letter-spacing", "lighting-color", "marker-end", "marker-mid", "marker-start", "mask",
        "opacity", "overflow", "pointer-events", "shape-rendering", "stop-color", "stop-opacity",
        "stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
        "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-anchor", "text-decoration",
        "text-rendering", "unicode-bidi", "visibility", "word-spacing", "writing-mode",
    )
)
_RULE = re.compile(r"^\s*\*\s*\{(?P<body>[^}]*)\}\s*$")


class UnsupportedStyleError(ValueError):
    """A style that has no presentation attribute (a new matplotlib may write one)."""


def _declarations(style: str) -> list[tuple[str, str]]:
    pairs = []
    for part in style.split(";"):
        if not part.strip():
            continue
        name, _, value = part.partition(":")
        name = name.strip().lower()
        if name not in PRESENTATION:
            raise UnsupportedStyleError(f"no SVG presentation attribute for {name!r}")
        pairs.append((name, value.strip()))
    return pairs


def without_inline_styles(svg: bytes) -> bytes:
    """The same drawing with every `style` attribute and `<style>` element turned into
    presentation attributes. Raises UnsupportedStyleError for a style it cannot carry over."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output, never a user's file
    parents = {child: parent for parent in root.iter() for child in parent}
    for sheet in list(root.iter(f"{{{SVG_NS}}}style")):
        rule = _RULE.match(sheet.text or "")
        if rule is None:
            raise UnsupportedStyleError(f"a style sheet other than one '*' rule: {sheet.text!r}")
        # matplotlib's one rule sets inherited properties for everything: the root carries them.
        for name, value in _declarations(rule.group("body")):
            root.set(name, value)
        parents[sheet].remove(sheet)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style is not None:
            for name, value in _declarations(style):
                element.set(name, value)
    _register_namespaces()
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body
