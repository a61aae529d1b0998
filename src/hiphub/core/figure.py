"""One small articulated-figure renderer: a person drawn from joint angles and props. Pure.

Every routine step, every set-up variant and a muscle's position of ease is drawn from the
same few numbers (how far the hips, knees and shoulders bend, which way the person lies, where
the pillows go), so a drawing and its alt text can never disagree, and a new step needs data,
not art. The SVG uses presentation attributes and class names only (no `style`, no script),
so it renders under the site's Content-Security-Policy inline or on its own.

Angles are in degrees. In the `sagittal` plane (seen from the side) they are flexion: hip 90
lifts the thigh to a right angle with the trunk, knee 90 bends the knee square, shoulder 180
takes the arm overhead; a negative hip angle takes the thigh back (extension). `trunk` is the
trunk's angle from lying flat (0) to upright (90); a negative trunk lifts the hips above the
shoulders (a bridge). In the `frontal` plane (seen from the front or from above) the hip and
shoulder angles are abduction: how far each leg or arm moves out to the side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

PLANES = ("sagittal", "frontal")
LYING = ("back", "front", "side", "upright")
SURFACES = ("bed", "floor", "none")
PROP_KINDS = ("pillow", "chair", "wall", "headphones")
# Where a prop can go: a point of the body, or between the knees.
POINTS = (
    "head",
    "shoulders",
    "chest",
    "low_back",
    "pelvis",
    "thigh",
    "knee",
    "calf",
    "foot",
    "between_knees",
    "top_arm",
)
LIMITS: dict[str, tuple[float, float]] = {
    "trunk": (-40, 100),
    "neck": (-30, 60),
    "hip": (-40, 150),
    "knee": (0, 160),
    "ankle": (-40, 50),
    "shoulder": (-60, 180),
    "elbow": (0, 160),
}

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


class FigureDataError(ValueError):
    """Pose data that cannot be drawn: an unknown word or an angle out of range."""


@dataclass(frozen=True)
class Limbs:
    """The angles of one side's leg and arm."""

    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0
    shoulder: float = 0.0
    elbow: float = 0.0


@dataclass(frozen=True)
class Prop:
    kind: str
    at: str = ""
    count: int = 1


@dataclass(frozen=True)
class Pose:
    plane: str = "sagittal"
    lying: str = "back"
    surface: str = "bed"
    trunk: float = 0.0
    neck: float = 0.0
    near: Limbs = field(default_factory=Limbs)  # the side nearer the viewer (or on top)
    far: Limbs = field(default_factory=Limbs)
    props: tuple[Prop, ...] = ()

    def has(self, kind: str, at: str | None = None) -> bool:
        return any(p.kind == kind and (at is None or p.at == at) for p in self.props)


# --- Reading pose data -----------------------------------------------------------------------


def _number(raw: dict[str, Any], key: str, where: str, default: float = 0.0) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FigureDataError(f"{where}{key} must be a number of degrees")
    low, high = LIMITS[key]
    if not low <= value <= high:
        raise FigureDataError(f"{where}{key} must be between {low:g} and {high:g}; got {value}")
    return float(value)


def _word(raw: dict[str, Any], key: str, where: str, allowed: tuple[str, ...], default: str) -> str:
    value = raw.get(key, default)
    if value not in allowed:
        raise FigureDataError(f"{where}{key} must be one of {', '.join(allowed)}; got {value!r}")
    return str(value)


def _limbs(raw: dict[str, Any], where: str, base: Limbs | None = None) -> Limbs:
    names = [f.name for f in fields(Limbs)]
    unknown = sorted(set(raw) - set(names))
    if unknown:
        raise FigureDataError(f"{where.rstrip('.')}: unknown angle(s): {', '.join(unknown)}")
    start = base or Limbs()
    return Limbs(**{n: _number(raw, n, where, getattr(start, n)) for n in names})


def _prop(raw: Any, where: str) -> Prop:
    if not isinstance(raw, dict):
        raise FigureDataError(f'{where} must be a table such as {{ kind = "pillow", at = "knee" }}')
    unknown = sorted(set(raw) - {"kind", "at", "count"})
    if unknown:
        raise FigureDataError(f"{where}: unknown key(s): {', '.join(unknown)}")
    kind = _word(raw, "kind", f"{where}.", PROP_KINDS, "")
    needs_point = kind in ("pillow", "chair")
    at = raw.get("at", "")
    if needs_point and at not in POINTS:
        raise FigureDataError(f"{where}.at must be one of {', '.join(POINTS)}; got {at!r}")
    if not needs_point and at:
        raise FigureDataError(f"{where}.at: a {kind} is not placed at a point")
    count = raw.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 3:
        raise FigureDataError(f"{where}.count must be 1, 2 or 3")
    return Prop(kind=kind, at=str(at), count=count)


