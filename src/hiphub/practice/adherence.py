"""How sessions compare with a home programme, said without shame. Pure: no ORM, no request.

This week (Monday to Sunday) is held against the weekly target of the plan in force today,
whole, even when the plan began mid-week: "1 of 3 planned this week". The last 7 and 28 days
are counted day by day: each day a routine is planned n times a week adds n/7 of a session
(exact fractions), and the sum is rounded up, so a plan one day old asks for one session, and
four whole weeks of "3 a week" for exactly 12. Sessions beyond the plan are said as "plus N
more", never subtracted from anything; there are no streaks, nothing resets, and rest days are
part of the plan, not gaps in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from math import ceil

from hiphub.practice.plan import PlannedItem, rest_days


@dataclass(frozen=True)
class PlanVersion:
    """A plan in force from `since` (a local date) until the next version's `since`."""

    since: date
    items: tuple[PlannedItem, ...]


@dataclass(frozen=True)
class Count:
    done: int  # sessions of planned routines, up to the number planned
    planned: int
    extra: int  # sessions of planned routines beyond the number planned

    def words(self, period: str) -> str:
        """'3 of 4 planned this week', '4 of 4 planned in the last 7 days, plus 1 more'."""
        if self.planned == 0:
            return f"nothing planned {period}" + (
                f"; {self.extra} done anyway" if self.extra else ""
            )
        text = f"{self.done} of {self.planned} planned {period}"
        return text + (f", plus {self.extra} more" if self.extra else "")


@dataclass(frozen=True)
class Adherence:
    this_week: Count
    last_7_days: Count
    last_28_days: Count
    rest_days_this_week: int

    def sentences(self) -> list[str]:
        rest = self.rest_days_this_week
        return [
            self.this_week.words("this week").capitalize() + ".",
            self.last_7_days.words("in the last 7 days").capitalize() + ".",
            self.last_28_days.words("in the last 28 days").capitalize() + ".",
            "Rest days are part of the plan"
            + (f": {rest} this week." if rest else "; this plan has none this week."),
        ]

    def as_dict(self) -> dict[str, object]:
        def count(c: Count) -> dict[str, int]:
            return {"done": c.done, "planned": c.planned, "extra": c.extra}

        return {
            "this_week": count(self.this_week),
            "last_7_days": count(self.last_7_days),
            "last_28_days": count(self.last_28_days),
            "rest_days_this_week": self.rest_days_this_week,
            "sentences": self.sentences(),
        }


def _in_force(versions: Sequence[PlanVersion], day: date) -> PlanVersion | None:
    found = None
    for version in sorted(versions, key=lambda v: v.since):
        if version.since <= day:
            found = version
    return found


def count(
    versions: Sequence[PlanVersion],
    sessions: Sequence[tuple[date, str]],
    first: date,
    last: date,
) -> Count:
    """Sessions (local date, routine id) from `first` to `last` inclusive against the plan."""
    planned_by_routine: dict[str, Fraction] = {}
    done_by_routine: dict[str, int] = {}
    day = first
    while day <= last:
        version = _in_force(versions, day)
        if version is not None:
            for item in version.items:
                share = Fraction(item.times_per_week, 7)
                planned_by_routine[item.protocol] = (
                    planned_by_routine.get(item.protocol, Fraction(0)) + share
                )
        day += timedelta(days=1)
    for when, routine in sessions:
        version = _in_force(versions, when)
        planned_then = version is not None and any(i.protocol == routine for i in version.items)
        if first <= when <= last and planned_then:
            done_by_routine[routine] = done_by_routine.get(routine, 0) + 1
    done = extra = planned_total = 0
    for routine in planned_by_routine.keys() | done_by_routine.keys():
        planned = ceil(planned_by_routine.get(routine, Fraction(0)))
        did = done_by_routine.get(routine, 0)
        planned_total += planned
        done += min(did, planned)
        extra += max(0, did - planned)
    return Count(done=done, planned=planned_total, extra=extra)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def this_week(
    versions: Sequence[PlanVersion], sessions: Sequence[tuple[date, str]], today: date
) -> Count:
    """Sessions from Monday to today of each routine in today's plan, against its weekly
    target (whole, whenever in the week the plan began)."""
    current = _in_force(versions, today)
    if current is None:
        return Count(done=0, planned=0, extra=0)
    monday = week_start(today)
    done = extra = planned_total = 0
    for item in current.items:
        did = sum(1 for when, routine in sessions
                  if routine == item.protocol and monday <= when <= today)
        planned_total += item.times_per_week
        done += min(did, item.times_per_week)
        extra += max(0, did - item.times_per_week)
    return Count(done=done, planned=planned_total, extra=extra)


def adherence(
    versions: Sequence[PlanVersion], sessions: Sequence[tuple[date, str]], today: date
) -> Adherence:
    current = _in_force(versions, today)
    return Adherence(
        this_week=this_week(versions, sessions, today),
        last_7_days=count(versions, sessions, today - timedelta(days=6), today),
        last_28_days=count(versions, sessions, today - timedelta(days=27), today),
        rest_days_this_week=rest_days(current.items) if current else 7,
    )
