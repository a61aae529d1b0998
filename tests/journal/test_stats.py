"""The journal statistics agree with scipy computed directly, and stay honest at the edges."""

import math
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


def assert_honest(result: stats.ChangeStats) -> None:
    text = " ".join(result.interpretation).lower()
    assert not any(word in text for word in PROMISES), text
    assert "cannot show that the sessions caused" in text


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
    # 7→4, 8→3, 6→2, 9→7, 6→3, 7→5 drop ≥ 2; 6→5 is 17 %, 7→6 is 14 %: not responders.
    assert result.responders == 6
    assert result.responder_rate == pytest.approx(0.6)
    weeks = [i / 7 for i in range(n)]
    ts = sp.theilslopes(before, weeks, alpha=0.95)
    assert result.trend_per_week == pytest.approx(ts.slope)
    assert result.trend_ci95 == pytest.approx((ts.low_slope, ts.high_slope))
    assert_honest(result)
    assert any("2.1 points lower" in line for line in result.interpretation)


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
    eligible = [(b, a) for b, a in pairs if b > 0]
    expected = sum(1 for b, a in eligible if b - a >= 2 or (b - a) >= 0.3 * b)
    assert result.responders == expected
    assert result.zero_baseline == len(pairs) - len(eligible)
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
    assert any("started at 0" in line and "no room to improve" in line
               for line in result.interpretation)


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


def test_responder_rule_uses_two_points_or_thirty_percent() -> None:
    assert stats.is_responder(3, 1)  # 2 points
    assert stats.is_responder(3, 2)  # 1 point is 33 % of 3
    assert not stats.is_responder(4, 3)  # 1 point is 25 % of 4
    assert stats.is_responder(1, 0)
    assert not stats.is_responder(0, 0)
    assert not stats.is_responder(5, 7)


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
