"""The fair test's shapes in the API: what a member sends and what they get back. A slot's
condition is null until its day, here as on the pages."""

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field, StrictInt

from hiphub.journal.schemas import ProtocolId
from hiphub.reports import experiment as design
from hiphub.reports import experiments
from hiphub.reports.models import Experiment, ExperimentSlot
from hiphub.selfcare.protocol import protocols

Rating = StrictInt | None


class ExperimentIn(Schema):
    routine_a: ProtocolId = Field(
        default="positional_release", max_length=64,
        description="The routine to test: a self-care protocol id.",
    )
    routine_b: str = Field(
        default=design.REST, max_length=64,
        description='What to compare it with: "rest" (a plain rest of the same length) or a '
        "second protocol id.",
        json_schema_extra=lambda schema: schema.update(enum=[design.REST, *sorted(protocols())]),
    )
    weeks: StrictInt = Field(description="4 or 6.")
    weekdays: list[StrictInt] = Field(
        max_length=7, description="The days of the sessions, 0 = Monday … 6 = Sunday; 3 to 7."
    )
    block_size: StrictInt | None = Field(
        default=None,
        description="2 or 4; by default 4 when the number of sessions divides by 4, else 2.",
    )
    minutes: StrictInt | None = Field(
        default=None, description="Length of a rest session; by default the routine's length."
    )
    first_day: date | None = Field(default=None, description="Today by default.")


class RatingsIn(Schema):
    pain_before: Rating = Field(default=None, ge=0, le=10, description="On the slot's day.")
    pain_after: Rating = Field(default=None, ge=0, le=10, description="On the slot's day.")
    pain_morning: Rating = Field(
        default=None, ge=0, le=10, description="On the morning after the slot's day."
    )


class SlotOut(Schema):
    day: date
    condition: str | None = Field(description='"a" or "b"; null until the slot\'s day.')
    does: str | None = Field(description="What to do, in words; null until the slot's day.")
    routine: str | None = Field(
        description='The protocol id to follow, or "rest"; null until the slot\'s day.'
    )
    pain_before: int | None
    pain_after: int | None
    pain_morning: int | None


class ProgressOut(Schema):
    planned: int
    past: int = Field(description="Slots whose day has come.")
    rated: int = Field(description="Slots with at least one rating.")


class ComparisonOut(Schema):
    outcome: str = Field(description='"change" (before − after) or "morning" (pain next day).')
    rated_a: int
    rated_b: int
    mean_a: float | None
    mean_b: float | None
    difference: float | None = Field(description="A's advantage in points (positive: A better).")
    interval: list[float] | None = Field(description="95 %, by inverting the randomisation test.")
    p: float | None = Field(description="Two-sided randomisation test.")
    method: str


class ResultOut(Schema):
    verdict: str
    lines: list[str]
    comparisons: list[ComparisonOut]


class ExperimentOut(Schema):
    id: int
    status: str = Field(description='"running", "finished" or "stopped".')
    routine_a: str
    routine_b: str
    name_a: str
    name_b: str
    weeks: int
    weekdays: list[int]
    block_size: int
    minutes: int
    first_day: date
    last_day: date
    created_at: datetime
    ended_at: datetime | None
    today: SlotOut | None = Field(description="Today's slot, if one is planned today.")
    yesterday: SlotOut | None = Field(
        description="Yesterday's slot, whose next-morning rating is due today."
    )
    progress: ProgressOut
    slots: list[SlotOut]
    result: ResultOut | None = Field(description="Once the test has finished or was stopped.")


def slot_out(test: Experiment, slot: ExperimentSlot, today: date) -> dict[str, Any]:
    shown = design.revealed(slot.day, today)
    routine = experiments.routine_of(test, slot)
    return {
        "day": slot.day,
        "condition": slot.condition if shown else None,
        "does": experiments.condition_name(routine) if shown else None,
        "routine": routine if shown else None,
        "pain_before": slot.pain_before,
        "pain_after": slot.pain_after,
        "pain_morning": slot.pain_morning,
    }


def experiment_out(test: Experiment, today: date) -> dict[str, Any]:
    slots = list(test.slots.all())  # in position order
    by_day = {s.day: s for s in slots}
    state = test.state(today)
    found = None
    if state != "running":
        outcome = experiments.result(test)
        found = {
            "verdict": outcome.verdict,
            "lines": outcome.lines,
            "comparisons": [
                {**c.__dict__, "interval": list(c.interval) if c.interval else None}
                for c in outcome.comparisons
            ],
        }
    progress = experiments.progress(test, today)
    yesterday = by_day.get(date.fromordinal(today.toordinal() - 1))
    return {
        "id": test.pk,
        "status": state,
        "routine_a": test.routine_a,
        "routine_b": test.routine_b,
        "name_a": experiments.condition_name(test.routine_a),
        "name_b": experiments.condition_name(test.routine_b),
        "weeks": test.weeks,
        "weekdays": test.weekdays,
        "block_size": test.block_size,
        "minutes": test.minutes,
        "first_day": test.first_day,
        "last_day": test.last_day,
        "created_at": test.created_at,
        "ended_at": test.ended_at,
        "today": slot_out(test, by_day[today], today) if today in by_day else None,
        "yesterday": slot_out(test, yesterday, today) if yesterday else None,
        "progress": progress.__dict__,
        "slots": [slot_out(test, s, today) for s in slots],
        "result": found,
    }
