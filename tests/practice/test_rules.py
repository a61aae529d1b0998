"""The pure rules: how often-a-week spreads over the days, adherence counted without shame,
the two alerts, and when an email reminder goes out."""

from datetime import date, timedelta

import pytest

from hiphub.practice import adherence, alerts, reminders
from hiphub.practice.plan import PlannedItem, planned_weekdays

TUESDAY = date(2026, 11, 24)
PLAN = (PlannedItem("positional_release", "knees_up", 3, minutes=20),)


@pytest.mark.parametrize(
    ("times", "days"),
    [(1, (0,)), (2, (0, 4)), (3, (0, 2, 5)), (7, (0, 1, 2, 3, 4, 5, 6))],
)
def test_sessions_spread_over_the_week_with_rest_days_between(times, days) -> None:
    assert planned_weekdays(times) == days


def test_adherence_this_week_and_extra_sessions_are_never_subtracted() -> None:
    versions = [adherence.PlanVersion(TUESDAY - timedelta(days=60), PLAN)]
    done = [(TUESDAY, "positional_release")]
    result = adherence.adherence(versions, done, TUESDAY)
    assert result.this_week.words("this week") == "1 of 3 planned this week"
    assert result.rest_days_this_week == 4
    lots = [(TUESDAY - timedelta(days=d), "positional_release") for d in range(7)]
    result = adherence.adherence(versions, lots, TUESDAY)
    assert result.last_7_days == adherence.Count(done=3, planned=3, extra=4)
    assert "plus 4 more" in result.sentences()[1]


def test_a_quiet_fortnight_does_not_reset_anything() -> None:
    """Sessions four weeks ago still count in the 28 days after two quiet weeks."""
    versions = [adherence.PlanVersion(TUESDAY - timedelta(days=60), PLAN)]
    done = [(TUESDAY - timedelta(days=d), "positional_release") for d in (20, 22, 24)]
    result = adherence.adherence(versions, done, TUESDAY)
    assert result.last_28_days.done == 3 and result.last_28_days.planned == 12
    assert result.this_week.done == 0
    words = " ".join(result.sentences()).lower()
    assert "streak" not in words and "missed" not in words


def test_a_plan_that_starts_mid_week_holds_the_whole_week_and_a_share_of_the_days() -> None:
    sunday = TUESDAY + timedelta(days=5)
    versions = [adherence.PlanVersion(sunday, PLAN)]
    done = [(sunday, "positional_release")]
    result = adherence.adherence(versions, done, sunday)
    assert result.this_week == adherence.Count(done=1, planned=3, extra=0)
    assert result.last_7_days == adherence.Count(done=1, planned=1, extra=0)  # 3/7 rounded up
    assert result.last_28_days.planned == 1
    assert adherence.adherence(versions, [], TUESDAY).this_week.planned == 0  # not yet


def pains(recent: int, earlier: int) -> list[tuple[date, int]]:
    return [(TUESDAY - timedelta(days=d), recent) for d in (1, 5, 9)] + [
        (TUESDAY - timedelta(days=d), earlier) for d in (15, 20, 25)
    ]


def test_pain_rising_by_two_alerts_and_falling_does_not() -> None:
    rising = alerts.pain_rising(pains(recent=6, earlier=4), TUESDAY)
    assert rising is not None and rising.kind == "pain_rising"
    assert "6 in the last 14 days" in rising.detail
    assert alerts.pain_rising(pains(recent=4, earlier=6), TUESDAY) is None
    assert alerts.pain_rising(pains(recent=5, earlier=4), TUESDAY) is None  # by 1: no alert
    assert alerts.pain_rising(pains(recent=8, earlier=8)[:3], TUESDAY) is None  # no baseline


def test_safety_alert_for_urgent_and_emergency_only() -> None:
    assert alerts.safety("urgent_same_day", TUESDAY) is not None
    assert alerts.safety("emergency", TUESDAY) is not None
    assert alerts.safety("see_gp_soon", TUESDAY) is None
    assert alerts.safety(None, None) is None


def test_the_pain_alert_word_for_word() -> None:
    rising = alerts.pain_rising(pains(recent=6, earlier=4), TUESDAY)
    assert rising is not None
    assert rising.as_dict() == {
        "kind": "pain_rising",
        "headline": "Pain before sessions is rising",
        "detail": "Average pain before sessions was 6 in the last 14 days (3 sessions), "
        "against 4 in the 14 days before (3 sessions).",
    }


