"""A member's plan as an iCalendar file: one weekly recurring event per routine, on the
days the plan spreads it over, at the start of their reminder window. Built with the
`icalendar` library; no ORM here (views and tasks hand in the plans)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from hiphub.practice import plan


@dataclass(frozen=True)
class CalendarPlan:
    link_id: int
    version: int
    starts_on: date
    items: tuple[plan.PlannedItem, ...]


def _first_day(starts_on: date, days: Sequence[int]) -> date:
    day = starts_on
    while day.weekday() not in days:
        day += timedelta(days=1)
    return day


def build(
    plans: Sequence[CalendarPlan], *, hour: int, zone: str, page_url: str, site: str,
    stamp: datetime,
) -> bytes:
    """The calendar: no therapist names and no notes, only routines, days and lengths."""
    cal = Calendar()
    cal.add("prodid", f"-//{site}//home plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{site}: my home plan")
    tz = ZoneInfo(zone)
    for p in plans:
        for item in p.items:
            days = plan.planned_weekdays(item.times_per_week)
            first = _first_day(p.starts_on, days)
            event = Event()
            event.add("uid", f"plan-{p.link_id}-{item.protocol}@{site}")
            event.add("sequence", p.version)
            event.add("dtstamp", stamp)
            event.add("summary", f"{plan.routine_words(item)}, {plan.dose_words(item)}")
            event.add("description", f"Your home plan: {plan.describe(item)}. {page_url}")
            start = datetime.combine(first, time(hour), tzinfo=tz)
            event.add("dtstart", start)
            event.add("duration", timedelta(minutes=item.minutes or 15))
            event.add("rrule", vRecur(freq="WEEKLY", byday=[plan.ICAL_DAYS[d] for d in days]))
            event.add("url", page_url)
            cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
