"""The anatomy reference data, loaded from the TOML files in data/ and checked as it loads.

Everything here is plain data: no ORM, no requests. `load()` is cached; the graph queries
in graph.py, the diagrams, the web pages, the API and the CLI all read the same `Atlas`.
"""

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from hiphub.core.sources import Source

DATA_DIR = Path(__file__).parent / "data"
VIEWS = ("front", "back")
PLACEMENTS = ("front", "back", "side")
SPINAL_LEVELS = (
    *(f"C{n}" for n in range(1, 9)),
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    *(f"S{n}" for n in range(1, 6)),
    "Co1",
)
ID = re.compile(r"^[a-z][a-z0-9_]*\Z")
# Movements that cannot both hold at one joint: a position of ease names at most one of each pair.
OPPOSITES = (
    ("flexion", "extension"),
    ("abduction", "adduction"),
    ("lateral_rotation", "medial_rotation"),
)
T = TypeVar("T")


class AtlasError(ValueError):
    """The reference data is inconsistent; the message says which file and which record."""


class UnknownIdError(KeyError):
    def __init__(self, kind: str, value: str, suggestions: list[str]) -> None:
        super().__init__(value)
        self.kind = kind
        self.value = value
        self.suggestions = suggestions

    def __str__(self) -> str:
        hint = f" Did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"No {self.kind} called {self.value!r}.{hint}"


@dataclass(frozen=True)
class SkeletalRegion:
    id: str
    name: str
    plain: str


@dataclass(frozen=True)
class Bone:
    id: str
    name: str
    region: str
    midline: bool


@dataclass(frozen=True)
class Landmark:
    id: str
    bone: str
    name: str
    at: tuple[float, float, float]
    outline: bool


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    plain: str


@dataclass(frozen=True)
class Action:
    """Something a muscle does; `joint` and `movement` name the motion it produces, if any
    (steadying a joint or holding a rib produces none)."""

    id: str
    text: str
    joint: str | None = None
    movement: str | None = None


@dataclass(frozen=True)
class Joint:
    """A joint a position of ease can place, with the plain words for each of its movements."""

    id: str
    name: str
    movements: dict[str, str] = field(hash=False)


@dataclass(frozen=True)
class Muscle:
    id: str
    name: str
    lay_name: str
    aliases: tuple[str, ...]
    group: str
    origins: tuple[str, ...]
    insertions: tuple[str, ...]
    actions: tuple[str, ...]
    nerve: str
    roots: tuple[str, ...]
    referral: tuple[str, ...]
    ease: str
    ease_joints: dict[str, tuple[str, ...]] = field(hash=False)
    notes: str
    sources: tuple[Source, ...]
    caveat: str = ""
    # Referral regions where this muscle (or its tendon) is among the commonest causes of pain
    # by clinical studies, not only by trigger-point maps; they rank it first there.
    leading_cause: tuple[str, ...] = ()

    @property
    def attachments(self) -> tuple[str, ...]:
        return self.origins + self.insertions

    @property
    def roots_text(self) -> str:
        return f"{self.roots[0]}–{self.roots[-1]}" if len(self.roots) > 1 else self.roots[0]


@dataclass(frozen=True)
class BodyRegion:
    id: str
    name: str
    placement: str
    midline: bool
    shapes: dict[str, tuple[tuple[float, float, float, float], ...]] = field(hash=False)
    # Set only for an alert region: the safety-check red flag its choice raises.
    red_flag: str | None = None
    note: str = ""


@dataclass(frozen=True)
class OtherSource:
    """Something other than a muscle that can cause pain in the regions listed (a joint, a
    nerve root), named as a plain possibility when those regions are chosen."""

    id: str
    name: str
    regions: tuple[str, ...]
    text: str
    sources: tuple[Source, ...]
    safety_check: bool = False


