"""The journal statistics agree with scipy computed directly, and stay honest at the edges."""

import math
import re
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sp

from hiphub.journal import stats

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # a Monday
PROMISES = ("cure", "eliminat", "guarantee", "proven", "will fix", "heal")


def ratings(pairs: list[tuple[int, int]], step_days: float = 1) -> list[stats.Rating]:
    return [stats.Rating(T0 + timedelta(days=i * step_days), b, a) for i, (b, a) in
            enumerate(pairs)]


SIGNED = re.compile(r"(?<![\w.])[+\u2212-]\d")  # "+3", "−3" or "-3" standing alone


def assert_honest(result: stats.ChangeStats) -> None:
    text = " ".join(result.interpretation).lower()
    assert not any(word in text for word in PROMISES), text
    assert "cannot show that the sessions caused" in text
    assert "natural recovery" in text and "regression to the mean" in text
    assert not SIGNED.search(text), text  # changes are said in words, never with a sign


FIXED = [(7, 4), (6, 5), (8, 3), (5, 5), (7, 6), (6, 2), (9, 7), (4, 4), (6, 3), (7, 5)]


def test_fixed_data_matches_scipy() -> None:
    result = stats.change_stats("pain", ratings(FIXED))
    before = [b for b, _ in FIXED]
    after = [a for _, a in FIXED]
    changes = [b - a for b, a in FIXED]
    n = len(changes)
    assert result.pairs == n
    assert result.mean_before == pytest.approx(statistics.fmean(before))
    assert result.mean_after == pytest.approx(statistics.fmean(after))
    assert result.mean_change == pytest.approx(2.1)
    low, high = sp.t.interval(0.95, n - 1, loc=statistics.fmean(changes),
                              scale=sp.sem(changes))
    assert result.ci95 == pytest.approx((low, high))
    assert result.median_change == pytest.approx(2.0)
    assert result.wilcoxon_p == pytest.approx(sp.wilcoxon(changes).pvalue)
    # 7→4, 8→3, 6→2, 9→7, 6→3, 7→5 drop ≥ 2; 6→5 and 7→6 drop 1: not responders.
    assert result.responders == 6
    assert result.responder_rate == pytest.approx(0.6)
    weeks = [i / 7 for i in range(n)]
    ts = sp.theilslopes(before, weeks, alpha=0.95)
    assert result.trend_per_week == pytest.approx(ts.slope)
    assert result.trend_ci95 == pytest.approx((ts.low_slope, ts.high_slope))
    assert_honest(result)
    assert result.interpretation[0] == (
        "Across 10 sessions with both ratings, pain went down by 2.1 points (6.5 → 4.4) on "
        "average from before to after a session."
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), min_size=2, max_size=40))
def test_generated_data_matches_scipy(pairs: list[tuple[int, int]]) -> None:
    result = stats.change_stats("tension", ratings(pairs, step_days=2.5))
    changes = [b - a for b, a in pairs]
    n = len(changes)
    mean = statistics.fmean(changes)
    assert result.mean_change == pytest.approx(mean)
    assert result.median_change == pytest.approx(statistics.median(changes))
    half = sp.t.ppf(0.975, n - 1) * statistics.stdev(changes) / math.sqrt(n)
    assert result.ci95 == pytest.approx((mean - half, mean + half))
    assert result.ci95 is not None and result.ci95[0] <= mean <= result.ci95[1]
    if n >= 6 and any(changes):
        expected_p = float(sp.wilcoxon(changes).pvalue)
        if math.isnan(expected_p):
            assert result.wilcoxon_p is None
        else:
            assert result.wilcoxon_p == pytest.approx(expected_p)
    else:
        assert result.wilcoxon_p is None
    eligible = [(b, a) for b, a in pairs if b >= 2]
    expected = sum(1 for b, a in eligible if b - a >= 2)
    assert result.responders == expected
    assert result.zero_baseline == sum(1 for b, _ in pairs if b == 0)
    if eligible:
        assert result.responder_rate == pytest.approx(expected / len(eligible))
    else:
        assert result.responder_rate is None
    ts = sp.theilslopes([b for b, _ in pairs], [i * 2.5 / 7 for i in range(n)])
    assert result.trend_per_week == pytest.approx(ts.slope)
    assert_honest(result)


