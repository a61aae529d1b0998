"""Self-care protocols as data: one reviewed TOML file per protocol in `data/`. Pure: no ORM.

A second protocol is a new file, not new code. Every file is validated when it is read, and
a broken file raises `ProtocolDataError` naming the file and the field.

Two kinds of routine share the format. A `rest` routine (the default) sets up a position and
ends in a timed relaxation step with the id "relax". An `exercise` routine is a list of
exercises, each with a dose: repetitions, optionally held for a number of seconds (a timer per
hold) or paced at a number of seconds each (a count per repetition), in sets with a rest
between them. Every step, and every set-up variant, carries a pose that hiphub.core.figure
draws (see hiphub.core.pose); a step whose position is the chosen set-up's says `pose = "variant"`.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hiphub.core.pose import FigureDataError, Pose, describe, pose_from_dict
from hiphub.core.sources import Source

DATA_DIR = Path(__file__).parent / "data"
RELAX_STEP = "relax"
REST, EXERCISE = "rest", "exercise"
KINDS = (REST, EXERCISE)
CHANGE_SIDES_SECONDS = 10
_ID = re.compile(r"^[a-z][a-z0-9_]*\Z")


class ProtocolDataError(ValueError):
    """A protocol file is missing a field or has a value that makes no sense."""


class UnknownProtocolError(KeyError):
    def __init__(self, protocol_id: str, known: list[str]) -> None:
        self.protocol_id = protocol_id
        self.known = known
        super().__init__(protocol_id)

    def __str__(self) -> str:
        choices = ", ".join(self.known) or "none"
        return f"Unknown self-care protocol {self.protocol_id!r} (known: {choices})."


@dataclass(frozen=True)
class Equipment:
    id: str
    name: str
    note: str
    optional: bool


@dataclass(frozen=True)
class Dose:
    """How much of one exercise: `reps` repetitions in each of `sets` sets, with `rest_seconds`
    between sets. Each repetition is either held for `hold_seconds` (a timer) or paced at
    `rep_seconds` (a count); `each_side` repeats the whole dose on the other side."""

    reps: int
    sets: int = 1
    hold_seconds: int = 0
    rep_seconds: int = 0
    rest_seconds: int = 0
    each_side: bool = False

    @property
    def holds(self) -> bool:
        return self.hold_seconds > 0

    @property
    def seconds_per_rep(self) -> int:
        return self.hold_seconds or self.rep_seconds

    @property
    def sides(self) -> int:
        return 2 if self.each_side else 1

    @property
    def total_seconds(self) -> int:
        return sum(seconds for _, seconds in self.parts())

    def parts(self) -> tuple[tuple[str, int], ...]:
        """The timed parts of the whole dose, in order, as (label, seconds): each hold or
        repetition, the rests between sets and a pause to change sides. The web player builds
        the same list in player.js."""
        found: list[tuple[str, int]] = []
        for side in range(1, self.sides + 1):
            for set_no in range(1, self.sets + 1):
                where = ""
                if self.sides > 1:
                    where += ("First side" if side == 1 else "Other side") + " · "
                if self.sets > 1:
                    where += f"set {set_no} of {self.sets} · "
                for rep in range(1, self.reps + 1):
                    verb = "hold " if self.holds else ""
                    label = f"{where}{verb}{rep} of {self.reps}"
                    found.append((label[:1].upper() + label[1:], self.seconds_per_rep))
                if set_no < self.sets and self.rest_seconds:
                    found.append((f"Rest before set {set_no + 1}", self.rest_seconds))
            if side < self.sides:
                found.append(("Change to the other side", CHANGE_SIDES_SECONDS))
        return tuple(found)

    def words(self) -> str:
        """'Hold for 20 seconds, 3 times, on each side' or '10 times, 2 sets, 30 seconds' rest
        between sets'."""
        times = "once" if self.reps == 1 else "twice" if self.reps == 2 else f"{self.reps} times"
        text = times.capitalize()
        if self.holds:
            text = f"Hold for {self.hold_seconds} seconds, {times}"
        if self.sets > 1:
            text += f", {self.sets} sets"
            if self.rest_seconds:
                text += f", {self.rest_seconds} seconds' rest between sets"
        if self.each_side:
            text += ", on each side"
        return text


@dataclass(frozen=True)
class Step:
    id: str
    cue: str
    optional: bool
    variants: tuple[str, ...] = ()  # empty: the step belongs to every variant
    pose: Pose | None = None  # None: drawn in the chosen variant's pose
    title: str = ""
    dose: Dose | None = None  # an exercise's repetitions, holds and sets

    def belongs_to(self, variant_id: str) -> bool:
        return not self.variants or variant_id in self.variants

    @property
    def alt(self) -> str:
        return describe(self.pose) if self.pose is not None else ""