@dataclass(frozen=True)
class Atlas:
    skeletal_regions: dict[str, SkeletalRegion]
    bones: dict[str, Bone]
    landmarks: dict[str, Landmark]
    groups: dict[str, Group]
    actions: dict[str, Action]
    joints: dict[str, Joint]
    muscles: dict[str, Muscle]
    # Where pain is felt and muscles may refer it (the journal records these too).
    body_regions: dict[str, BodyRegion]
    # Places where a symptom is a warning sign, not a muscle question (the saddle area).
    alert_regions: dict[str, BodyRegion]
    other_sources: dict[str, OtherSource]

    def muscle(self, muscle_id: str) -> Muscle:
        return _lookup("muscle", self.muscles, muscle_id)

    @property
    def pain_regions(self) -> dict[str, BodyRegion]:
        """Every place "Where does it hurt?" offers: the body regions, then the alert regions."""
        return {**self.body_regions, **self.alert_regions}

    def body_region(self, region_id: str) -> BodyRegion:
        """A body region or an alert region, by id."""
        return _lookup("body region", self.pain_regions, region_id)

    def moves(self, muscle: Muscle) -> set[tuple[str, str]]:
        """The (joint, movement) pairs the muscle's own actions produce."""
        pairs = set()
        for action_id in muscle.actions:
            action = self.actions.get(action_id)
            if action and action.joint and action.movement:
                pairs.add((action.joint, action.movement))
        return pairs

    def ease_summary(self, muscle: Muscle) -> str:
        """The joint positions of the muscle's position of ease in plain words, e.g.
        "Hip taken slightly back, resting out to the side and turned out"."""
        parts = []
        for joint_id, movements in muscle.ease_joints.items():
            joint = self.joints[joint_id]
            words = [joint.movements[m] for m in movements]
            joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
            parts.append(f"{joint.name} {joined}")
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]

    def muscles_moving(self, joint_id: str) -> list[Muscle]:
        """Muscles with at least one action that moves this joint."""
        return [m for m in self.muscles.values() if any(j == joint_id for j, _ in self.moves(m))]

    def bone_of(self, landmark_id: str) -> Bone:
        return self.bones[self.landmarks[landmark_id].bone]

    def region_of_bone(self, bone_id: str) -> SkeletalRegion:
        return self.skeletal_regions[self.bones[bone_id].region]

    def bones_of(self, muscle: Muscle) -> list[str]:
        """The bones a muscle attaches to, in the order they first appear."""
        return list(dict.fromkeys(self.landmarks[lm].bone for lm in muscle.attachments))

    def muscles_by_group(self) -> Iterator[tuple[Group, list[Muscle]]]:
        for group in self.groups.values():
            members = [m for m in self.muscles.values() if m.group == group.id]
            if members:
                yield group, members


def _lookup(kind: str, table: dict[str, T], key: str) -> T:
    try:
        return table[key]
    except KeyError:
        import difflib

        raise UnknownIdError(kind, key, difflib.get_close_matches(key, table, n=3)) from None


def _read(name: str, data_dir: Path) -> dict[str, Any]:
    path = data_dir / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise AtlasError(f"{path}: {exc}") from None


@functools.cache
def load(data_dir: Path = DATA_DIR) -> Atlas:
    """Read and check the anatomy data. Raises AtlasError naming the first problem found."""
    skeleton = _read("skeleton.toml", data_dir)
    muscles_file = _read("muscles.toml", data_dir)
    regions_file = _read("body_regions.toml", data_dir)
    others_file = _read("other_sources.toml", data_dir)
    try:
        atlas = Atlas(
            skeletal_regions={
                k: SkeletalRegion(k, v["name"], v["plain"])
                for k, v in skeleton["skeletal_regions"].items()
            },
            bones={
                k: Bone(k, v["name"], v["region"], v.get("midline", False))
                for k, v in skeleton["bones"].items()
            },
            landmarks={
                k: Landmark(k, v["bone"], v["name"], tuple(v["at"]), v.get("outline", False))
                for k, v in skeleton["landmarks"].items()
            },
            groups={k: Group(k, v["name"], v["plain"]) for k, v in muscles_file["groups"].items()},
            actions={
                k: Action(k, v["text"], v.get("joint"), v.get("movement"))
                for k, v in muscles_file["actions"].items()
            },
            joints={
                k: Joint(k, v["name"], {m: w for m, w in v.items() if m != "name"})
                for k, v in muscles_file["joints"].items()
            },
            muscles={k: _muscle(k, v) for k, v in muscles_file["muscles"].items()},
            body_regions={k: _region(k, v) for k, v in regions_file["regions"].items()},
            alert_regions={k: _region(k, v) for k, v in regions_file["alerts"].items()},
            other_sources={
                k: OtherSource(
                    k,
                    v["name"],
                    tuple(v["regions"]),
                    v["text"],
                    _sources(v),
                    v.get("safety_check", False),
                )
                for k, v in others_file["other_sources"].items()
            },
        )
    except (KeyError, TypeError) as exc:
        raise AtlasError(f"anatomy data: a record is missing the field {exc}") from None
    problems = check(atlas)
    if problems:
        raise AtlasError("anatomy data: " + "; ".join(problems))
    return atlas