def test_no_sessions_gives_no_numbers_and_says_why() -> None:
    result = stats.change_stats("pain", [])
    assert result.pairs == 0
    assert result.mean_change is None and result.ci95 is None and result.median_change is None
    assert result.wilcoxon_p is None and result.responder_rate is None
    assert result.trend_per_week is None
    assert result.interpretation[0].startswith("No sessions yet")
    assert result.as_dict()["ci95"] is None


def test_one_session_has_a_change_but_no_interval() -> None:
    result = stats.change_stats("pain", ratings([(6, 3)]))
    assert result.mean_change == 3 and result.median_change == 3
    assert result.ci95 is None
    assert result.wilcoxon_p is None
    assert result.trend_per_week is None  # one point has no slope
    assert any("One session is not enough" in line for line in result.interpretation)


def test_wilcoxon_waits_for_six_pairs() -> None:
    five = stats.change_stats("pain", ratings([(7, 3), (6, 2), (8, 3), (7, 4), (6, 1)]))
    assert five.wilcoxon_p is None
    assert "at least 6" in five.wilcoxon_note and "5 paired sessions" in five.wilcoxon_note
    six_pairs = [(7, 3), (6, 2), (8, 3), (7, 4), (6, 1), (5, 3)]
    six = stats.change_stats("pain", ratings(six_pairs))
    assert six.wilcoxon_p == pytest.approx(sp.wilcoxon([b - a for b, a in six_pairs]).pvalue)
    assert "p = " in six.wilcoxon_note


def test_all_zero_baselines_cannot_improve_and_nothing_divides_by_zero() -> None:
    result = stats.change_stats("tension", ratings([(0, 0), (0, 1), (0, 0), (0, 2)]))
    assert result.zero_baseline == 4
    assert result.responders == 0
    assert result.responder_rate is None
    assert (
        "4 sessions started at 0 or 1, which leaves no room for a 2-point fall, so they are "
        "left out of that count." in result.interpretation
    )
    assert not any(" of 0 sessions" in line for line in result.interpretation)


def test_identical_values_give_a_zero_width_interval_and_no_test() -> None:
    result = stats.change_stats("pain", ratings([(5, 5)] * 8))
    assert result.mean_change == 0 and result.ci95 == (0, 0)
    assert result.wilcoxon_p is None
    assert "same rating" in result.wilcoxon_note
    assert result.trend_per_week == 0
    assert result.responders == 0 and result.responder_rate == 0


def test_sessions_at_the_same_moment_have_no_trend() -> None:
    same = [stats.Rating(T0, 5, 3), stats.Rating(T0, 7, 4)]
    assert stats.change_stats("pain", same).trend_per_week is None


@pytest.mark.parametrize(
    ("before", "after", "responder"),
    [
        (3, 1, True),  # exactly 2 points
        (10, 8, True),
        (2, 0, True),  # the lowest start that can fall by 2
        (9, 1, True),
        (3, 2, False),  # 33 % of 3, but 1 point: not a responder any more
        (10, 7.5, True),
        (10, 8.5, False),
        (1, 0, False),  # 100 %, but 1 point
        (4, 3, False),
        (0, 0, False),
        (5, 7, False),  # worse
        (5, 5, False),
    ],
)
def test_a_responder_is_a_fall_of_two_points_or_more(
    before: float, after: float, responder: bool
) -> None:
    assert stats.is_responder(before, after) is responder


@pytest.mark.parametrize(("before", "room"), [(0, False), (1, False), (1.9, False), (2, True)])
def test_only_a_start_of_two_or_more_leaves_room_for_a_response(before: float, room: bool) -> None:
    assert stats.can_respond(before) is room