@dataclass(frozen=True)
class Variant:
    """One way to set up the routine (on the back, knees up, on the side ...)."""

    id: str
    name: str
    summary: str
    suits: str
    pose: Pose | None = None

    @property
    def alt(self) -> str:
        return describe(self.pose) if self.pose is not None else ""


@dataclass(frozen=True)
class StopRule:
    """A sign to stop at, and what to do; `emergency` signs need help even if they settle."""

    sign: str
    action: str  # may say {emergency_number}
    emergency: bool


@dataclass(frozen=True)
class Minutes:
    default: int
    min: int
    max: int


@dataclass(frozen=True)
class Evidence:
    certainty: str
    note: str


@dataclass(frozen=True)
class Protocol:
    id: str
    title: str
    summary: str
    equipment: tuple[Equipment, ...]
    steps: tuple[Step, ...]
    what_to_expect: tuple[str, ...]
    stop_if: tuple[StopRule, ...]
    minutes: Minutes
    evidence: Evidence
    sources: tuple[Source, ...]
    variants: tuple[Variant, ...]  # a rest has at least one, the first the default
    kind: str = REST

    @property
    def is_exercise(self) -> bool:
        return self.kind == EXERCISE

    @property
    def default_variant(self) -> Variant:
        return self.variants[0]

    @property
    def default_variant_id(self) -> str:
        return self.variants[0].id if self.variants else ""

    @property
    def exercises(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.dose is not None)

    @property
    def estimated_minutes(self) -> int:
        """About how long the routine takes: its relaxation, or its exercises plus a little
        time to get into each position."""
        if not self.is_exercise:
            return self.minutes.default
        seconds = sum(s.dose.total_seconds + 20 * s.dose.sides for s in self.exercises if s.dose)
        return max(1, round(seconds / 60))

    def pose_for(self, step: Step, variant_id: str) -> Pose | None:
        """The position a step shows for one set-up."""
        if step.pose is not None:
            return step.pose
        for variant in self.variants:
            if variant.id == variant_id:
                return variant.pose
        return None

    def variant(self, variant_id: str) -> Variant:
        for variant in self.variants:
            if variant.id == variant_id:
                return variant
        known = ", ".join(v.id for v in self.variants)
        raise ValueError(f"unknown variant {variant_id!r} for {self.id} (known: {known})")

    def steps_for(self, variant_id: str) -> tuple[Step, ...]:
        """The steps of one variant, in order."""
        return tuple(s for s in self.steps if s.belongs_to(variant_id))

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def validate_minutes(self, value: int) -> int:
        """The value itself if it is a whole number inside the range, else a clear ValueError."""
        if self.is_exercise:
            raise ValueError(f"{self.title!r} is an exercise routine; it has no relaxation length.")
        low, high = self.minutes.min, self.minutes.max
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"minutes must be a whole number from {low} to {high}.")
        if not low <= value <= high:
            raise ValueError(
                f"minutes must be between {low} and {high} for {self.title!r}; got {value}."
            )
        return value

    def clamp_minutes(self, value: int) -> int:
        return max(self.minutes.min, min(self.minutes.max, int(value)))


