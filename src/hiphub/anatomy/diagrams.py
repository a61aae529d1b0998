"""Schematic SVG diagrams drawn from the landmark coordinates, never by hand per muscle.

Each bone is drawn as the outline (convex hull) of its landmarks, mirrored for the other side
of the body; a muscle is drawn as the outline of its attachments with fibres from each origin
toward its insertions. Three views: from the front, from the back and from the left side.
The SVG uses classes for the site stylesheet plus plain presentation attributes, so it is
CSP-safe inline and readable as a standalone file. Results are cached per muscle and view.
"""

import functools
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from scipy.spatial import ConvexHull

from hiphub.anatomy import graph
from hiphub.anatomy.atlas import Atlas, Muscle, load

VIEWS = {
    "front": "from the front",
    "back": "from the back",
    "side": "from the left side",
}
SCALE = 3.0  # pixels per centimetre of the schematic frame
PAD = 12.0
Point = tuple[float, float]
Node = tuple[str, str]  # ("muscle" or "bone", id), private to the hub drawing


def _project(view: str, at: tuple[float, float, float], mirror: bool = False) -> Point:
    x, y, z = at
    if mirror:
        x = -x
    # From the front the body's left is on the viewer's right; from the back it is on the left.
    # From the left side the front of the body faces the viewer's left.
    across = {"front": x, "back": -x, "side": -z}[view]
    return across * SCALE, -y * SCALE


def _hull(points: list[Point], thickness: float = 0.0) -> list[Point]:
    """The outline around the points; `thickness` widens each point to a small square first."""
    if thickness:
        d = thickness * SCALE / 2
        points = [(x + dx, y + dy) for x, y in points for dx in (-d, d) for dy in (-d, d)]
    unique = list(dict.fromkeys((round(x, 2), round(y, 2)) for x, y in points))
    if len(unique) < 3:
        return unique
    hull = ConvexHull(unique, qhull_options="QJ")  # QJ copes with points in a line
    return [unique[i] for i in hull.vertices]


