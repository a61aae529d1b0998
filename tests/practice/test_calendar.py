"""A member's home plan as an iCalendar file, read back with the icalendar library as a
calendar app would: the calendar's name, one weekly event per routine with its title, length,
days, first day, hour and time zone, and which plan and version it came from."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from hiphub.practice import calendar
from hiphub.practice.plan import PlannedItem

TUESDAY = date(2026, 11, 24)
STAMP = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
PAGE = "https://hiphub.example/practice/"
REST = PlannedItem("positional_release", "knees_up", 3, minutes=20)  # Mon, Wed, Sat
STRENGTH = PlannedItem("hip_trunk_strength", "", 2, repetitions=10)  # Mon, Fri


def build(*plans: calendar.CalendarPlan, hour: int = 18, zone: str = "Europe/Berlin") -> bytes:
    return calendar.build(plans, hour=hour, zone=zone, page_url=PAGE, site="hiphub",
                          stamp=STAMP)


def events(ics: bytes) -> dict[str, dict[str, object]]:
    """Each event by its UID, as the values a calendar app reads."""
    found = {}
    for event in Calendar.from_ical(ics).walk("VEVENT"):
        rule = event["RRULE"]
        found[str(event["UID"])] = {
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "sequence": int(event["SEQUENCE"]),
            "stamp": event["DTSTAMP"].dt,
            "start": event["DTSTART"].dt,
            "length": event["DURATION"].dt,
            "repeats": (list(rule["FREQ"]), list(rule["BYDAY"])),
            "url": str(event["URL"]),
        }
    return found


def test_a_rest_routine_is_a_weekly_event_on_its_days_at_the_reminder_hour() -> None:
    ics = build(calendar.CalendarPlan(7, 2, TUESDAY, (REST,)))
    assert events(ics) == {
        "plan-7-positional_release@hiphub": {
            "summary": "Supported positional release rest (on your back, knees up), 20 minutes",
            "description": "Your home plan: Supported positional release rest (on your back, "
            "knees up), 3 times a week, 20 minutes. https://hiphub.example/practice/",
            "sequence": 2,
            "stamp": STAMP,
            "start": datetime(2026, 11, 25, 18, 0, tzinfo=ZoneInfo("Europe/Berlin")),
            "length": timedelta(minutes=20),
            "repeats": (["WEEKLY"], ["MO", "WE", "SA"]),
            "url": PAGE,
        }
    }


def test_an_exercise_routine_is_booked_for_a_quarter_of_an_hour() -> None:
    ics = build(calendar.CalendarPlan(7, 1, TUESDAY, (STRENGTH,)))
    event = events(ics)["plan-7-hip_trunk_strength@hiphub"]
    assert event["summary"] == "Hip and trunk strengthening, 10 repetitions"
    assert event["description"] == (
        "Your home plan: Hip and trunk strengthening, twice a week, 10 repetitions. " + PAGE
    )
    assert event["length"] == timedelta(minutes=15)
    assert event["repeats"] == (["WEEKLY"], ["MO", "FR"])
    assert event["start"] == datetime(2026, 11, 27, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_the_first_event_is_the_first_planned_day_from_the_plans_start() -> None:
    def first(starts_on: date, item: PlannedItem) -> date:
        (event,) = events(build(calendar.CalendarPlan(1, 1, starts_on, (item,)))).values()
        start = event["start"]
        assert isinstance(start, datetime)
        return start.date()

    monday = date(2026, 11, 23)
    assert first(monday, REST) == monday  # a planned day itself
    assert first(TUESDAY, REST) == date(2026, 11, 25)  # the Wednesday after
    assert first(date(2026, 11, 26), REST) == date(2026, 11, 28)  # Thursday: on to Saturday
    assert first(date(2026, 11, 29), REST) == date(2026, 11, 30)  # Sunday: the next Monday
    every_day = PlannedItem("positional_release", "", 7, minutes=20)
    assert first(date(2026, 11, 29), every_day) == date(2026, 11, 29)


def test_each_routine_of_each_plan_is_its_own_event_named_by_plan_and_version() -> None:
    ics = build(
        calendar.CalendarPlan(7, 2, TUESDAY, (REST, STRENGTH)),
        calendar.CalendarPlan(9, 5, TUESDAY, (REST,)),
    )
    assert {uid: event["sequence"] for uid, event in events(ics).items()} == {
        "plan-7-positional_release@hiphub": 2,
        "plan-7-hip_trunk_strength@hiphub": 2,
        "plan-9-positional_release@hiphub": 5,
    }


def test_the_calendar_is_named_for_the_site_and_carries_its_time_zone() -> None:
    ics = build(calendar.CalendarPlan(7, 2, TUESDAY, (REST,)), hour=7, zone="America/New_York")
    parsed = Calendar.from_ical(ics)
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["PRODID"]) == "-//hiphub//home plan//EN"
    assert str(parsed["X-WR-CALNAME"]) == "hiphub: my home plan"
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["America/New_York"]
    assert b"DTSTART;TZID=America/New_York:20261125T070000" in ics
    (event,) = events(ics).values()
    assert event["start"] == datetime(2026, 11, 25, 7, 0, tzinfo=ZoneInfo("America/New_York"))


def test_in_utc_the_hour_is_written_in_utc_with_no_zone_to_define() -> None:
    ics = build(calendar.CalendarPlan(7, 2, TUESDAY, (REST,)), hour=20, zone="UTC")
    assert b"DTSTART:20261125T200000Z" in ics
    assert not Calendar.from_ical(ics).walk("VTIMEZONE")


def test_no_plan_is_an_empty_calendar_that_still_opens() -> None:
    parsed = Calendar.from_ical(build())
    assert str(parsed["X-WR-CALNAME"]) == "hiphub: my home plan"
    assert parsed.walk("VEVENT") == [] and parsed.walk("VTIMEZONE") == []