def pose_from_dict(raw: Any, where: str = "pose.") -> Pose:
    """A Pose from its TOML table; FigureDataError names the field that is wrong."""
    if not isinstance(raw, dict):
        raise FigureDataError(f"{where.rstrip('.')} must be a table")
    limb_keys = {f.name for f in fields(Limbs)}
    known = {"plane", "lying", "surface", "trunk", "neck", "far", "props"} | limb_keys
    unknown = sorted(set(raw) - known)
    if unknown:
        raise FigureDataError(f"{where.rstrip('.')}: unknown key(s): {', '.join(unknown)}")
    near = _limbs({k: v for k, v in raw.items() if k in limb_keys}, where)
    far_raw = raw.get("far", {})
    if not isinstance(far_raw, dict):
        raise FigureDataError(f"{where}far must be a table of angles for the other side")
    far = _limbs(far_raw, f"{where}far.", base=near)
    props_raw = raw.get("props", [])
    if not isinstance(props_raw, list):
        raise FigureDataError(f"{where}props must be a list of tables")
    return Pose(
        plane=_word(raw, "plane", where, PLANES, "sagittal"),
        lying=_word(raw, "lying", where, LYING, "back"),
        surface=_word(raw, "surface", where, SURFACES, "bed"),
        trunk=_number(raw, "trunk", where),
        neck=_number(raw, "neck", where),
        near=near,
        far=far,
        props=tuple(_prop(p, f"{where}props[{i}]") for i, p in enumerate(props_raw)),
    )


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


def _prop_point(skeleton: _Skeleton, at: str, side: str = "near") -> Point:
    p = skeleton.points
    if at == "between_knees":
        return _mid(p["near_knee"], p["far_knee"])
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
    r: float = 6.0,
) -> None:
    canvas.extend((x, y_top), (x + w, y_top - h))
    canvas.add(
        f'<rect class="{cls}" x="{_f(x)}" y="{_f(-y_top)}" width="{_f(w)}" height="{_f(h)}" '
        f'rx="{_f(r)}" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>'
    )


def _pillow_above(canvas: _Canvas, centre: Point, w: float = 30.0, h: float = 22.0) -> None:
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


# --- Words -----------------------------------------------------------------------------------


def _bend(angle: float, words: tuple[str, str, str, str]) -> str:
    straight, little, bent, much = words
    if angle < 12:
        return straight
    if angle < 40:
        return little
    if angle < 105:
        return bent
    return much


def _hip_words(angle: float) -> str:
    if angle < -12:
        return "the thigh taken back behind the body"
    return _bend(
        angle,
        (
            "the hip straight",
            "the hip bent a little",
            "the hip bent",
            "the thigh drawn up toward the chest",
        ),
    )


def _knee_words(angle: float) -> str:
    return _bend(
        angle,
        ("the knee straight", "the knee bent a little", "the knee bent", "the knee bent right up"),
    )


def _leg(limbs: Limbs, plane: str) -> str:
    if plane == "frontal":
        if limbs.hip < 8:
            return "the leg in line with the body"
        return (
            "the leg resting out to the side" if limbs.hip < 35 else "the leg well out to the side"
        )
    return f"{_hip_words(limbs.hip)} and {_knee_words(limbs.knee)}"


def _posture(pose: Pose) -> str:
    near, far = pose.near, pose.far
    if pose.lying == "upright":
        if near.hip > 60 and far.hip < 20 and far.knee > 60:
            return "kneeling on one knee, the other foot flat in front"
        if near.hip > 60 and far.hip > 60:
            return "sitting"
        return "standing"
    if pose.lying == "front" and near.hip > 60 and near.shoulder > 60:
        return "on hands and knees"
    where = {"bed": " on a bed", "floor": " on the floor", "none": ""}[pose.surface]
    how = {"back": "lying on the back", "front": "lying face down", "side": "lying on one side"}
    text = how[pose.lying] + where
    if pose.lying == "back" and pose.trunk < -10:
        text += ", hips lifted so the body makes a slope from the knees to the shoulders"
    if pose.lying == "front" and pose.trunk > 5:
        text += ", chest raised"
    return text


def _prop_words(pose: Pose) -> list[str]:
    pillows = {
        "head": "under the head",
        "shoulders": "under the shoulders",
        "chest": "under the chest",
        "low_back": "under the low back",
        "pelvis": "under the hips",
        "thigh": "under the thigh",
        "knee": "under the knees",
        "calf": "under the calves",
        "foot": "under the feet",
        "between_knees": "between the knees",
        "top_arm": "under the top arm",
    }
    count_words = {1: "a pillow", 2: "two pillows", 3: "three pillows"}
    words = []
    for prop in pose.props:
        if prop.kind == "pillow":
            place = pillows[prop.at]
            if prop.at == "thigh" and pose.plane == "frontal":
                words.append(f"{count_words[prop.count]} under each thigh")
            else:
                words.append(f"{count_words[prop.count]} {place}")
        elif prop.kind == "chair":
            words.append(
                {
                    "calf": "the calves resting on a chair seat",
                    "foot": "the feet resting on a chair seat",
                }.get(prop.at, "a chair")
            )
        elif prop.kind == "wall":
            words.append("a wall beside the feet")
        elif prop.kind == "headphones":
            words.append("headphones on")
    return words


def describe(pose: Pose) -> str:
    """Alt text for the drawing, written from the same numbers that draw it."""
    parts = [f"A person {_posture(pose)}"]
    if pose.lying != "upright" and not (pose.lying == "front" and pose.near.hip > 60):
        if pose.near == pose.far:
            legs = _leg(pose.near, pose.plane)
            legs = legs.replace("the hip", "both hips").replace("the knee", "both knees")
            legs = legs.replace("the leg", "both legs").replace("the thigh", "both thighs")
            parts.append(legs)
        else:
            parts.append(
                f"one leg with {_leg(pose.near, pose.plane)}, the other with "
                f"{_leg(pose.far, pose.plane)}"
            )
    props = _prop_words(pose)
    if props:
        parts.append(", ".join(props[:-1]) + (" and " if len(props) > 1 else "") + props[-1])
    text = ", ".join(parts)
    return text.replace("both knees straight and", "").strip() + "."
