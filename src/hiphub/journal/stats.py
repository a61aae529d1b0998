"""Plain statistics over a member's own before/after ratings (0–10 scales), and what they
cannot show.

Pure functions: no database, no requests. Numbers are always `before − after`, so a positive
number means the rating went down (less pain or tension after the session); the sentences say
the same in words ("pain went down by 2.1 points (6.5 → 4.4)", hiphub.core.wording), never with
a sign.

Responder: a session whose rating fell by at least 2 points. Two points on a 0–10 scale is the
minimal important change of Ostelo et al., Spine 2008;33(1):90–94, set for change over a course
of care judged against patients' global ratings, not for the change within one session; the
sentences say so. Its 30 % arm is not used: from a low start (3 → 2) it is within the range
ratings move by chance. A session that starts below 2 has no room for a 2-point fall and is
left out of the responder rate.
"""

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import numpy as np
from scipy import stats as sp

from hiphub.core.wording import amount, change_phrase, movement_words, number, range_words

MIN_PAIRS_FOR_CI = 2
MIN_PAIRS_FOR_WILCOXON = 6
ABSOLUTE_IMPROVEMENT = 2  # points on a 0–10 scale (Ostelo 2008)
SIGNIFICANCE = 0.05  # where a p-value is called "unlikely to be chance alone"
SMALL_N = 10

CAVEAT = (
    "These numbers come from your own ratings, without a comparison group, so they cannot "
    "show that the sessions caused any change. Back pain often eases over the weeks whatever is "
    "done (natural recovery), and a session is often started on a worse day, after which the "
    "next rating tends to be lower anyway (regression to the mean); expectation, mood, sleep "
    "and time play a part too."
)
NOT_INDEPENDENT = (
    "Sessions from one person are not independent of each other: the same body, habits and "
    "circumstances carry over from one to the next. The interval and the test treat them as "
    "independent, so they are optimistic: the true uncertainty is wider and the p-value "
    "larger."
)
RECENT_WEEKS = 4


class Rating(NamedTuple):
    """One session's rating of one measure. Either value may be missing."""

    when: datetime
    before: int | None
    after: int | None


class SessionRatings(NamedTuple):
    """One session's ratings on both measures, in the order the database gives them."""

    when: datetime
    pain_before: int | None
    pain_after: int | None
    tension_before: int | None
    tension_after: int | None


@dataclass(frozen=True)
class ChangeStats:
    measure: str
    pairs: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    ci95: tuple[float, float] | None
    median_change: float | None
    wilcoxon_p: float | None
    wilcoxon_note: str
    responders: int
    responder_rate: float | None
    zero_baseline: int
    trend_per_week: float | None
    trend_ci95: tuple[float, float] | None
    trend_points: int
    interpretation: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ci95"] = list(self.ci95) if self.ci95 else None
        data["trend_ci95"] = list(self.trend_ci95) if self.trend_ci95 else None
        return data


@dataclass(frozen=True)
class WeeklyCounts:
    first_week: date | None  # the Monday of the first week counted
    counts: list[int]
    mean_per_week: float | None
    last_four_weeks: list[int] = field(default_factory=lambda: [0] * RECENT_WEEKS)
    interpretation: list[str] = field(default_factory=list)

    @property
    def recent_per_week(self) -> float:
        return sum(self.last_four_weeks) / RECENT_WEEKS

    def as_dict(self) -> dict[str, Any]:
        return {
            "first_week": self.first_week.isoformat() if self.first_week else None,
            "counts": list(self.counts),
            "mean_per_week": self.mean_per_week,
            "last_four_weeks": list(self.last_four_weeks),
            "interpretation": list(self.interpretation),
        }


@dataclass(frozen=True)
class JournalStats:
    sessions: int
    pain: ChangeStats
    tension: ChangeStats
    weekly: WeeklyCounts
    interpretation: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "pain": self.pain.as_dict(),
            "tension": self.tension.as_dict(),
            "trend_per_week": self.pain.trend_per_week,
            "sessions_per_week": self.weekly.recent_per_week,
            "last_four_weeks": list(self.weekly.last_four_weeks),
            "weekly_counts": self.weekly.counts,
            "first_week": self.weekly.first_week.isoformat() if self.weekly.first_week else None,
            "mean_sessions_per_week": self.weekly.mean_per_week,
            "interpretation": [*self.interpretation, *self.weekly.interpretation],
        }