def test_starts_of_0_or_1_are_left_out_of_the_responder_rate() -> None:
    # 1 -> 0 lost all the pain but cannot fall by 2; 3 -> 2 is 33 % but 1 point.
    result = stats.change_stats("pain", ratings([(1, 0), (0, 0), (3, 2), (6, 3), (5, 3)]))
    assert (result.responders, result.zero_baseline) == (2, 1)
    assert result.responder_rate == pytest.approx(2 / 3)
    assert (
        "2 of 3 sessions that started at 2 or more ended with pain at least 2 points lower. "
        "2 points is the smallest change most people notice over a course of care (Ostelo et al."
        " 2008); it was not worked out for a single session, so take this count as a rough "
        "guide." in result.interpretation
    )
    assert (
        "2 sessions started at 0 or 1, which leaves no room for a 2-point fall, so they are "
        "left out of that count." in result.interpretation
    )
    one = stats.change_stats("pain", ratings([(1, 0), (4, 2)]))
    assert "1 session started at 0 or 1, which leaves no room for a 2-point fall, so it is " \
        "left out of that count." in one.interpretation
    assert any(line.startswith("1 of 1 session that started") for line in one.interpretation)


def test_missing_ratings_are_left_out_of_pairs_but_not_of_the_trend() -> None:
    rows = [stats.Rating(T0, 6, None), stats.Rating(T0 + timedelta(days=7), 4, 2),
            stats.Rating(T0 + timedelta(days=14), None, 1)]
    result = stats.change_stats("pain", rows)
    assert result.pairs == 1
    assert result.trend_points == 2
    assert result.trend_per_week == pytest.approx(-2.0)


def test_sessions_per_week_counts_calendar_weeks_including_empty_ones() -> None:
    whens = [T0, T0 + timedelta(days=1), T0 + timedelta(days=6), T0 + timedelta(days=16)]
    weekly = stats.weekly_counts(whens)
    assert weekly.first_week == date(2026, 1, 5)
    assert weekly.counts == [3, 0, 1]
    assert weekly.mean_per_week == pytest.approx(4 / 3)
    assert stats.weekly_counts([]).counts == []


@pytest.mark.parametrize("start_day", range(7))  # 5 Jan 2026 is a Monday; then Tue ... Sun
def test_weeks_run_monday_to_sunday_whatever_day_the_first_session_falls_on(
    start_day: int,
) -> None:
    first = T0 + timedelta(days=start_day)
    sunday = T0 + timedelta(days=6)  # the same calendar week as the first session
    monday = T0 + timedelta(days=7)  # the next one
    weekly = stats.weekly_counts([first, sunday, monday, monday + timedelta(days=13)])
    assert weekly.first_week == date(2026, 1, 5)  # the Monday on or before the first session
    assert weekly.counts == [2, 1, 1]
    assert weekly.mean_per_week == pytest.approx(4 / 3)


def test_a_wednesday_start_is_counted_from_its_monday() -> None:
    wednesday = datetime(2026, 1, 7, 20, 0, tzinfo=UTC)
    whens = [wednesday, datetime(2026, 1, 11, 9, tzinfo=UTC),  # Sunday: same week
             datetime(2026, 1, 12, 9, tzinfo=UTC)]  # Monday: the next week
    weekly = stats.weekly_counts(whens)
    assert (weekly.first_week, weekly.counts) == (date(2026, 1, 5), [2, 1])
    assert weekly.interpretation == [
        "3 sessions over 2 calendar weeks, about 1.5 a week. In the last four weeks: "
        "3 sessions, about 0.8 a week."
    ]


def test_summary_covers_both_measures() -> None:
    rows = [stats.SessionRatings(T0 + timedelta(days=i), 6, 3, None, None) for i in range(3)]
    summary = stats.summarise(rows).as_dict()
    assert summary["sessions"] == 3
    assert summary["pain"]["pairs"] == 3 and summary["tension"]["pairs"] == 0
    assert summary["weekly_counts"] == [3]
    assert any("not a clinical trial" in line for line in summary["interpretation"])


def assert_same_as_scipy(x: list[float], y: list[float]) -> None:
    ours = stats.theil_sen(x, y)
    theirs = sp.theilslopes(y, x, alpha=0.95)
    assert ours is not None
    assert ours[0] == pytest.approx(theirs.slope)
    assert ours[1:] == pytest.approx((theirs.low_slope, theirs.high_slope), nan_ok=True)


@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 10)), min_size=2, max_size=60)
       .filter(lambda pts: len({x for x, _ in pts}) > 1))