def _region(region_id: str, raw: dict[str, Any]) -> BodyRegion:
    return BodyRegion(
        region_id,
        raw["name"],
        raw["placement"],
        raw.get("midline", False),
        {view: tuple(tuple(s) for s in raw.get(view, [])) for view in VIEWS},
        raw.get("red_flag"),
        raw.get("note", ""),
    )


def _sources(raw: dict[str, Any]) -> tuple[Source, ...]:
    return tuple(Source(s["name"], s.get("url")) for s in raw["sources"])


def _muscle(muscle_id: str, raw: dict[str, Any]) -> Muscle:
    return Muscle(
        id=muscle_id,
        name=raw["name"],
        lay_name=raw["lay_name"],
        aliases=tuple(raw.get("aliases", ())),
        group=raw["group"],
        origins=tuple(raw["origins"]),
        insertions=tuple(raw["insertions"]),
        actions=tuple(raw["actions"]),
        nerve=raw["nerve"],
        roots=tuple(raw["roots"]),
        referral=tuple(raw.get("referral", ())),
        ease=raw["ease"],
        ease_joints={j: tuple(m) for j, m in raw.get("ease_joints", {}).items()},
        notes=raw["notes"],
        sources=_sources(raw),
        caveat=raw.get("caveat", ""),
        leading_cause=tuple(raw.get("leading_cause", ())),
    )