# --- The pieces ---------------------------------------------------------------------------


def mean_ci95(changes: Sequence[float]) -> tuple[float, float] | None:
    """Student-t 95 % interval for the mean; None for fewer than two values."""
    n = len(changes)
    if n < MIN_PAIRS_FOR_CI:
        return None
    mean = statistics.fmean(changes)
    spread = float(np.std(changes, ddof=1)) / math.sqrt(n)
    half = float(sp.t.ppf(0.975, n - 1)) * spread
    return (mean - half, mean + half)


def wilcoxon_p(changes: Sequence[float]) -> tuple[float | None, str]:
    """Two-sided Wilcoxon signed-rank p-value with a plain note, or None and the reason."""
    n = len(changes)
    if n < MIN_PAIRS_FOR_WILCOXON:
        return None, (
            f"Not tested: {n} paired session{'s' if n != 1 else ''} so far; a signed-rank test "
            f"needs at least {MIN_PAIRS_FOR_WILCOXON} to mean anything."
        )
    if all(c == 0 for c in changes):
        return None, "Not tested: every session ended at the same rating it started with."
    p = float(sp.wilcoxon(changes).pvalue)
    if math.isnan(p):
        return None, "Not tested: too few sessions with any change to rank."
    return p, (
        f"Signed-rank test over {n} sessions: p = {p:.3g}. A small p says the before/after "
        "difference is unlikely to be chance alone within your own ratings; it says neither "
        "how large the change is nor why it happened."
    )


def is_responder(before: float, after: float) -> bool:
    """The rating fell by at least 2 points (Ostelo 2008's absolute threshold)."""
    return before - after >= ABSOLUTE_IMPROVEMENT


def can_respond(before: float) -> bool:
    """A start of at least 2 leaves room for a 2-point fall on a scale that ends at 0."""
    return before >= ABSOLUTE_IMPROVEMENT


def _tie_term(values: np.ndarray) -> float:
    _, counts = np.unique(values, return_counts=True)
    k = counts[counts > 1].astype(float)
    return float(np.sum(k * (k - 1) * (2 * k + 5)))


