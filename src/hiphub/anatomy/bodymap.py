"""The front and back body maps of the pain regions, as SVG drawn from body_regions.toml.

Each region (the saddle alert area included) is an ellipse carrying `data-region`; the map is a
pointer shortcut for the checkbox list beside it (bodymap.js keeps them in step), so it is
hidden from screen readers.
"""

import functools
import xml.etree.ElementTree as ET

from hiphub.anatomy.atlas import load

WIDTH, HEIGHT = 200, 400
VIEW_NAMES = {"front": "Front", "back": "Back"}

# A calm schematic outline for orientation: head, shoulders and arms, trunk, then two legs
# (viewer's left and right). The regions sit on the trunk and legs; the arms hang clear of them.
SILHOUETTE = (
    "M70 20 Q100 10 130 20 L140 120 Q146 160 142 180 L140 300 L132 390 L106 390 L104 200 "
    "L96 200 L94 390 L68 390 L60 300 L58 180 Q54 160 60 120 Z"
)
HEAD = {"cx": "100", "cy": "-12", "r": "17"}
NECK = "M92 2 L92 14 M108 2 L108 14"
ARMS = (
    "M70 20 Q52 22 46 40 L34 118 Q31 150 36 176 L42 176 Q44 150 46 124 L58 62 "
    "M130 20 Q148 22 154 40 L166 118 Q169 150 164 176 L158 176 Q156 150 154 124 L142 62"
)
VIEWBOX = "20 -36 160 432"


def _ellipses(
    shapes: tuple[tuple[float, float, float, float], ...], midline: bool
) -> list[tuple[float, ...]]:
    out: list[tuple[float, ...]] = []
    for cx, cy, rx, ry in shapes:
        out.append((cx, cy, rx, ry))
        if not midline:
            out.append((WIDTH - cx, cy, rx, ry))
    return out


@functools.cache
def body_map(view: str, selected: frozenset[str] = frozenset()) -> str:
    if view not in VIEW_NAMES:
        raise ValueError(f"view must be one of {', '.join(VIEW_NAMES)}")
    atlas = load()
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": VIEWBOX,
            "class": f"bodymap bodymap-{view}",
            "aria-hidden": "true",
            "focusable": "false",
            "data-view": view,
        },
    )
    outline = {"class": "silhouette", "fill": "#f4efe6", "stroke": "#b9ae9c"}
    ET.SubElement(svg, "path", {"d": ARMS, **outline})
    ET.SubElement(svg, "path", {"d": NECK, "stroke": "#b9ae9c", "fill": "none"})
    ET.SubElement(svg, "circle", {**HEAD, **outline})
    ET.SubElement(svg, "path", {"d": SILHOUETTE, **outline})
    label = ET.SubElement(
        svg, "text", {"x": "100", "y": "-8", "text-anchor": "middle", "class": "bodymap-label"}
    )
    label.text = VIEW_NAMES[view]
    # Larger regions first, so a small region drawn over a larger one stays whole to tap.
    shapes = sorted(
        (
            (region, ellipse)
            for region in atlas.pain_regions.values()
            for ellipse in _ellipses(region.shapes[view], region.midline)
        ),
        key=lambda found: -found[1][2] * found[1][3],
    )
    for region, (cx, cy, rx, ry) in shapes:
        on = region.id in selected
        shape = ET.SubElement(
            svg,
            "ellipse",
            {
                "cx": f"{cx:g}",
                "cy": f"{cy:g}",
                "rx": f"{rx:g}",
                "ry": f"{ry:g}",
                "class": "region is-on" if on else "region",
                "data-region": region.id,
                "fill": "#b5473a" if on else "#8fa9a0",
                "fill-opacity": "0.75" if on else "0.35",
            },
        )
        ET.SubElement(shape, "title").text = region.name
    return ET.tostring(svg, encoding="unicode")