def _points_attr(points: Iterable[Point]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _bounds(atlas: Atlas, view: str) -> tuple[float, float, float, float]:
    points = [_project(view, lm.at, m) for lm in atlas.landmarks.values() for m in (False, True)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs) - PAD, min(ys) - PAD, max(xs) - min(xs) + 2 * PAD, max(ys) - min(ys) + 2 * PAD


def _shape(parent: ET.Element, points: list[Point], cls: str, fill: str, stroke: str) -> ET.Element:
    if len(points) >= 3:
        return ET.SubElement(
            parent,
            "polygon",
            {
                "points": _points_attr(points),
                "class": cls,
                "fill": fill,
                "stroke": stroke,
                "stroke-width": "2.5",
                "stroke-linejoin": "round",
            },
        )
    return ET.SubElement(
        parent,
        "polyline",
        {
            "points": _points_attr(points),
            "class": cls,
            "fill": "none",
            "stroke": stroke,
            "stroke-width": "5",
            "stroke-linecap": "round",
        },
    )


def _draw_bones(svg: ET.Element, atlas: Atlas, view: str) -> None:
    group = ET.SubElement(svg, "g", {"class": "bones"})
    sides = (False,) if view == "side" else (False, True)
    for bone in atlas.bones.values():
        landmarks = [lm for lm in atlas.landmarks.values() if lm.bone == bone.id]
        if bone.midline and view != "side":
            points = [_project(view, lm.at, m) for lm in landmarks for m in (False, True)]
            outlines = [points]
        else:
            outlines = [[_project(view, lm.at, m) for lm in landmarks] for m in sides]
        for points in outlines:
            shape = _shape(group, _hull(points, thickness=1.6), "bone", "#e9e4da", "#b9ae9c")
            ET.SubElement(shape, "title").text = bone.name


def _draw_muscle(svg: ET.Element, atlas: Atlas, muscle: Muscle, view: str) -> None:
    colour = "#b5473a"
    group = ET.SubElement(svg, "g", {"class": "muscle", "data-muscle": muscle.id})
    ET.SubElement(group, "title").text = muscle.name
    points = [_project(view, atlas.landmarks[lm].at) for lm in muscle.attachments]
    outline = _shape(group, _hull(points), "muscle-body", colour, colour)
    outline.set("fill-opacity", "0.35")
    ends = [_project(view, atlas.landmarks[lm].at) for lm in muscle.insertions]
    for origin in muscle.origins:
        start = _project(view, atlas.landmarks[origin].at)
        end = min(ends, key=lambda e: (e[0] - start[0]) ** 2 + (e[1] - start[1]) ** 2)
        ET.SubElement(
            group,
            "line",
            {
                "x1": f"{start[0]:.1f}",
                "y1": f"{start[1]:.1f}",
                "x2": f"{end[0]:.1f}",
                "y2": f"{end[1]:.1f}",
                "class": "fibre",
                "stroke": colour,
                "stroke-width": "1.5",
            },
        )
    for role, landmarks in (("origin", muscle.origins), ("insertion", muscle.insertions)):
        for lm in landmarks:
            x, y = _project(view, atlas.landmarks[lm].at)
            dot = ET.SubElement(
                group,
                "circle",
                {
                    "cx": f"{x:.1f}",
                    "cy": f"{y:.1f}",
                    "r": "3",
                    "class": f"attachment {role}",
                    "fill": colour,
                },
            )
            ET.SubElement(dot, "title").text = f"{role}: {atlas.landmarks[lm].name}"


@functools.cache
def diagram(view: str, muscle_id: str | None = None) -> str:
    """An SVG of the lumbar spine, pelvis and femurs from one side, a muscle highlighted."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}")
    atlas = load()
    focus = atlas.muscle(muscle_id) if muscle_id else None
    x, y, width, height = _bounds(atlas, view)
    title = f"{focus.name}, {VIEWS[view]}" if focus else f"Spine, pelvis and thighs, {VIEWS[view]}"
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"{x:.0f} {y:.0f} {width:.0f} {height:.0f}",
            "class": f"diagram diagram-{view}",
            "role": "img",
            "aria-label": title,
        },
    )
    ET.SubElement(svg, "title").text = title
    _draw_bones(svg, atlas, view)
    if focus:
        _draw_muscle(svg, atlas, focus, view)
    return ET.tostring(svg, encoding="unicode")


def _ring(nodes: list[Node], radius: float, offset: float) -> dict[Node, Point]:
    step = 2 * math.pi / max(len(nodes), 1)
    return {
        n: (
            radius * math.cos(offset + i * step - math.pi / 2),
            radius * math.sin(offset + i * step - math.pi / 2),
        )
        for i, n in enumerate(nodes)
    }


@functools.cache
def hub_network() -> str:
    """The muscle–bone network with the top-ranked hub (the pelvis) at its centre, other bones
    around it and the muscles on the outer ring, each joined to the bones it attaches to.

    Built from the graph's public answers (the hub ranking and the muscle–bone edges); colours
    come from the site stylesheet (`.hub-network` classes), not from the SVG."""
    atlas = load()
    ranked = graph.hub()
    centre: list[Node] = [("bone", b) for b in ranked[0].bones]
    ring: list[Node] = [("bone", b) for entry in ranked[1:] for b in entry.bones]
    muscles: list[Node] = [
        ("muscle", m.id) for _, members in atlas.muscles_by_group() for m in members
    ]
    size = 720.0
    layout = {
        **_ring(centre, 40, 0.5),
        **_ring(ring, 125, 0.0),
        **_ring(muscles, 200, 0.0),
    }
    cx = cy = size / 2
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            # Wide enough for the labels beside the ring, no taller than the ring needs.
            "viewBox": f"0 {size / 2 - 232:.0f} {size:.0f} 464",
            "class": "hub-network",
            "role": "img",
            "aria-label": f"Network of {len(muscles)} muscles and the bones they share, "
            f"with the {ranked[0].name.lower()} at the centre",
        },
    )
    edges = ET.SubElement(svg, "g", {"class": "edges"})
    for muscle_id, bone_id in graph.muscle_bone_edges():
        (x1, y1), (x2, y2) = layout[("muscle", muscle_id)], layout[("bone", bone_id)]
        central = ("bone", bone_id) in centre
        ET.SubElement(
            edges,
            "line",
            {
                "x1": f"{cx + x1:.1f}",
                "y1": f"{cy + y1:.1f}",
                "x2": f"{cx + x2:.1f}",
                "y2": f"{cy + y2:.1f}",
                "class": "edge is-central" if central else "edge",
            },
        )
    nodes = ET.SubElement(svg, "g", {"class": "nodes"})
    for node, (x, y) in layout.items():
        kind, node_id = node
        is_centre = node in centre
        name = atlas.muscles[node_id].name if kind == "muscle" else atlas.bones[node_id].name
        group = ET.SubElement(
            nodes, "g", {"class": f"node {kind}" + (" is-centre" if is_centre else "")}
        )
        ET.SubElement(group, "title").text = name
        ET.SubElement(
            group,
            "circle",
            {"cx": f"{cx + x:.1f}", "cy": f"{cy + y:.1f}", "r": "9" if is_centre else "5"},
        )
        if kind == "muscle" or is_centre:
            anchor = "start" if x >= 0 else "end"
            dx = 8 if x >= 0 else -8
            label = ET.SubElement(
                group,
                "text",
                {
                    "x": f"{cx + x + dx:.1f}",
                    "y": f"{cy + y + 3:.1f}",
                    "text-anchor": "middle" if is_centre else anchor,
                    "class": "node-label",
                },
            )
            label.text = name.split(" (")[0]
    return ET.tostring(svg, encoding="unicode")