def _pairwise_slopes(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Slopes between every pair of points whose x differ; xs must be sorted ascending.

    Row by row into one buffer: a quarter of the memory traffic of two n×n matrices."""
    n = xs.size
    total = n * (n - 1) // 2
    dx = np.empty(total)
    dy = np.empty(total)
    start = 0
    for i in range(n - 1):
        stop = start + n - 1 - i
        np.subtract(xs[i + 1 :], xs[i], out=dx[start:stop])
        np.subtract(ys[i + 1 :], ys[i], out=dy[start:stop])
        start = stop
    later = dx > 0
    if bool(later.all()):
        return np.divide(dy, dx, out=dy)
    return dy[later] / dx[later]


def theil_sen(x: Sequence[float], y: Sequence[float]) -> tuple[float, float, float] | None:
    """Theil–Sen slope with its 95 % interval (Sen 1968), as scipy.stats.theilslopes computes
    them, but picking order statistics with a partial sort instead of sorting every pairwise
    slope: a three-year journal has about 600,000 of them. None when all x are equal."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    if xs.size < 2:
        return None
    order = np.argsort(xs, kind="stable")
    slopes = _pairwise_slopes(xs[order], ys[order])
    nt = slopes.size
    if nt == 0:
        return None
    n = ys.size
    sigsq = (n * (n - 1) * (2 * n + 5) - _tie_term(xs) - _tie_term(ys)) / 18
    z = float(sp.norm.ppf(0.025))
    wanted = [(nt - 1) // 2, nt // 2]
    bounds: tuple[int, int] | None = None
    if sigsq >= 0:
        sigma = math.sqrt(sigsq)
        upper = min(round((nt - z * sigma) / 2), nt - 1)
        lower = max(round((nt + z * sigma) / 2) - 1, 0)
        bounds = (lower, upper)
        wanted += [lower, upper]
    ordered = np.partition(slopes, sorted(set(wanted)))
    median = float((ordered[wanted[0]] + ordered[wanted[1]]) / 2)
    if bounds is None:
        return median, math.nan, math.nan
    return median, float(ordered[bounds[0]]), float(ordered[bounds[1]])


def theil_sen_per_week(
    points: Sequence[tuple[datetime, float]],
) -> tuple[float, tuple[float, float] | None] | None:
    """Robust slope of the values against time, in rating points per week, with its 95 % range.

    None when there are fewer than two points or all fall at the same moment."""
    if len(points) < 2:
        return None
    origin = min(when for when, _ in points)
    weeks = [(when - origin) / timedelta(weeks=1) for when, _ in points]
    result = theil_sen(weeks, [v for _, v in points])
    if result is None:
        return None
    slope, low, high = result
    return slope, None if math.isnan(low) else (low, high)


def weekly_counts(whens: Iterable[datetime], today: date | None = None) -> WeeklyCounts:
    """Sessions in each calendar week (Monday to Sunday) from the first session to the last,
    and in each of the last four 7-day spans ending `today` (default: the last session's day),
    oldest first."""
    days = sorted(when.date() for when in whens)
    if not days:
        return WeeklyCounts(None, [], None, interpretation=["No sessions recorded yet."])
    end = today or days[-1]
    recent = [0] * RECENT_WEEKS
    for day in days:
        age = (end - day).days
        if 0 <= age < 7 * RECENT_WEEKS:
            recent[RECENT_WEEKS - 1 - age // 7] += 1
    first = days[0] - timedelta(days=days[0].weekday())
    counts = [0] * ((days[-1] - first).days // 7 + 1)
    for day in days:
        counts[(day - first).days // 7] += 1
    mean = len(days) / len(counts)
    word = "session" if len(days) == 1 else "sessions"
    note = (
        f"{len(days)} {word} over {len(counts)} calendar week{'s' if len(counts) != 1 else ''}, "
        f"about {mean:.1f} a week."
    )
    note += (
        f" In the last four weeks: {sum(recent)} session{'s' if sum(recent) != 1 else ''}, "
        f"about {sum(recent) / RECENT_WEEKS:.1f} a week."
    )
    return WeeklyCounts(first, counts, mean, recent, [note])


# --- One measure ----------------------------------------------------------------------------


def _size_note(measure: str, mean_change: float, significant: bool) -> str | None:
    """The average set against the 2-point threshold, so a clear but small change reads as small."""
    if mean_change >= ABSOLUTE_IMPROVEMENT:
        return (
            f"An average fall of {number(mean_change)} points reaches {ABSOLUTE_IMPROVEMENT} "
            "points, about the smallest change people with back pain notice over a course of "
            "care (Ostelo et al. 2008). That yardstick was set for change over weeks, not for "
            "the change within one session."
        )
    if mean_change <= 0:
        return None
    note = (
        f"An average fall of {amount(mean_change, 'points')} is smaller than "
        f"{ABSOLUTE_IMPROVEMENT} points, about the smallest change people with back pain notice "
        "over a course of care (Ostelo et al. 2008)"
    )
    if significant:
        return note + (
            f": the numbers make chance alone an unlikely explanation for the fall in {measure}, "
            "but a change can be statistically clear and still too small to matter."
        )
    return note + "."


def change_stats(measure: str, ratings: Iterable[Rating | tuple[Any, ...]]) -> ChangeStats:
    """Paired before/after statistics for one measure (e.g. "pain").

    `ratings` are (when, before, after); only sessions with both ratings form pairs, and the
    trend uses every session with a "before" rating."""
    rows = [Rating(*r) for r in ratings]
    pairs = [(r.before, r.after) for r in rows if r.before is not None and r.after is not None]
    befores = [float(b) for b, _ in pairs]
    afters = [float(a) for _, a in pairs]
    changes = [float(b - a) for b, a in pairs]
    n = len(pairs)

    mean_change = statistics.fmean(changes) if n else None
    ci = mean_ci95(changes)
    p, p_note = wilcoxon_p(changes)
    zero = sum(1 for b, _ in pairs if b == 0)
    eligible = sum(1 for b, _ in pairs if can_respond(b))
    responders = sum(1 for b, a in pairs if is_responder(b, a))  # only possible from 2 up
    trend_points = [(r.when, float(r.before)) for r in rows if r.before is not None]
    trend = theil_sen_per_week(trend_points)

    notes: list[str] = []
    if n == 0:
        notes.append(f"No sessions yet with both a before and an after {measure} rating.")
    else:
        assert mean_change is not None
        moved = change_phrase(
            measure, statistics.fmean(befores), statistics.fmean(afters), "points"
        )
        notes.append(
            f"Across {n} session{'s' if n != 1 else ''} with both ratings, {moved} on average "
            "from before to after a session."
        )
        includes_zero = ci is None or ci[0] <= 0 <= ci[1]
        if ci is None:
            notes.append("One session is not enough to say how uncertain that average is.")
        else:
            notes.append(
                f"The 95 % interval for that average is {range_words(ci[0], ci[1])}"
                + (
                    "; it includes no change, so these ratings are also consistent with no "
                    "change."
                    if includes_zero
                    else "."
                )
            )
        significant = not includes_zero or (p is not None and p < SIGNIFICANCE)
        size = _size_note(measure, mean_change, significant)
        if size:
            notes.append(size)
        if n < SMALL_N:
            notes.append(
                f"With only {n} paired session{'s' if n != 1 else ''}, these figures can move a "
                "lot as you add more."
            )
    notes.append(p_note)
    if n >= MIN_PAIRS_FOR_CI:
        notes.append(NOT_INDEPENDENT)
    if eligible > 0:
        notes.append(
            f"{responders} of {eligible} session{'s' if eligible != 1 else ''} that started at "
            f"{ABSOLUTE_IMPROVEMENT} or more ended with {measure} at least "
            f"{ABSOLUTE_IMPROVEMENT} points lower. {ABSOLUTE_IMPROVEMENT} points is the smallest "
            "change most people notice over a course of care (Ostelo et al. 2008); it was not "
            "worked out for a single session, so take this count as a rough guide."
        )
    low = n - eligible
    if low:
        notes.append(
            f"{low} session{'s' if low != 1 else ''} started at 0 or 1, which leaves no room "
            f"for a {ABSOLUTE_IMPROVEMENT}-point fall, so {'they are' if low != 1 else 'it is'}"
            " left out of that count."
        )
    if trend is None:
        notes.append(
            f"Not enough sessions spread over time to show a trend in {measure} before sessions."
        )
    else:
        slope, band = trend
        moved = movement_words(-slope, "points")
        if not moved.startswith("went"):
            moved = "stayed level" if slope == 0 else "stayed about level"
        else:
            moved += " a week"
        line = (
            f"{measure.capitalize()} before sessions {moved} on average over your journal "
            "(Theil–Sen slope"
        )
        if band is None:
            line += ")."
        else:
            low_slope, high_slope = band
            line += f"; 95 % range: {range_words(-high_slope, -low_slope)} a week)" + (
                "; that range includes no change, so there is no clear direction yet."
                if low_slope <= 0 <= high_slope
                else ". A fall over weeks can also be natural recovery."
                if high_slope < 0
                else "."
            )
        notes.append(line)
    notes.append(CAVEAT)

    return ChangeStats(
        measure=measure,
        pairs=n,
        mean_before=statistics.fmean(befores) if n else None,
        mean_after=statistics.fmean(afters) if n else None,
        mean_change=mean_change,
        ci95=ci,
        median_change=float(statistics.median(changes)) if n else None,
        wilcoxon_p=p,
        wilcoxon_note=p_note,
        responders=responders,
        responder_rate=responders / eligible if eligible else None,
        zero_baseline=zero,
        trend_per_week=trend[0] if trend else None,
        trend_ci95=trend[1] if trend else None,
        trend_points=len(trend_points),
        interpretation=notes,
    )


def summarise(
    sessions: Sequence[SessionRatings | tuple[Any, ...]], today: date | None = None
) -> JournalStats:
    """Statistics for both measures plus how often sessions happened (up to `today`)."""
    rows = [SessionRatings(*s) for s in sessions]
    pain = change_stats("pain", (Rating(r.when, r.pain_before, r.pain_after) for r in rows))
    tension = change_stats(
        "tension", (Rating(r.when, r.tension_before, r.tension_after) for r in rows)
    )
    weekly = weekly_counts((r.when for r in rows), today)
    notes = [
        "This is a personal log, not a clinical trial. Share it with a clinician if it helps "
        "the conversation; it is not a diagnosis."
    ]
    return JournalStats(len(rows), pain, tension, weekly, notes)