def test_theil_sen_matches_scipy_with_ties(points: list[tuple[int, int]]) -> None:
    assert_same_as_scipy([x / 7 for x, _ in points], [float(y) for _, y in points])


def test_theil_sen_matches_scipy_on_three_years_of_daily_ratings() -> None:
    import random

    rng = random.Random(3)
    x = [day + rng.random() for day in range(1096)]
    y = [float(max(0, min(10, round(7 - 3 * d / 1096 + rng.gauss(0, 1.5))))) for d in range(1096)]
    assert_same_as_scipy(x, y)


def test_theil_sen_needs_two_distinct_times() -> None:
    assert stats.theil_sen([1.0], [2.0]) is None
    assert stats.theil_sen([1.0, 1.0], [2.0, 3.0]) is None


def test_last_four_weeks_count_back_from_today() -> None:
    from datetime import UTC, date, datetime

    whens = [datetime(2026, 11, d, 9, tzinfo=UTC) for d in (1, 2, 10, 20, 24, 25)]
    weekly = stats.weekly_counts(whens, today=date(2026, 11, 25))
    # spans ending 25 Nov: 29 Oct–4 Nov, 5–11, 12–18, 19–25 Nov
    assert weekly.last_four_weeks == [2, 1, 0, 3]
    assert weekly.recent_per_week == 1.5
    assert "last four weeks: 6 sessions" in weekly.interpretation[0]
    later = stats.weekly_counts(whens, today=date(2026, 12, 31))
    assert later.last_four_weeks == [0, 0, 0, 0]


@pytest.mark.parametrize(
    ("age_days", "span"),
    [(0, 3), (6, 3), (7, 2), (13, 2), (14, 1), (20, 1), (21, 0), (27, 0), (28, None), (-1, None)],
)
def test_the_four_recent_weeks_have_exact_edges(age_days: int, span: int | None) -> None:
    today = date(2026, 3, 1)
    when = datetime(2026, 3, 1, 12, tzinfo=UTC) - timedelta(days=age_days)
    weekly = stats.weekly_counts([when], today=today)
    expected = [0, 0, 0, 0]
    if span is not None:
        expected[span] = 1
    assert weekly.last_four_weeks == expected


def test_one_session_is_counted_in_the_singular() -> None:
    weekly = stats.weekly_counts([T0])
    assert weekly.interpretation == [
        "1 session over 1 calendar week, about 1.0 a week. In the last four weeks: 1 session, "
        "about 0.2 a week."
    ]
    assert weekly.as_dict() == {
        "first_week": "2026-01-05",
        "counts": [1],
        "mean_per_week": 1.0,
        "last_four_weeks": [0, 0, 0, 1],
        "interpretation": weekly.interpretation,
    }


# --- What the sentences say ----------------------------------------------------------------


def test_the_whole_reading_of_a_small_journal() -> None:
    # Three sessions a week apart: 6 -> 3, 5 -> 4, 4 -> 4; pain before falls 1 point a week.
    result = stats.change_stats("pain", ratings([(6, 3), (5, 4), (4, 4)], step_days=7))
    ci = result.ci95
    assert ci is not None
    assert result.interpretation == [
        "Across 3 sessions with both ratings, pain went down by 1.3 points (5 → 3.7) on average "
        "from before to after a session.",
        f"The 95 % interval for that average is anything from a rise of {-ci[0]:.1f} points to "
        f"a fall of {ci[1]:.1f} points; it includes no change, so these ratings are also "
        "consistent with no change.",
        "An average fall of 1.3 points is smaller than 2 points, about the smallest change "
        "people with back pain notice over a course of care (Ostelo et al. 2008).",
        "With only 3 paired sessions, these figures can move a lot as you add more.",
        "Not tested: 3 paired sessions so far; a signed-rank test needs at least 6 to mean "
        "anything.",
        stats.NOT_INDEPENDENT,
        "1 of 3 sessions that started at 2 or more ended with pain at least 2 points lower. "
        "2 points is the smallest change most people notice over a course of care (Ostelo et al. "
        "2008); it was not worked out for a single session, so take this count as a rough guide.",
        "Pain before sessions went down by 1 point a week on average over your journal "
        "(Theil–Sen slope; 95 % range: a fall of between 1 and 1 point a week). A fall over "
        "weeks can also be natural recovery.",
        stats.CAVEAT,
    ]
    assert "not independent" in stats.NOT_INDEPENDENT and "optimistic" in stats.NOT_INDEPENDENT
    assert_honest(result)


