"""Self-care protocols as data: one reviewed TOML file per protocol in `data/`. Pure: no ORM.

A second protocol is a new file, not new code. Every file is validated when it is read, and
a broken file raises `ProtocolDataError` naming the file and the field.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hiphub.core.sources import Source

DATA_DIR = Path(__file__).parent / "data"
RELAX_STEP = "relax"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


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
class Step:
    id: str
    cue: str
    optional: bool
    variants: tuple[str, ...] = ()  # empty: the step belongs to every variant

    def belongs_to(self, variant_id: str) -> bool:
        return not self.variants or variant_id in self.variants


@dataclass(frozen=True)
class Variant:
    """One way to set up the routine (on the back, knees up, on the side ...)."""

    id: str
    name: str
    summary: str
    suits: str


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
    variants: tuple[Variant, ...]  # at least one; the first is the default

    @property
    def default_variant(self) -> Variant:
        return self.variants[0]

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

    equipment = tuple(
        Equipment(
            id=r.ident(e, "id", f"equipment[{i}]."),
            name=r.text(e, "name", f"equipment[{i}]."),
            note=r.text(e, "note", f"equipment[{i}]."),
            optional=r.flag(e, "optional", f"equipment[{i}]."),
        )
        for i, e in enumerate(r.tables(raw, "equipment"))
    )
    raw_variants = r.tables(raw, "variants")
    variants = tuple(
        Variant(
            id=r.ident(v, "id", f"variants[{i}]."),
            name=r.text(v, "name", f"variants[{i}]."),
            summary=r.text(v, "summary", f"variants[{i}]."),
            suits=r.text(v, "suits", f"variants[{i}]."),
        )
        for i, v in enumerate(raw_variants)
    )
    if [v.get("id") for v in raw_variants if v.get("default")] != [variants[0].id]:
        raise r.error("the first variant, and only it, must say default = true")
    variant_ids = [v.id for v in variants]
    repeated = sorted({x for x in variant_ids if variant_ids.count(x) > 1})
    if repeated:
        raise r.error(f"variants ids must be unique; repeated: {', '.join(repeated)}")
    steps = tuple(
        Step(
            id=r.ident(s, "id", f"steps[{i}]."),
            cue=r.text(s, "cue", f"steps[{i}]."),
            optional=r.flag(s, "optional", f"steps[{i}]."),
            variants=_step_variants(r, s, f"steps[{i}].", variant_ids),
        )
        for i, s in enumerate(r.tables(raw, "steps"))
    )
    for label, ids in (("equipment", [e.id for e in equipment]), ("steps", [s.id for s in steps])):
        duplicates = sorted({x for x in ids if ids.count(x) > 1})
        if duplicates:
            raise r.error(f"{label} ids must be unique; repeated: {', '.join(duplicates)}")
    if RELAX_STEP not in {s.id for s in steps}:
        raise r.error(f'steps must include a step with id "{RELAX_STEP}"')
    if any(s.variants for s in steps if s.id == RELAX_STEP):
        raise r.error(f'the "{RELAX_STEP}" step belongs to every variant')

    m = r.table(raw, "minutes")
    minutes = Minutes(
        default=r.integer(m, "default", "minutes."),
        min=r.integer(m, "min", "minutes."),
        max=r.integer(m, "max", "minutes."),
    )
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
    )


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
