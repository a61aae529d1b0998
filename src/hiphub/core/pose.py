"""What a drawing of a person shows: a pose (joint angles, which way the person lies, props),
read from reviewed data and put into words. Pure. hiphub.core.figure draws it.

Angles are in degrees. In the `sagittal` plane (seen from the side) they are flexion: hip 90
lifts the thigh to a right angle with the trunk, knee 90 bends the knee square, shoulder 180
takes the arm overhead; a negative hip angle takes the thigh back (extension). `trunk` is the
trunk's angle from lying flat (0) to upright (90); a negative trunk lifts the hips above the
shoulders (a bridge). In the `frontal` plane (seen from the front or from above) the hip and
shoulder angles are abduction: how far each leg or arm moves out to the side.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

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
        elif pose.plane == "frontal":  # "one leg resting out to the side, the other in line…"
            one, other = _leg(pose.near, pose.plane), _leg(pose.far, pose.plane)
            one, other = one.removeprefix("the "), other.removeprefix("the leg ")
            parts.append(f"one {one}, the other {other}")
        else:
            parts.append(
                f"one leg with {_leg(pose.near, pose.plane)}, the other with "
                f"{_leg(pose.far, pose.plane)}"
            )
    props = _prop_words(pose)
    if props:
        parts.append(", ".join(props[:-1]) + (" and " if len(props) > 1 else "") + props[-1])
    return ", ".join(parts) + "."