class _Reader:
    """Typed access to one file's raw TOML with errors that name the file and the field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, message: str) -> ProtocolDataError:
        return ProtocolDataError(f"{self.path.name}: {message}")

    def table(self, raw: dict[str, Any], key: str, where: str = "") -> dict[str, Any]:
        value = raw.get(key)
        if not isinstance(value, dict):
            raise self.error(f"{where}{key} must be a table")
        return value

    def tables(self, raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = raw.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.error(f"{key} must be a non-empty list of tables ([[{key}]])")
        return value

    def text(self, raw: dict[str, Any], key: str, where: str = "") -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{where}{key} must be non-empty text")
        return value.strip()

    def texts(self, raw: dict[str, Any], key: str, where: str = "") -> tuple[str, ...]:
        value = raw.get(key)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise self.error(f"{where}{key} must be a non-empty list of text")
        return tuple(v.strip() for v in value)

    def integer(self, raw: dict[str, Any], key: str, where: str = "") -> int:
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"{where}{key} must be a whole number")
        return value

    def flag(self, raw: dict[str, Any], key: str, where: str = "") -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            raise self.error(f"{where}{key} must be true or false")
        return value

    def ident(self, raw: dict[str, Any], key: str, where: str = "") -> str:
        value = self.text(raw, key, where)
        if not _ID.match(value):
            raise self.error(f"{where}{key} {value!r} must be lower_snake_case")
        return value


def parse_file(path: Path) -> Protocol:
    """Read and validate one protocol file."""
    r = _Reader(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise r.error(f"not valid TOML ({exc})") from exc

    protocol_id = r.ident(raw, "id")
    if protocol_id != path.stem:
        raise r.error(f"id {protocol_id!r} must match the file name {path.stem!r}")
    kind = raw.get("kind", REST)
    if kind not in KINDS:
        raise r.error(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")

    equipment = tuple(
        Equipment(
            id=r.ident(e, "id", f"equipment[{i}]."),
            name=r.text(e, "name", f"equipment[{i}]."),
            note=r.text(e, "note", f"equipment[{i}]."),
            optional=r.flag(e, "optional", f"equipment[{i}]."),
        )
        for i, e in enumerate(r.tables(raw, "equipment"))
    )
    variants = _variants(r, raw, required=kind == REST)
    variant_ids = [v.id for v in variants]
    steps = tuple(
        _step(r, s, f"steps[{i}].", variant_ids, kind) for i, s in enumerate(r.tables(raw, "steps"))
    )
    for label, ids in (("equipment", [e.id for e in equipment]), ("steps", [s.id for s in steps])):
        duplicates = sorted({x for x in ids if ids.count(x) > 1})
        if duplicates:
            raise r.error(f"{label} ids must be unique; repeated: {', '.join(duplicates)}")
    if kind == REST:
        if RELAX_STEP not in {s.id for s in steps}:
            raise r.error(f'steps must include a step with id "{RELAX_STEP}"')
        if any(s.variants for s in steps if s.id == RELAX_STEP):
            raise r.error(f'the "{RELAX_STEP}" step belongs to every variant')
    elif not any(s.dose for s in steps):
        raise r.error("an exercise routine needs at least one step with reps")

    if kind == REST or "minutes" in raw:
        m = r.table(raw, "minutes")
        minutes = Minutes(
            default=r.integer(m, "default", "minutes."),
            min=r.integer(m, "min", "minutes."),
            max=r.integer(m, "max", "minutes."),
        )
    else:
        minutes = Minutes(default=1, min=1, max=1)
    if not 1 <= minutes.min <= minutes.default <= minutes.max <= 180:
        raise r.error(
            "minutes must satisfy 1 <= min <= default <= max <= 180; "
            f"got min={minutes.min}, default={minutes.default}, max={minutes.max}"
        )

    stop_if = tuple(
        StopRule(
            sign=r.text(rule, "sign", f"stop_if[{i}]."),
            action=r.text(rule, "action", f"stop_if[{i}]."),
            emergency=r.flag(rule, "emergency", f"stop_if[{i}]."),
        )
        for i, rule in enumerate(r.tables(raw, "stop_if"))
    )
    if not any(rule.emergency for rule in stop_if):
        raise r.error("stop_if must name the signs that need emergency help (emergency = true)")
    ev = r.table(raw, "evidence")
    evidence = Evidence(
        certainty=r.ident(ev, "certainty", "evidence."), note=r.text(ev, "note", "evidence.")
    )
    sources = tuple(
        Source(name=r.text(s, "label", f"sources[{i}]."), url=r.text(s, "url", f"sources[{i}]."))
        for i, s in enumerate(r.tables(raw, "sources"))
    )
    for i, source in enumerate(sources):
        if not (source.url or "").startswith(("https://", "http://")):
            raise r.error(f"sources[{i}].url must start with https:// or http://")

    return Protocol(
        id=protocol_id,
        title=r.text(raw, "title"),
        summary=r.text(raw, "summary"),
        equipment=equipment,
        steps=steps,
        what_to_expect=r.texts(r.table(raw, "what_to_expect"), "items", "what_to_expect."),
        stop_if=stop_if,
        minutes=minutes,
        evidence=evidence,
        sources=sources,
        variants=variants,
        kind=kind,
    )


def _pose(r: "_Reader", raw: Any, where: str) -> Pose:
    if raw is None:
        raise r.error(f"{where}pose is missing: every step and variant is drawn from its pose")
    try:
        return pose_from_dict(raw, f"{where}pose.")
    except FigureDataError as exc:
        raise r.error(str(exc)) from None


def _variants(r: "_Reader", raw: dict[str, Any], required: bool) -> tuple[Variant, ...]:
    if not required and "variants" not in raw:
        return ()
    raw_variants = r.tables(raw, "variants")
    variants = tuple(
        Variant(
            id=r.ident(v, "id", f"variants[{i}]."),
            name=r.text(v, "name", f"variants[{i}]."),
            summary=r.text(v, "summary", f"variants[{i}]."),
            suits=r.text(v, "suits", f"variants[{i}]."),
            pose=_pose(r, v.get("pose"), f"variants[{i}]."),
        )
        for i, v in enumerate(raw_variants)
    )
    if [v.get("id") for v in raw_variants if v.get("default")] != [variants[0].id]:
        raise r.error("the first variant, and only it, must say default = true")
    variant_ids = [v.id for v in variants]
    repeated = sorted({x for x in variant_ids if variant_ids.count(x) > 1})
    if repeated:
        raise r.error(f"variants ids must be unique; repeated: {', '.join(repeated)}")
    return variants


def _step(r: "_Reader", raw: dict[str, Any], where: str, variant_ids: list[str], kind: str) -> Step:
    raw_pose = raw.get("pose")
    if raw_pose == "variant":
        if not variant_ids:
            raise r.error(f'{where}pose = "variant" needs [[variants]] with a pose each')
        pose = None
    else:
        pose = _pose(r, raw_pose, where)
    dose = _dose(r, raw, where)
    if dose is not None and kind != EXERCISE:
        raise r.error(f'{where}reps belong to an exercise routine (kind = "exercise")')
    title = raw.get("title", "")
    if dose is not None:
        title = r.text(raw, "title", where)
    elif not isinstance(title, str):
        raise r.error(f"{where}title must be text")
    return Step(
        id=r.ident(raw, "id", where),
        cue=r.text(raw, "cue", where),
        optional=r.flag(raw, "optional", where),
        variants=_step_variants(r, raw, where, variant_ids),
        pose=pose,
        title=title.strip(),
        dose=dose,
    )


def _dose(r: "_Reader", raw: dict[str, Any], where: str) -> Dose | None:
    dose_keys = ("reps", "sets", "hold_seconds", "rep_seconds", "rest_seconds", "each_side")
    if not any(k in raw for k in dose_keys):
        return None

    def bounded(key: str, low: int, high: int, default: int) -> int:
        value = r.integer(raw, key, where) if key in raw else default
        if not low <= value <= high:
            raise r.error(f"{where}{key} must be from {low} to {high}; got {value}")
        return value

    dose = Dose(
        reps=bounded("reps", 1, 30, 0) if "reps" in raw else 0,
        sets=bounded("sets", 1, 5, 1),
        hold_seconds=bounded("hold_seconds", 1, 120, 0) if "hold_seconds" in raw else 0,
        rep_seconds=bounded("rep_seconds", 1, 20, 0) if "rep_seconds" in raw else 0,
        rest_seconds=bounded("rest_seconds", 0, 180, 0),
        each_side=r.flag(raw, "each_side", where),
    )
    if not dose.reps:
        raise r.error(f"{where}reps is missing: how many repetitions?")
    if bool(dose.hold_seconds) == bool(dose.rep_seconds):
        raise r.error(
            f"{where}give either hold_seconds (each repetition held, with a timer) or "
            "rep_seconds (the pace of each repetition, counted), not both or neither"
        )
    if dose.sets > 1 and not dose.rest_seconds:
        raise r.error(f"{where}rest_seconds is missing: how long to rest between sets?")
    return dose


def _step_variants(
    r: "_Reader", raw: dict[str, Any], where: str, known: list[str]
) -> tuple[str, ...]:
    value = raw.get("variants", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise r.error(f"{where}variants must be a list of variant ids")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise r.error(f"{where}variants names unknown variant(s): {', '.join(unknown)}")
    return tuple(value)


@cache
def protocols(data_dir: Path | None = None) -> dict[str, Protocol]:
    """Every protocol in the data folder (default: the shipped one), keyed and sorted by id."""
    folder = DATA_DIR if data_dir is None else Path(data_dir)
    found = {p.id: p for p in (parse_file(path) for path in sorted(folder.glob("*.toml")))}
    if not found:
        raise ProtocolDataError(f"no self-care protocol files (*.toml) in {folder}")
    return found


def get(protocol_id: str, data_dir: Path | None = None) -> Protocol:
    available = protocols(data_dir)
    try:
        return available[protocol_id]
    except KeyError:
        raise UnknownProtocolError(protocol_id, sorted(available)) from None