def test_a_clear_but_small_change_is_set_against_the_two_point_threshold() -> None:
    # Twelve sessions, each 1 point lower after (one 2 points): the interval excludes 0 and
    # the test gives a small p, yet the average is well under 2 points.
    pairs = [(6, 5)] * 11 + [(6, 4)]
    result = stats.change_stats("pain", ratings(pairs))
    assert result.ci95 is not None and result.ci95[0] > 0
    assert result.wilcoxon_p is not None and result.wilcoxon_p < 0.05
    assert (
        "An average fall of 1.1 points is smaller than 2 points, about the smallest change "
        "people with back pain notice over a course of care (Ostelo et al. 2008): the numbers "
        "make chance alone an unlikely explanation for the fall in pain, but a change can be "
        "statistically clear and still too small to matter." in result.interpretation
    )
    assert stats.NOT_INDEPENDENT in result.interpretation
    assert_honest(result)


@pytest.mark.parametrize(
    ("pairs", "fragment"),
    [
        # Exactly 2 points on average reaches the threshold, with the single-session caveat.
        ([(6, 4), (5, 3)], "An average fall of 2 points reaches 2 points"),
        ([(7, 4), (6, 4)], "An average fall of 2.5 points reaches 2 points"),
        # Not clear (the interval includes 0): no "statistically clear" wording.
        ([(6, 5), (5, 5)], "An average fall of 0.5 points is smaller than 2 points, about the "
         "smallest change people with back pain notice over a course of care (Ostelo et al. "
         "2008)."),
    ],
)
def test_the_average_is_set_against_two_points(
    pairs: list[tuple[int, int]], fragment: str
) -> None:
    lines = stats.change_stats("pain", ratings(pairs)).interpretation
    assert any(line.startswith(fragment) for line in lines), lines
    if "reaches" in fragment:
        assert any("not for the change within one session" in line for line in lines)


@pytest.mark.parametrize("pairs", [[(5, 5), (4, 4)], [(4, 6), (3, 5)]])
def test_no_fall_gets_no_threshold_sentence(pairs: list[tuple[int, int]]) -> None:
    lines = stats.change_stats("pain", ratings(pairs)).interpretation
    assert not any("An average fall" in line for line in lines)
    assert any("pain went up by 2 points (3.5 → 5.5)" in line or "stayed the same" in line
               for line in lines)


@pytest.mark.parametrize(("n", "small"), [(9, True), (10, False)])
def test_small_journals_are_flagged_up_to_nine_pairs(n: int, small: bool) -> None:
    lines = stats.change_stats("pain", ratings([(6, 4), (5, 4)] * 5)[:n]).interpretation
    assert any(line.startswith(f"With only {n} paired sessions") for line in lines) is small


def test_the_interval_sentence_says_when_no_change_is_inside_it() -> None:
    # Changes 0 and 2: the interval is wide and includes 0; changes 2 and 2.0: zero width.
    wide = stats.change_stats("pain", ratings([(5, 5), (6, 4)])).interpretation
    assert any("it includes no change" in line for line in wide)
    tight = stats.change_stats("pain", ratings([(6, 4), (5, 3)])).interpretation
    assert "The 95 % interval for that average is a fall of between 2 and 2 points." in tight


def test_one_pair_gets_neither_an_interval_nor_the_independence_note() -> None:
    lines = stats.change_stats("pain", ratings([(6, 3)])).interpretation
    assert stats.NOT_INDEPENDENT not in lines
    assert "One session is not enough to say how uncertain that average is." in lines


