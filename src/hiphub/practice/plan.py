"""Home programmes as plain data: what a routine in a plan is, which days it falls on, how to
say it, and what changed between two versions. Pure: no ORM, no request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from hiphub.selfcare.protocol import UnknownProtocolError, get, protocols

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_REPETITIONS = 100


@dataclass(frozen=True)
class PlannedItem:
    """One routine of a plan: `minutes` or `repetitions`, never both."""

    protocol: str
    variant: str
    times_per_week: int
    minutes: int | None = None
    repetitions: int | None = None

    def fields(self) -> dict[str, Any]:
        return asdict(self)


class PlanError(ValueError):
    """A plan that cannot be stored; `field` names the part at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_items(items: Sequence[PlannedItem]) -> list[PlannedItem]:
    """The items as given, or PlanError naming the first problem: unknown routine or set-up,
    a routine twice, a frequency outside 1–7 a week, a dose that is not one of minutes
    (within the routine's range) or repetitions (1–100)."""
    if not items:
        raise PlanError("items", "a plan needs at least one routine")
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"items[{i}]"
        try:
            protocol = get(item.protocol)
        except UnknownProtocolError as exc:
            raise PlanError(f"{where}.protocol", str(exc)) from None
        if item.protocol in seen:
            raise PlanError(f"{where}.protocol", f"{protocol.title!r} is in the plan twice")
        seen.add(item.protocol)
        if item.variant:
            try:
                protocol.variant(item.variant)
            except ValueError as exc:
                raise PlanError(f"{where}.variant", str(exc)) from None
        if isinstance(item.times_per_week, bool) or not 1 <= item.times_per_week <= 7:
            raise PlanError(f"{where}.times_per_week", "times a week must be from 1 to 7")
        if (item.minutes is None) == (item.repetitions is None):
            raise PlanError(f"{where}.minutes", "give either minutes or repetitions, not both")
        if item.minutes is not None:
            try:
                protocol.validate_minutes(item.minutes)
            except ValueError as exc:
                raise PlanError(f"{where}.minutes", str(exc)) from None
        if item.repetitions is not None and not 1 <= item.repetitions <= MAX_REPETITIONS:
            raise PlanError(
                f"{where}.repetitions", f"repetitions must be from 1 to {MAX_REPETITIONS}"
            )
    return list(items)


def planned_weekdays(times_per_week: int) -> tuple[int, ...]:
    """The days (0 = Monday) a routine done n times a week falls on, spread over the week
    with rest days between: 1 → Mon; 2 → Mon, Fri; 3 → Mon, Wed, Sat; 7 → every day."""
    n = max(1, min(7, times_per_week))
    return tuple(sorted({int(i * 7 / n + 0.5) % 7 for i in range(n)}))


def plan_days(items: Sequence[PlannedItem]) -> tuple[int, ...]:
    """Every weekday on which any routine of the plan falls."""
    return tuple(sorted({d for item in items for d in planned_weekdays(item.times_per_week)}))


def rest_days(items: Sequence[PlannedItem]) -> int:
    return 7 - len(plan_days(items))


def routine_title(protocol_id: str) -> str:
    try:
        return get(protocol_id).title
    except UnknownProtocolError:
        return protocol_id


def variant_name(protocol_id: str, variant_id: str) -> str:
    if not variant_id:
        return ""
    try:
        return get(protocol_id).variant(variant_id).name
    except (UnknownProtocolError, ValueError):
        return variant_id


def times_words(n: int) -> str:
    return {1: "once a week", 2: "twice a week"}.get(n, f"{n} times a week")


def dose_words(item: PlannedItem) -> str:
    if item.minutes is not None:
        return f"{item.minutes} minutes"
    reps = item.repetitions or 0
    return f"{reps} repetition" + ("" if reps == 1 else "s")


def routine_words(item: PlannedItem) -> str:
    """'Supported positional release rest (on your back, knees up)'."""
    variant = variant_name(item.protocol, item.variant)
    return routine_title(item.protocol) + (f" ({variant.lower()})" if variant else "")


def describe(item: PlannedItem) -> str:
    """'Supported positional release rest (on your back, knees up), 3 times a week, 20
    minutes'."""
    return f"{routine_words(item)}, {times_words(item.times_per_week)}, {dose_words(item)}"


def days_words(days: Sequence[int]) -> str:
    names = [DAY_NAMES[d] for d in days]
    if len(names) == 7:
        return "every day"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def changes(
    old: Sequence[PlannedItem] | None, new: Sequence[PlannedItem], old_note: str, new_note: str
) -> list[str]:
    """What a new version changed, one sentence each ([] for the first version)."""
    if old is None:
        return []
    before = {item.protocol: item for item in old}
    after = {item.protocol: item for item in new}
    said: list[str] = []
    for protocol, item in after.items():
        title = routine_title(protocol)
        was = before.get(protocol)
        if was is None:
            said.append(f"Added: {describe(item)}.")
            continue
        if was.times_per_week != item.times_per_week:
            said.append(
                f"{title}: {times_words(item.times_per_week)} instead of "
                f"{times_words(was.times_per_week)}."
            )
        if dose_words(was) != dose_words(item):
            said.append(f"{title}: {dose_words(item)} instead of {dose_words(was)}.")
        if was.variant != item.variant:
            new_name = variant_name(protocol, item.variant) or "any set-up"
            old_name = variant_name(protocol, was.variant) or "any set-up"
            said.append(f"{title}: {new_name.lower()} instead of {old_name.lower()}.")
    for protocol in before.keys() - after.keys():
        said.append(f"Taken out: {routine_title(protocol)}.")
    if old_note.strip() != new_note.strip():
        said.append("The note from your therapist is new." if new_note.strip() else
                    "The note from your therapist was removed.")
    return said


def routine_choices() -> list[tuple[str, str]]:
    """Every routine a plan may hold, as (id, title)."""
    return [(p.id, p.title) for p in protocols().values()]