def check(atlas: Atlas) -> list[str]:
    """Every integrity rule of the data; an empty list means the data is consistent."""
    problems: list[str] = []
    # Within one table TOML itself refuses a repeated key; across tables, muscles, bones and
    # landmarks share one graph, so their ids must not collide.
    ids = [*atlas.bones, *atlas.landmarks, *atlas.muscles]
    every = [
        *ids,
        *atlas.skeletal_regions,
        *atlas.pain_regions,
        *atlas.groups,
        *atlas.actions,
        *atlas.joints,
        *atlas.other_sources,
    ]
    problems += [f"{i!r} is not a lower-case id" for i in every if not ID.match(i)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    problems += [f"id {i!r} names two different things" for i in sorted(duplicates)]
    for bone in atlas.bones.values():
        if bone.region not in atlas.skeletal_regions:
            problems.append(f"bone {bone.id}: unknown skeletal region {bone.region!r}")
    for landmark in atlas.landmarks.values():
        if landmark.bone not in atlas.bones:
            problems.append(f"landmark {landmark.id}: unknown bone {landmark.bone!r}")
        if len(landmark.at) != 3:
            problems.append(f"landmark {landmark.id}: `at` needs three numbers")
    for muscle in atlas.muscles.values():
        problems += _check_muscle(atlas, muscle)
    used = {lm for m in atlas.muscles.values() for lm in m.attachments}
    for landmark in atlas.landmarks.values():
        if landmark.id not in used and not landmark.outline:
            problems.append(f"landmark {landmark.id} is not attached to any muscle")
        if landmark.id in used and landmark.outline:
            problems.append(f"landmark {landmark.id} is an attachment, so not only an outline")
    attached_bones = {atlas.landmarks[lm].bone for lm in used if lm in atlas.landmarks}
    problems += [f"bone {b} has no muscle attached" for b in atlas.bones if b not in attached_bones]
    regions_with_bones = {b.region for b in atlas.bones.values()}
    problems += [
        f"skeletal region {r} has no bones"
        for r in atlas.skeletal_regions
        if r not in regions_with_bones
    ]
    problems += [
        f"alert region {r} has the same id as a body region"
        for r in atlas.alert_regions
        if r in atlas.body_regions
    ]
    for region in atlas.pain_regions.values():
        if region.placement not in PLACEMENTS:
            problems.append(f"body region {region.id}: placement must be one of {PLACEMENTS}")
        if not any(region.shapes.values()):
            problems.append(f"body region {region.id} is not drawn on any map")
    problems += _check_alerts(atlas)
    for action in atlas.actions.values():
        joint = atlas.joints.get(action.joint or "")
        if action.joint and not joint:
            problems.append(f"action {action.id}: unknown joint {action.joint!r}")
        if joint and action.movement not in joint.movements:
            problems.append(
                f"action {action.id}: the {joint.name} has no movement {action.movement!r}"
            )
    for other in atlas.other_sources.values():
        if not other.sources:
            problems.append(f"other source {other.id} has no source")
        problems += [
            f"other source {other.id}: unknown body region {r!r}"
            for r in other.regions
            if r not in atlas.body_regions
        ]
    return problems


def _check_alerts(atlas: Atlas) -> list[str]:
    # The safety check's red flags are the one source of the advice an alert region shows.
    from hiphub.screening.redflags import load as load_red_flags

    flags = load_red_flags().flags
    problems = []
    for region in atlas.alert_regions.values():
        if not region.red_flag:
            problems.append(f"alert region {region.id} names no red flag")
        elif region.red_flag not in flags:
            problems.append(f"alert region {region.id}: unknown red flag {region.red_flag!r}")
    problems += [
        f"body region {r.id} has a red flag, so belongs under [alerts]"
        for r in atlas.body_regions.values()
        if r.red_flag
    ]
    return problems


def _check_muscle(atlas: Atlas, muscle: Muscle) -> list[str]:
    where = f"muscle {muscle.id}"
    problems = []
    for role, values in (("origin", muscle.origins), ("insertion", muscle.insertions)):
        if not values:
            problems.append(f"{where} has no {role}")
        problems += [
            f"{where}: unknown {role} landmark {v!r}" for v in values if v not in atlas.landmarks
        ]
    if not muscle.actions:
        problems.append(f"{where} has no action")
    problems += [f"{where}: unknown action {a!r}" for a in muscle.actions if a not in atlas.actions]
    if not muscle.roots:
        problems.append(f"{where} has no spinal root")
    problems += [
        f"{where}: {r!r} is not a spinal level" for r in muscle.roots if r not in SPINAL_LEVELS
    ]
    levels = [SPINAL_LEVELS.index(r) for r in muscle.roots if r in SPINAL_LEVELS]
    if levels != sorted(set(levels)):
        problems.append(f"{where}: roots must be listed once each, top to bottom")
    if not muscle.sources:
        problems.append(f"{where} has no source")
    if muscle.group not in atlas.groups:
        problems.append(f"{where}: unknown group {muscle.group!r}")
    problems += [
        f"{where}: unknown body region {r!r}"
        for r in muscle.referral
        if r not in atlas.body_regions
    ]
    problems += [
        f"{where}: leading cause {r!r} is not one of its referral regions"
        for r in muscle.leading_cause
        if r not in muscle.referral
    ]
    return problems + _check_ease(atlas, muscle)


def _check_ease(atlas: Atlas, muscle: Muscle) -> list[str]:
    """A position of ease shortens the muscle (Jones 1995): every joint position it names must
    be a movement the muscle's own actions produce, and no joint is placed two opposite ways."""
    where = f"muscle {muscle.id}"
    if not muscle.ease_joints:
        return [f"{where}: its position of ease names no joint position (ease_joints)"]
    problems = []
    own = atlas.moves(muscle)
    for joint_id, movements in muscle.ease_joints.items():
        joint = atlas.joints.get(joint_id)
        if joint is None:
            problems.append(f"{where}: position of ease names an unknown joint {joint_id!r}")
            continue
        for movement in movements:
            if movement not in joint.movements:
                problems.append(
                    f"{where}: position of ease: the {joint.name} has no movement {movement!r}"
                )
            elif (joint_id, movement) not in own:
                problems.append(
                    f"{where}: position of ease puts the {joint.name} in {movement}, which none "
                    "of its actions produces, so it would not shorten the muscle"
                )
        problems += [
            f"{where}: position of ease puts the {joint.name} in both {a} and {b}"
            for a, b in OPPOSITES
            if a in movements and b in movements
        ]
    return problems