@pytest.mark.parametrize(
    ("pairs", "words"),
    [
        # Pain before rises a point a week: a rise, and no talk of natural recovery.
        ([(3, 3), (4, 4), (5, 5)], "Pain before sessions went up by 1 point a week on average "
         "over your journal (Theil–Sen slope; 95 % range: a rise of between 1 and 1 point a "
         "week)."),
        # Before ratings that go nowhere: the range includes no change.
        ([(5, 4), (7, 4), (5, 4), (7, 4)], "that range includes no change, so there is no "
         "clear direction yet."),
    ],
)
def test_the_trend_is_said_in_words(pairs: list[tuple[int, int]], words: str) -> None:
    lines = stats.change_stats("pain", ratings(pairs, step_days=7)).interpretation
    assert any(words in line for line in lines), lines
    if "went up" in words:
        assert not any("natural recovery" in line for line in lines[:-1])


def test_the_wilcoxon_note_says_what_a_p_value_does_not() -> None:
    pairs = [(7, 3), (6, 2), (8, 3), (7, 4), (6, 1), (5, 3)]
    p, note = stats.wilcoxon_p([b - a for b, a in pairs])
    assert p is not None
    assert note == (
        f"Signed-rank test over 6 sessions: p = {p:.3g}. A small p says the before/after "
        "difference is unlikely to be chance alone within your own ratings; it says neither how "
        "large the change is nor why it happened."
    )
    assert stats.wilcoxon_p([1.0])[1].startswith("Not tested: 1 paired session so far")


def test_the_summary_dict_carries_both_measures_and_the_weeks() -> None:
    rows = [stats.SessionRatings(T0 + timedelta(days=i), 6, 3, 4, 4) for i in range(3)]
    summary = stats.summarise(rows, today=date(2026, 1, 7)).as_dict()
    assert summary["sessions_per_week"] == 0.75
    assert summary["last_four_weeks"] == [0, 0, 0, 3]
    assert summary["first_week"] == "2026-01-05"
    assert summary["mean_sessions_per_week"] == 3.0
    assert summary["trend_per_week"] == 0
    assert summary["tension"]["mean_change"] == 0
    assert summary["pain"]["ci95"] == [3.0, 3.0]
    assert summary["interpretation"][0].startswith("This is a personal log, not a clinical trial")
    assert summary["interpretation"][-1].startswith("3 sessions over 1 calendar week")


def test_an_empty_journal_as_a_dict() -> None:
    summary = stats.summarise([], today=date(2026, 1, 7)).as_dict()
    assert summary["first_week"] is None and summary["weekly_counts"] == []
    assert summary["interpretation"] == [
        "This is a personal log, not a clinical trial. Share it with a clinician if it helps "
        "the conversation; it is not a diagnosis.",
        "No sessions recorded yet.",
    ]
    assert stats.weekly_counts([]).as_dict()["first_week"] is None
    assert summary["pain"]["measure"] == "pain" and summary["tension"]["measure"] == "tension"
    assert summary["pain"]["trend_ci95"] is None and summary["pain"]["ci95"] is None


def test_a_trend_range_is_a_list_in_the_dict() -> None:
    result = stats.change_stats("pain", ratings([(6, 3), (5, 4), (4, 4)], step_days=7))
    data = result.as_dict()
    assert data["trend_ci95"] == [-1.0, -1.0] and data["ci95"] == list(result.ci95 or ())
    assert data["trend_per_week"] == -1.0


def test_the_summary_counts_back_from_the_day_it_is_given() -> None:
    rows = [stats.SessionRatings(T0, 6, 3, 4, 4)]
    later = stats.summarise(rows, today=date(2026, 3, 1)).as_dict()
    assert later["last_four_weeks"] == [0, 0, 0, 0]
    assert stats.summarise(rows).as_dict()["last_four_weeks"] == [0, 0, 0, 1]
    assert any("tension" in line for line in stats.summarise(rows).tension.interpretation)


