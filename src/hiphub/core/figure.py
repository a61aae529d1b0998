"""One small articulated-figure renderer: a person drawn from a pose (hiphub.core.pose). Pure.

Every routine step, every set-up variant and a muscle's position of ease is drawn from the
same few numbers (how far the hips, knees and shoulders bend, which way the person lies, where
the pillows go), so a drawing and its alt text can never disagree, and a new step needs data,
not art. The SVG uses presentation attributes and class names only (no `style`, no script),
so it renders under the site's Content-Security-Policy inline or on its own, and CSS can
recolour it by class (the dark relaxation view, the dark colour scheme).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from hiphub.core.pose import Pose, describe

# Segment lengths and half-widths in drawing units (the figure is about 170 units long).
TRUNK, NECK, HEAD_R = 52.0, 7.0, 9.5
THIGH, SHIN, FOOT = 44.0, 42.0, 12.0
UPPER_ARM, FOREARM = 29.0, 27.0
HALF = {"trunk": 12.0, "thigh": 7.0, "shin": 5.5, "foot": 3.0, "arm": 4.5, "forearm": 4.0}
HIP_HALF_WIDTH, SHOULDER_HALF_WIDTH = 9.0, 14.0
PILLOW_LIFT, PILLOW_WIDTH = 9.0, 40.0
SURFACE_Y = 0.0  # the top of the bed or floor, in figure units (y grows upward)
SCALE = 2.0  # pixels per unit at natural size

BODY, FAR, PILLOW, PILLOW_EDGE = "#35546e", "#8fa7ba", "#e6edf4", "#6f8599"
BED, BED_EDGE, FLOOR = "#e4d8c4", "#9c8a70", "#8d98a3"


# --- Geometry --------------------------------------------------------------------------------

Point = tuple[float, float]


def _towards(origin: Point, degrees: float, length: float) -> Point:
    rad = math.radians(degrees)
    return (origin[0] + length * math.cos(rad), origin[1] + length * math.sin(rad))


def _mid(a: Point, b: Point, t: float = 0.5) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


@dataclass
class _Skeleton:
    """Named points of the body (y up, pelvis at the origin) and the segments joining them."""

    points: dict[str, Point]
    # (class, from, to, half-width), drawn in this order: far side first.
    segments: list[tuple[str, str, str, float]]
    torso: list[str]  # a polygon (frontal) or a single segment (sagittal)
    head: str


def _sagittal(pose: Pose) -> _Skeleton:
    s = -1.0 if pose.lying == "front" else 1.0  # the front of the body faces down when prone
    trunk_dir = 180.0 - pose.trunk
    p: dict[str, Point] = {"pelvis": (0.0, 0.0)}
    p["shoulders"] = _towards(p["pelvis"], trunk_dir, TRUNK)
    p["head"] = _towards(p["shoulders"], trunk_dir - s * pose.neck, NECK + HEAD_R)
    p["low_back"] = _mid(p["pelvis"], p["shoulders"], 0.28)
    p["chest"] = _mid(p["pelvis"], p["shoulders"], 0.7)
    segments: list[tuple[str, str, str, float]] = []
    for side, limbs in (("far", pose.far), ("near", pose.near)):
        thigh = trunk_dir - 180.0 + s * limbs.hip
        p[f"{side}_knee"] = _towards(p["pelvis"], thigh, THIGH)
        shin = thigh - s * limbs.knee
        p[f"{side}_ankle"] = _towards(p[f"{side}_knee"], shin, SHIN)
        p[f"{side}_toe"] = _towards(p[f"{side}_ankle"], shin + s * (90.0 - limbs.ankle), FOOT)
        arm = trunk_dir - 180.0 + s * limbs.shoulder
        p[f"{side}_elbow"] = _towards(p["shoulders"], arm, UPPER_ARM)
        p[f"{side}_hand"] = _towards(p[f"{side}_elbow"], arm + s * limbs.elbow, FOREARM)
        segments += _limb_segments(side, "pelvis", "shoulders")
    return _Skeleton(p, segments, ["pelvis", "shoulders"], "head")


def _frontal(pose: Pose) -> _Skeleton:
    axis = 180.0 - pose.trunk
    p: dict[str, Point] = {"pelvis": (0.0, 0.0)}
    p["shoulders"] = _towards(p["pelvis"], axis, TRUNK)
    p["head"] = _towards(p["shoulders"], axis, NECK + HEAD_R)
    p["low_back"] = _mid(p["pelvis"], p["shoulders"], 0.28)
    p["chest"] = _mid(p["pelvis"], p["shoulders"], 0.7)
    segments: list[tuple[str, str, str, float]] = []
    for side, limbs, sign in (("far", pose.far, -1.0), ("near", pose.near, 1.0)):
        hip = _towards(p["pelvis"], axis - 90.0 * sign, HIP_HALF_WIDTH)
        shoulder = _towards(p["shoulders"], axis - 90.0 * sign, SHOULDER_HALF_WIDTH)
        p[f"{side}_hip"], p[f"{side}_shoulder"] = hip, shoulder
        thigh = axis - 180.0 + sign * limbs.hip
        p[f"{side}_knee"] = _towards(hip, thigh, THIGH)
        shin = thigh - sign * limbs.knee
        p[f"{side}_ankle"] = _towards(p[f"{side}_knee"], shin, SHIN)
        p[f"{side}_toe"] = _towards(p[f"{side}_ankle"], shin, FOOT * 0.5)
        arm = axis - 180.0 + sign * limbs.shoulder
        p[f"{side}_elbow"] = _towards(shoulder, arm, UPPER_ARM)
        p[f"{side}_hand"] = _towards(p[f"{side}_elbow"], arm - sign * limbs.elbow, FOREARM)
        segments += _limb_segments(side, f"{side}_hip", f"{side}_shoulder")
    torso = ["near_shoulder", "far_shoulder", "far_hip", "near_hip"]
    return _Skeleton(p, segments, torso, "head")


def _limb_segments(side: str, hip: str, shoulder: str) -> list[tuple[str, str, str, float]]:
    return [
        (side, hip, f"{side}_knee", HALF["thigh"]),
        (side, f"{side}_knee", f"{side}_ankle", HALF["shin"]),
        (side, f"{side}_ankle", f"{side}_toe", HALF["foot"]),
        (side, shoulder, f"{side}_elbow", HALF["arm"]),
        (side, f"{side}_elbow", f"{side}_hand", HALF["forearm"]),
    ]


def _seen_from_above(pose: Pose) -> bool:
    """The bed lies in the picture (seen from the ceiling) rather than edge-on."""
    if pose.plane == "sagittal":
        return pose.lying == "side"
    return pose.lying in ("back", "front")


def _prop_point(skeleton: _Skeleton, at: str, side: str) -> Point:
    p = skeleton.points  # (a pillow between the knees is placed by _draw_body)
    if at == "thigh":
        hip = p.get(f"{side}_hip", p["pelvis"])
        return _mid(hip, p[f"{side}_knee"], 0.45)
    if at == "calf":
        return _mid(p[f"{side}_knee"], p[f"{side}_ankle"], 0.55)
    if at == "knee":
        return p[f"{side}_knee"]
    if at == "foot":
        return p[f"{side}_ankle"]
    if at == "top_arm":
        return p[f"{side}_elbow"]
    return p[at]


# --- Drawing ---------------------------------------------------------------------------------


@dataclass
class _Canvas:
    shapes: list[str] = field(default_factory=list)
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)

    def extend(self, *points: Point, pad: float = 0.0) -> None:
        for x, y in points:
            self.xs += [x - pad, x + pad]
            self.ys += [y - pad, y + pad]

    def add(self, markup: str) -> None:
        self.shapes.append(markup)


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _xy(point: Point) -> tuple[str, str]:
    return _f(point[0]), _f(-point[1])  # SVG's y grows downward


def _rect(
    canvas: _Canvas,
    cls: str,
    x: float,
    y_top: float,
    w: float,
    h: float,
    fill: str,
    edge: str,
    r: float,
) -> None:
    canvas.extend((x, y_top), (x + w, y_top - h))
    canvas.add(
        f'<rect class="{cls}" x="{_f(x)}" y="{_f(-y_top)}" width="{_f(w)}" height="{_f(h)}" '
        f'rx="{_f(r)}" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>'
    )


def _pillow_above(canvas: _Canvas, centre: Point, w: float, h: float = 22.0) -> None:
    _rect(canvas, "fig-pillow", centre[0] - w / 2, centre[1] + h / 2, w, h, PILLOW, PILLOW_EDGE, 8)


def _draw_body(canvas: _Canvas, skeleton: _Skeleton, pose: Pose, at: Point) -> None:
    """The far limbs, then the torso and head, then the near limbs, shifted by `at`."""
    p = {name: (x + at[0], y + at[1]) for name, (x, y) in skeleton.points.items()}
    if _seen_from_above(pose) and pose.plane == "sagittal":
        # Lying on one side, seen from above: the lower limbs show a little beside the upper.
        p.update({n: (x - 3.0, y - 6.0) for n, (x, y) in p.items() if n.startswith("far_")})
    between = [pr for pr in pose.props if pr.kind == "pillow" and pr.at == "between_knees"]

    def limb(cls: str, a: str, b: str, half: float) -> None:
        (x1, y1), (x2, y2) = _xy(p[a]), _xy(p[b])
        colour = FAR if cls == "far" and pose.plane == "sagittal" else BODY
        cls_name = "fig-far" if colour == FAR else "fig-body"
        canvas.extend(p[a], p[b], pad=half)
        canvas.add(
            f'<line class="{cls_name}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
            f'stroke-width="{_f(2 * half)}" stroke-linecap="round"/>'
        )

    for segment in skeleton.segments:
        if segment[0] == "far":
            limb(*segment)
    if between:
        _pillow_above(canvas, _mid(p["near_knee"], p["far_knee"]), 30.0, 24.0)
    if len(skeleton.torso) == 2:
        limb("near", skeleton.torso[0], skeleton.torso[1], HALF["trunk"])
    else:
        corners = " ".join(",".join(_xy(p[c])) for c in skeleton.torso)
        canvas.extend(*(p[c] for c in skeleton.torso), pad=5)
        canvas.add(
            f'<polygon class="fig-body" points="{corners}" fill="{BODY}" stroke="{BODY}" '
            'stroke-width="10" stroke-linejoin="round"/>'
        )
    hx, hy = _xy(p[skeleton.head])
    canvas.extend(p[skeleton.head], pad=HEAD_R)
    canvas.add(f'<circle class="fig-body" cx="{hx}" cy="{hy}" r="{_f(HEAD_R)}" fill="{BODY}"/>')
    if pose.has("headphones"):
        x, y = p[skeleton.head]
        r = HEAD_R + 3
        canvas.extend((x - r, y), (x + r, y + r), pad=1.5)  # the band and half its stroke
        canvas.add(
            f'<path class="fig-prop" d="M{_f(x - r)},{_f(-y)} A{_f(r)},{_f(r)} 0 0 1 '
            f'{_f(x + r)},{_f(-y)}" fill="none" stroke="{PILLOW_EDGE}" stroke-width="3" '
            'stroke-linecap="round"/>'
        )
    for segment in skeleton.segments:
        if segment[0] == "near":
            limb(*segment)


def _render(pose: Pose) -> tuple[str, tuple[float, float, float, float]]:
    skeleton = _sagittal(pose) if pose.plane == "sagittal" else _frontal(pose)
    canvas = _Canvas()
    above = _seen_from_above(pose)
    supports = [
        pr for pr in pose.props if pr.kind in ("pillow", "chair") and pr.at != "between_knees"
    ]
    sides = ("near", "far") if pose.plane == "frontal" else ("near",)

    if above:
        offset: Point = (0.0, 0.0)
    else:
        # Rest the lowest part of the body on the surface, and lift it where pillows go under.
        reach = {
            name: HEAD_R
            if name == "head"
            else HALF["trunk"]
            if name in ("pelvis", "shoulders", "low_back", "chest")
            else HALF["thigh"]
            for name in skeleton.points
        }
        lowest = min(y - reach[name] for name, (x, y) in skeleton.points.items())
        lift = SURFACE_Y - lowest
        for prop in supports:
            if prop.at == "head":
                continue  # a head pillow tilts the head a little; it does not lift the body
            thick = (PILLOW_LIFT if prop.kind == "pillow" else 30.0) * prop.count
            for side in sides:
                _, y = _prop_point(skeleton, prop.at, side)
                radius = HALF["trunk"] if prop.at in ("low_back", "chest", "pelvis") else 6.0
                lift = max(lift, SURFACE_Y + thick + radius - y)
        offset = (0.0, lift)

    def placed(point: Point) -> Point:
        return (point[0] + offset[0], point[1] + offset[1])

    xs = [placed(pt)[0] for pt in skeleton.points.values()]
    left, right = min(xs) - 16, max(xs) + 16

    if pose.surface != "none":
        if above:
            ys = [pt[1] for pt in skeleton.points.values()]
            _rect(
                canvas,
                "fig-bed",
                left - 6,
                max(ys) + 26,
                right - left + 12,
                max(ys) - min(ys) + 52,
                BED if pose.surface == "bed" else "#eef0f2",
                BED_EDGE,
                10,
            )
        elif pose.surface == "bed":
            _rect(canvas, "fig-bed", left, SURFACE_Y, right - left, 22, BED, BED_EDGE, 5)
        else:
            canvas.extend((left, SURFACE_Y), (right, SURFACE_Y - 4))
            canvas.add(
                f'<line class="fig-floor" x1="{_f(left)}" y1="0" x2="{_f(right)}" y2="0" '
                f'stroke="{FLOOR}" stroke-width="3" stroke-linecap="round"/>'
            )
    if pose.has("wall"):
        x = right + 4
        top = max(pt[1] for pt in map(placed, skeleton.points.values())) + 10
        _rect(canvas, "fig-wall", x, top, 10, top - SURFACE_Y, "#d6dbe0", FLOOR, 2)

    for prop in supports:
        for side in sides:
            point = placed(_prop_point(skeleton, prop.at, side))
            if above:
                _pillow_above(canvas, point, 34.0 if prop.at in ("head", "chest") else 28.0)
                continue
            radius = HALF["trunk"] if prop.at in ("low_back", "chest", "pelvis") else 6.0
            height = max(5.0, point[1] - radius - SURFACE_Y)
            if prop.kind == "chair":
                _chair(canvas, point[0], height)
                continue
            each = height / prop.count
            for n in range(prop.count):
                _rect(
                    canvas,
                    "fig-pillow",
                    point[0] - PILLOW_WIDTH / 2,
                    SURFACE_Y + each * (n + 1),
                    PILLOW_WIDTH,
                    each,
                    PILLOW,
                    PILLOW_EDGE,
                    min(8.0, each / 2),
                )

    _draw_body(canvas, skeleton, pose, offset)
    box = (min(canvas.xs) - 4, -max(canvas.ys) - 4, max(canvas.xs) + 4, -min(canvas.ys) + 4)
    return "".join(canvas.shapes), box


def _chair(canvas: _Canvas, x: float, seat: float) -> None:
    w = 40.0
    _rect(canvas, "fig-prop", x - w / 2, seat, w, 5, "#c9b79b", BED_EDGE, 2)
    for leg_x in (x - w / 2 + 3, x + w / 2 - 3):
        canvas.add(
            f'<line class="fig-prop" x1="{_f(leg_x)}" y1="{_f(-seat)}" x2="{_f(leg_x)}" y2="0" '
            f'stroke="{BED_EDGE}" stroke-width="3"/>'
        )


@lru_cache(maxsize=256)
def svg(pose: Pose, alt: str = "", css_class: str = "figure-drawing") -> str:
    """The drawing as an SVG element, titled with `alt` (or the generated description)."""
    body, (x0, y0, x1, y1) = _render(pose)
    width, height = x1 - x0, y1 - y0
    title = escape(alt or describe(pose))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'viewBox="{_f(x0)} {_f(y0)} {_f(width)} {_f(height)}" '
        f'width="{round(width * SCALE)}" height="{round(height * SCALE)}">'
        f"<title>{title}</title>{body}</svg>"
    )