@pytest.mark.parametrize(
    ("days_ago", "fortnight"),
    [(0, "recent"), (13, "recent"), (14, "earlier"), (27, "earlier"), (28, None), (-1, None)],
)
def test_each_rating_falls_in_one_fortnight_counted_from_today(
    days_ago: int, fortnight: str | None
) -> None:
    """Today and the 13 days before are the last fortnight; the 14 days before those are the
    one it is compared with; older ratings (and any dated after today) count in neither."""
    when = TUESDAY - timedelta(days=days_ago)
    # A 10 among the recent ratings makes an alert (4 and 10 average 7, against 4) ...
    as_recent = alerts.pain_rising(
        [(TUESDAY - timedelta(days=1), 4), (TUESDAY - timedelta(days=15), 4), (when, 10)], TUESDAY
    )
    # ... and a 1 among the earlier ones does (7 against 6 and 1, which average 3.5).
    as_earlier = alerts.pain_rising(
        [(TUESDAY - timedelta(days=1), 7), (TUESDAY - timedelta(days=15), 6), (when, 1)], TUESDAY
    )
    assert (as_recent is not None, as_earlier is not None) == {
        "recent": (True, False),
        "earlier": (False, True),
        None: (False, False),
    }[fortnight]
    if as_recent is not None:
        assert "7 in the last 14 days (2 sessions)" in as_recent.detail


@pytest.mark.parametrize(
    ("level", "words"), [("urgent_same_day", "be seen the same day"), ("emergency", "get help now")]
)
def test_the_safety_alert_word_for_word(level: str, words: str) -> None:
    alert = alerts.safety(level, TUESDAY)
    assert alert is not None
    assert alert.as_dict() == {
        "kind": "safety",
        "headline": "The latest safety check needs a doctor",
        "detail": f"The safety check on 24 November 2026 said to {words}.",
    }
    assert alerts.safety(level, None) is None  # no date, no check to speak of