def test_ties_in_time_and_rating_leave_the_trend_without_a_range() -> None:
    # Two sessions at one moment and all ratings equal: the variance term is negative, so
    # Theil–Sen gives a slope but no interval.
    points = [(T0, 5.0), (T0, 5.0), (T0 + timedelta(weeks=1), 5.0)]
    assert stats.theil_sen_per_week(points) == (0.0, None)
    rows = [stats.Rating(when, 5, 5) for when, _ in points]
    lines = stats.change_stats("pain", rows).interpretation
    assert "Pain before sessions stayed level on average over your journal " \
        "(Theil–Sen slope)." in lines
    # One point up over 30 weeks: 0.03 a week, too small to show as a number.
    slow = [stats.Rating(T0, 5, None), stats.Rating(T0 + timedelta(weeks=30), 6, None)]
    lines = stats.change_stats("pain", slow).interpretation
    assert any(line.startswith("Pain before sessions stayed about level on average over your "
                               "journal (Theil–Sen slope") for line in lines), lines


def test_one_pair_is_one_session() -> None:
    lines = stats.change_stats("pain", ratings([(6, 3)])).interpretation
    assert lines[0] == (
        "Across 1 session with both ratings, pain went down by 3 points (6 → 3) on average "
        "from before to after a session."
    )
    assert "With only 1 paired session, these figures can move a lot as you add more." in lines


def test_an_interval_of_exactly_no_change_includes_no_change() -> None:
    lines = stats.change_stats("pain", ratings([(5, 5)] * 3)).interpretation
    assert (
        "The 95 % interval for that average is no change at all; it includes no change, so "
        "these ratings are also consistent with no change." in lines
    )


def test_an_interval_above_zero_alone_makes_a_small_change_clear() -> None:
    # Three sessions, each exactly 1 point lower: too few for the test, but the interval is
    # 1 to 1, so the change is clear, and still under 2 points.
    result = stats.change_stats("pain", ratings([(6, 5), (5, 4), (4, 3)]))
    assert result.wilcoxon_p is None and result.ci95 == (1.0, 1.0)
    assert any(
        line.endswith("a change can be statistically clear and still too small to matter.")
        for line in result.interpretation
    )


def test_an_average_of_two_points_or_more_reaches_the_yardstick() -> None:
    lines = stats.change_stats("pain", ratings([(6, 4), (5, 3)])).interpretation
    assert (
        "An average fall of 2 points reaches 2 points, about the smallest change people with "
        "back pain notice over a course of care (Ostelo et al. 2008). That yardstick was set "
        "for change over weeks, not for the change within one session." in lines
    )


def test_the_reason_for_no_test_word_for_word() -> None:
    assert stats.wilcoxon_p([0.0] * 6) == (
        None,
        "Not tested: every session ended at the same rating it started with.",
    )


def test_two_pairs_already_get_the_independence_note_and_one_trend_point_none() -> None:
    two = stats.change_stats("pain", ratings([(6, 4), (5, 4)])).interpretation
    assert stats.NOT_INDEPENDENT in two
    one = stats.change_stats("pain", ratings([(6, 4)])).interpretation
    assert "Not enough sessions spread over time to show a trend in pain before sessions." in one


def test_a_flat_trend_includes_no_change_and_a_slow_rise_is_not_recovery() -> None:
    flat = stats.change_stats("pain", ratings([(5, 4)] * 4, step_days=7))
    assert flat.trend_ci95 == (0.0, 0.0)
    assert any(line.endswith("that range includes no change, so there is no clear direction "
                             "yet.") for line in flat.interpretation)
    rising = stats.change_stats("pain", ratings([(3, 3), (4, 4), (5, 5)], step_days=14))
    assert rising.trend_per_week == pytest.approx(0.5)
    trend = [line for line in rising.interpretation if line.startswith("Pain before sessions")]
    assert trend == ["Pain before sessions went up by 0.5 points a week on average over your "
                     "journal (Theil–Sen slope; 95 % range: a rise of between 0.5 and 0.5 points "
                     "a week)."]


def test_a_p_value_that_is_not_a_number_is_never_shown() -> None:
    # scipy answers NaN for a change that is itself not a number. From stored whole-number
    # ratings scipy 1.17 never does (every list with a non-zero change gets a real p), so this
    # guard is reached here with a NaN change: the note says why there is no test, word for
    # word, instead of "p = nan".
    assert stats.wilcoxon_p([1.0, math.nan, 2.0, 3.0, 4.0, 5.0]) == (
        None,
        "Not tested: too few sessions with any change to rank.",
    )