def situation(**changes: object) -> reminders.Situation:
    base = reminders.Situation(
        enabled=True,
        paused=False,
        blocked=False,
        hour=18,
        window=(17, 21),
        planned_today=True,
        sent_on=None,
        today=TUESDAY,
        unanswered=0,
        answered_since_last=False,
    )
    return reminders.Situation(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_a_reminder_goes_once_a_day_in_the_window_on_planned_days() -> None:
    assert reminders.decide(situation()) == reminders.Decision.SEND
    assert reminders.decide(situation(hour=9)) == reminders.Decision.WAIT
    assert reminders.decide(situation(sent_on=TUESDAY)) == reminders.Decision.WAIT
    assert reminders.decide(situation(planned_today=False)) == reminders.Decision.WAIT
    assert reminders.decide(situation(enabled=False)) == reminders.Decision.WAIT


def test_a_blocking_safety_check_suppresses_reminders() -> None:
    assert reminders.decide(situation(blocked=True)) == reminders.Decision.WAIT


def test_two_ignored_reminders_pause_them() -> None:
    yesterday = TUESDAY - timedelta(days=1)
    one_ignored = situation(sent_on=yesterday, unanswered=0)
    assert reminders.decide(one_ignored) == reminders.Decision.SEND
    two_ignored = situation(sent_on=yesterday, unanswered=1)
    assert reminders.decide(two_ignored) == reminders.Decision.PAUSE
    answered = situation(sent_on=yesterday, unanswered=1, answered_since_last=True)
    assert reminders.decide(answered) == reminders.Decision.SEND


# --- Adherence word for word and at its edges (written to kill mutants, docs/quality.md) -----

DAILY = (PlannedItem("positional_release", "knees_up", 7, minutes=20),)
TWO = (
    PlannedItem("positional_release", "knees_up", 3, minutes=20),
    PlannedItem("exercise_routine", "gentle", 2, repetitions=10),
)


@pytest.mark.parametrize(
    ("count", "period", "words"),
    [
        (adherence.Count(0, 0, 0), "this week", "nothing planned this week"),
        (adherence.Count(0, 0, 2), "this week", "nothing planned this week; 2 done anyway"),
        (adherence.Count(3, 4, 0), "this week", "3 of 4 planned this week"),
        (
            adherence.Count(4, 4, 1),
            "in the last 7 days",
            "4 of 4 planned in the last 7 days, plus 1 more",
        ),
    ],
)
def test_a_count_in_words(count: adherence.Count, period: str, words: str) -> None:
    assert count.words(period) == words


def test_the_sentences_and_the_api_shape_of_one_week() -> None:
    versions = [adherence.PlanVersion(TUESDAY - timedelta(days=60), PLAN)]
    done = [
        (TUESDAY, "positional_release"),
        (TUESDAY - timedelta(days=1), "positional_release"),
        (TUESDAY - timedelta(days=3), "positional_release"),
    ]
    result = adherence.adherence(versions, done, TUESDAY)
    sentences = [
        "2 of 3 planned this week.",
        "3 of 3 planned in the last 7 days.",
        "3 of 12 planned in the last 28 days.",
        "Rest days are part of the plan: 4 this week.",
    ]
    assert result.sentences() == sentences
    assert result.as_dict() == {
        "this_week": {"done": 2, "planned": 3, "extra": 0},
        "last_7_days": {"done": 3, "planned": 3, "extra": 0},
        "last_28_days": {"done": 3, "planned": 12, "extra": 0},
        "rest_days_this_week": 4,
        "sentences": sentences,
    }


def test_a_daily_plan_has_no_rest_days_and_no_plan_is_all_rest() -> None:
    daily = adherence.adherence([adherence.PlanVersion(TUESDAY, DAILY)], [], TUESDAY)
    assert daily.sentences()[3] == "Rest days are part of the plan; this plan has none this week."
    # A plan begun today asks for today's session, and nothing is done yet.
    assert daily.last_7_days == adherence.Count(done=0, planned=1, extra=0)
    nothing = adherence.adherence([], [(TUESDAY, "positional_release")], TUESDAY)
    assert nothing.rest_days_this_week == 7
    assert nothing.this_week == adherence.Count(0, 0, 0)
    assert nothing.last_7_days == adherence.Count(0, 0, 0)


def test_the_plan_in_force_is_the_latest_begun_whatever_order_they_come_in() -> None:
    older = adherence.PlanVersion(TUESDAY - timedelta(days=60), PLAN)
    newer = adherence.PlanVersion(TUESDAY - timedelta(days=1), DAILY)
    for versions in ([older, newer], [newer, older]):
        assert adherence.this_week(versions, [], TUESDAY).planned == 7
        assert adherence.this_week(versions, [], TUESDAY - timedelta(days=1)).planned == 7
        assert adherence.this_week(versions, [], TUESDAY - timedelta(days=2)).planned == 3


def test_the_days_counted_are_first_to_last_inclusive() -> None:
    versions = [adherence.PlanVersion(TUESDAY - timedelta(days=60), DAILY)]
    first, last = TUESDAY - timedelta(days=6), TUESDAY
    sessions = [
        (first - timedelta(days=1), "positional_release"),
        (first, "positional_release"),
        (last, "positional_release"),
        (last + timedelta(days=1), "positional_release"),
    ]
    assert adherence.count(versions, sessions, first, last) == adherence.Count(2, 7, 0)


def test_two_routines_are_counted_each_against_its_own_share() -> None:
    versions = [adherence.PlanVersion(TUESDAY - timedelta(days=60), TWO)]
    sessions = [(TUESDAY - timedelta(days=d), "positional_release") for d in range(5)]
    sessions += [(TUESDAY, "exercise_routine"), (TUESDAY, "something_else")]
    result = adherence.count(versions, sessions, TUESDAY - timedelta(days=6), TUESDAY)
    # 3 of positional release planned and 5 done: 3 counted, 2 more; 1 of 2 exercise sessions;
    # a routine not in the plan counts for nothing.
    assert result == adherence.Count(done=4, planned=5, extra=2)
    week = adherence.this_week(versions, sessions, TUESDAY)  # Monday and Tuesday only
    assert week == adherence.Count(done=3, planned=5, extra=0)


def test_a_session_before_its_routine_was_planned_does_not_count() -> None:
    versions = [
        adherence.PlanVersion(TUESDAY - timedelta(days=60), TWO[1:]),
        adherence.PlanVersion(TUESDAY - timedelta(days=2), PLAN),
    ]
    sessions = [
        (TUESDAY - timedelta(days=4), "positional_release"),
        (TUESDAY, "positional_release"),
    ]
    result = adherence.count(versions, sessions, TUESDAY - timedelta(days=6), TUESDAY)
    # Four days ago positional release was not yet in the plan: that session is neither
    # counted nor "more"; today's is.
    assert result.done == 1 and result.extra == 0


def test_sessions_beyond_the_plan_are_added_up_over_every_routine_this_week() -> None:
    sunday = TUESDAY + timedelta(days=5)
    versions = [adherence.PlanVersion(TUESDAY - timedelta(days=60), TWO)]
    sessions = [(sunday - timedelta(days=d), "positional_release") for d in (3, 4, 5, 6)]
    sessions += [(sunday - timedelta(days=d), "exercise_routine") for d in (0, 1, 2)]
    assert adherence.this_week(versions, sessions, sunday) == adherence.Count(
        done=5, planned=5, extra=2
    )


def test_sessions_beyond_the_plan_are_added_up_over_every_routine_in_a_window() -> None:
    sunday = TUESDAY + timedelta(days=5)
    versions = [adherence.PlanVersion(TUESDAY - timedelta(days=60), TWO)]
    sessions = [(sunday - timedelta(days=d), "positional_release") for d in (3, 4, 5, 6)]
    sessions += [(sunday - timedelta(days=d), "exercise_routine") for d in (0, 1, 2)]
    # One more than planned of each routine: 1 + 1, whichever routine is counted last.
    assert adherence.count(versions, sessions, sunday - timedelta(days=6), sunday) == (
        adherence.Count(done=5, planned=5, extra=2)
    )
