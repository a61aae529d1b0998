"""The fair test ("does it help me?"): a randomised self-experiment of one person. Pure: no
ORM, no request, so the design and the analysis are testable in tables and by simulation.

Design. The person picks 4 or 6 weeks and the weekdays of their sessions; each planned slot
is given one of two conditions, A (a routine) or B (a plain rest of the same length, or a
second routine), at random in balanced blocks of consecutive slots: each block of 2 holds one
of each, each block of 4 two of each. The assignment is drawn once, from a seed made by
`secrets`, before the first session.

Analysis. Two outcomes, each oriented so that a positive number means "A did better":
the fall in pain during the session (before − after), and next-morning pain (B's minus A's).
The statistic is the difference in means between the rated slots of A and of B. Its p-value
comes from a randomisation test: the statistic is recomputed over the assignments the same
scheme could have drawn (re-randomised within the same blocks), exactly when there are at most
EXACT_LIMIT of them and otherwise over MONTE_CARLO_DRAWS drawn with a seeded generator. The
95 % interval inverts that test under a constant additive effect: it holds each shift whose
test is not rejected at the 5 % level. Missing ratings stay missing; only rated slots count,
and a verdict needs MIN_RATED rated slots of each condition. See docs/fair-test.md.
"""

import itertools
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import numpy as np
import numpy.typing as npt

from hiphub.core.wording import number

A, B = "a", "b"
REST = "rest"  # condition B when the comparison is a plain rest
WEEKS = (4, 6)
MIN_PER_WEEK, MAX_PER_WEEK = 3, 7
BLOCK_SIZES = (2, 4)
EXACT_LIMIT = 20_000  # assignments enumerated in full up to this many
MONTE_CARLO_DRAWS = 10_000
MIN_RATED = 4  # rated slots of each condition before a verdict is given
ALPHA = 0.05
INTERVAL_STEP = 0.05  # points; the grid the interval is found on
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


class DesignError(ValueError):
    """A choice that makes no experiment; `field` names the choice at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- Design -------------------------------------------------------------------------------


def plan_days(first_day: date, weeks: int, weekdays: Sequence[int]) -> list[date]:
    """The slot days: every chosen weekday (0 = Monday) from `first_day` for `weeks` weeks."""
    chosen = set(weekdays)
    return [
        day
        for offset in range(7 * weeks)
        if (day := first_day + timedelta(days=offset)).weekday() in chosen
    ]


def default_block_size(slots: int) -> int:
    """Blocks of 4 (the next condition is harder to guess) when the slots divide by 4."""
    return 4 if slots % 4 == 0 else 2


def check_design(weeks: int, weekdays: Sequence[int], block_size: int | None) -> int:
    """Validate the choices and return the block size to use."""
    if weeks not in WEEKS:
        raise DesignError("weeks", "must be 4 or 6")
    if any(not 0 <= d <= 6 for d in weekdays):
        raise DesignError("weekdays", "each day must be 0 (Monday) to 6 (Sunday)")
    if len(set(weekdays)) != len(weekdays):
        raise DesignError("weekdays", "a day is listed twice")
    if not MIN_PER_WEEK <= len(weekdays) <= MAX_PER_WEEK:
        raise DesignError(
            "weekdays",
            f"choose {MIN_PER_WEEK} to {MAX_PER_WEEK} days a week: with fewer, even a large "
            "difference could not be told from chance",
        )
    slots = weeks * len(weekdays)
    if block_size is None:
        return default_block_size(slots)
    if block_size not in BLOCK_SIZES:
        raise DesignError("block_size", "must be 2 or 4")
    if slots % block_size:
        raise DesignError(
            "block_size",
            f"{slots} sessions cannot be split into blocks of {block_size}; choose blocks of 2 "
            "or an even number of days a week",
        )
    return block_size


def new_seed() -> int:
    """A 128-bit seed from the operating system's cryptographic source."""
    return secrets.randbits(128)


def _balanced(block_size: int) -> BoolArray:
    return np.array([True] * (block_size // 2) + [False] * (block_size // 2))


def assign(slots: int, block_size: int, seed: int) -> list[str]:
    """Each slot's condition, A or B, balanced within consecutive blocks."""
    if block_size not in BLOCK_SIZES or slots % block_size:
        raise DesignError("block_size", f"{slots} slots do not split into blocks of {block_size}")
    rng = np.random.default_rng(seed)
    base = _balanced(block_size)
    picks = [rng.permutation(base) for _ in range(slots // block_size)]
    flat = np.concatenate(picks) if picks else np.array([], dtype=bool)
    return [A if is_a else B for is_a in flat]


RATINGS = ("pain_before", "pain_after", "pain_morning")


def rating_refusal(rating: str, slot_day: date, today: date) -> str | None:
    """Why a rating cannot be given today, or None when it can. Before and after belong to the
    slot's own day, the next-morning rating to the day after; later they would be memories,
    not ratings, and a missing rating is counted as missing rather than guessed."""
    if rating not in RATINGS:
        return f"unknown rating {rating!r}"
    if rating == "pain_morning":
        if today != slot_day + timedelta(days=1):
            return "the next-morning rating can be given only on the day after the session"
        return None
    if today != slot_day:
        return "ratings before and after can be given only on the day of the session"
    return None


def revealed(slot_day: date, today: date) -> bool:
    """A slot's condition is shown on its day and after, never before."""
    return slot_day <= today


# --- The randomisation distribution --------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """The assignments the scheme could have drawn (rows: True = A), and how they were got."""

    rows: BoolArray
    exact: bool
    possible: int  # how many different assignments the scheme has

    def describe(self) -> str:
        if self.exact:
            return f"exact, over all {self.possible:,} possible assignments"
        return f"Monte Carlo, {self.rows.shape[0]:,} random re-assignments"


def possible_assignments(slots: int, block_size: int) -> int:
    ways: int = math.comb(block_size, block_size // 2)
    return int(ways ** (slots // block_size))


def reference(slots: int, block_size: int, seed: int) -> Reference:
    """Every assignment of the scheme when there are at most EXACT_LIMIT, else a fixed number
    drawn with a generator seeded by `seed` (so the same data always give the same p)."""
    blocks = slots // block_size
    count = possible_assignments(slots, block_size)
    patterns = np.array(
        [
            [i in chosen for i in range(block_size)]
            for chosen in itertools.combinations(range(block_size), block_size // 2)
        ]
    )
    if count <= EXACT_LIMIT:
        if blocks == 0:
            return Reference(np.zeros((1, 0), dtype=bool), True, 1)
        index = np.array(list(itertools.product(range(len(patterns)), repeat=blocks)))
        return Reference(patterns[index].reshape(count, slots), True, count)
    rng = np.random.default_rng([seed, 1])  # a stream apart from the one that assigned
    picks = rng.integers(0, len(patterns), size=(MONTE_CARLO_DRAWS, blocks))
    return Reference(patterns[picks].reshape(MONTE_CARLO_DRAWS, slots), False, count)


def differences(values: FloatArray, assignments: BoolArray) -> FloatArray:
    """Mean of A's rated values minus mean of B's, for every row of `values` (runs × slots,
    NaN where not rated) under every assignment (draws × slots): runs × draws, NaN where a
    condition has no rated slot."""
    rated = ~np.isnan(values)
    filled = np.where(rated, values, 0.0)
    as_a = assignments.astype(np.float64).T
    as_b = 1.0 - as_a
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_a = (filled @ as_a) / (rated @ as_a)
        mean_b = (filled @ as_b) / (rated @ as_b)
    result: FloatArray = mean_a - mean_b
    return result


def _observed(values: FloatArray, assigned: BoolArray) -> FloatArray:
    rated = ~np.isnan(values)
    filled = np.where(rated, values, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_a = (filled * assigned).sum(axis=1) / (rated & assigned).sum(axis=1)
        mean_b = (filled * ~assigned).sum(axis=1) / (rated & ~assigned).sum(axis=1)
    result: FloatArray = mean_a - mean_b
    return result


def p_values(values: FloatArray, assigned: BoolArray, ref: Reference) -> FloatArray:
    """Two-sided randomisation p-values, one per run (row): the share of the scheme's
    assignments giving a difference at least as far from 0 as the one observed. A Monte Carlo
    reference counts the observed assignment as one of its draws, (1 + k) / (1 + n)."""
    observed = _observed(values, assigned)
    spread = differences(values, ref.rows)
    valid = ~np.isnan(spread)
    extreme = valid & (np.abs(np.nan_to_num(spread)) >= np.abs(observed)[:, None] - 1e-9)
    extra = 0 if ref.exact else 1
    with np.errstate(invalid="ignore", divide="ignore"):
        result: FloatArray = (extreme.sum(axis=1) + extra) / (valid.sum(axis=1) + extra)
    return np.where(np.isnan(observed), np.nan, result)


def interval(
    values: Sequence[float], assigned: Sequence[bool], ref: Reference, level: float = 0.95
) -> tuple[float, float] | None:
    """The shifts δ (A's advantage) that the randomisation test does not reject at 1 − level,
    assuming A adds the same δ to every slot: under that hypothesis y − δ·[A] would not depend
    on the assignment. Found on a grid of INTERVAL_STEP points; None with too few ratings."""
    y = np.asarray(values, dtype=np.float64)[None, :]
    z = np.asarray(assigned, dtype=bool)
    observed = float(_observed(y, z[None, :])[0])
    if math.isnan(observed):
        return None
    # Under a shift δ every statistic moves linearly: T(y − δz) = T(y) − δ·T(z restricted
    # to the rated slots), so one pass over the reference serves the whole grid.
    spread = differences(y, ref.rows)[0]
    moved = differences(np.where(np.isnan(y), np.nan, z[None, :].astype(np.float64)), ref.rows)[0]
    keep = ~np.isnan(spread)
    spread, moved = spread[keep], moved[keep]
    extra = 0 if ref.exact else 1
    grid = np.arange(observed - 20.0, observed + 20.0 + INTERVAL_STEP / 2, INTERVAL_STEP)
    kept: list[float] = []
    for chunk in np.array_split(grid, max(1, len(grid) // 50)):
        shifted = spread[None, :] - chunk[:, None] * moved[None, :]
        extreme = np.abs(shifted) >= np.abs(observed - chunk)[:, None] - 1e-9
        p = (extreme.sum(axis=1) + extra) / (len(spread) + extra)
        kept.extend(float(d) for d in chunk[p > 1 - level])
    if not kept:
        return None
    return (round(min(kept), 2), round(max(kept), 2))


# --- Results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotRatings:
    """One slot's condition and ratings (0–10, None when not given)."""

    condition: str
    before: int | None = None
    after: int | None = None
    morning: int | None = None


Outcome = Literal["change", "morning"]


@dataclass(frozen=True)
class Comparison:
    """One outcome compared between the conditions; `difference` is A's advantage."""

    outcome: Outcome
    rated_a: int
    rated_b: int
    mean_a: float | None
    mean_b: float | None
    difference: float | None
    interval: tuple[float, float] | None
    p: float | None
    method: str

    @property
    def enough(self) -> bool:
        return self.rated_a >= MIN_RATED and self.rated_b >= MIN_RATED and self.p is not None

    @property
    def clear(self) -> bool:
        return self.enough and self.p is not None and self.p < ALPHA


@dataclass(frozen=True)
class FairTestResult:
    """What the fair test found, in words: `verdict` is one sentence, `lines` a few plain
    lines (conditions, rated slots, differences with intervals, p-values)."""

    verdict: str
    lines: list[str]
    comparisons: list[Comparison] = field(default_factory=list)
    name_a: str = ""
    name_b: str = ""


def _outcome_values(slots: Sequence[SlotRatings], outcome: Outcome) -> FloatArray:
    if outcome == "change":
        found = [
            s.before - s.after if s.before is not None and s.after is not None else math.nan
            for s in slots
        ]
    else:
        found = [-s.morning if s.morning is not None else math.nan for s in slots]
    return np.array(found, dtype=np.float64)


def compare(
    slots: Sequence[SlotRatings], block_size: int, seed: int, outcome: Outcome,
    ref: Reference | None = None,
) -> Comparison:
    ref = ref or reference(len(slots), block_size, seed)
    y = _outcome_values(slots, outcome)
    z = np.array([s.condition == A for s in slots], dtype=bool)
    rated = ~np.isnan(y)
    n_a, n_b = int((rated & z).sum()), int((rated & ~z).sum())
    sign = 1.0 if outcome == "change" else -1.0  # shown as pain itself, not its negative
    mean_a = float(sign * y[rated & z].mean()) if n_a else None
    mean_b = float(sign * y[rated & ~z].mean()) if n_b else None
    if not n_a or not n_b:
        return Comparison(outcome, n_a, n_b, mean_a, mean_b, None, None, None, ref.describe())
    p = float(p_values(y[None, :], z[None, :], ref)[0])
    return Comparison(
        outcome, n_a, n_b, mean_a, mean_b,
        difference=float(_observed(y[None, :], z[None, :])[0]),
        interval=interval(list(y), list(z), ref),
        p=p,
        method=ref.describe(),
    )


def _about(points: float) -> str:
    half = round(abs(points) * 2) / 2
    shown = number(half) if half else number(round(abs(points), 1))
    return f"about {shown} point{'' if shown == '1' else 's'}"


def judgement(c: Comparison, name_a: str, name_b: str) -> str:
    """'no clear difference', 'the routine did better by about 2 points', or why not yet."""
    if not c.enough:
        return (
            f"too few rated sessions to judge ({c.rated_a} and {c.rated_b}; at least "
            f"{MIN_RATED} of each are needed)"
        )
    assert c.difference is not None
    if not c.clear:
        return "no clear difference"
    better = name_a if c.difference > 0 else name_b
    return f"{better} did better by {_about(c.difference)}"


def _p_words(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


def _interval_words(ci: tuple[float, float] | None) -> str:
    if ci is None:
        return "no interval"
    return f"95 % interval {number(ci[0])} to {number(ci[1])}"


def _line(c: Comparison, name_a: str, name_b: str) -> str:
    what = (
        "Fall in pain during the session" if c.outcome == "change" else "Pain the next morning"
    )
    counts = f"{c.rated_a} rated with {name_a}, {c.rated_b} with {name_b}"
    if c.mean_a is None or c.mean_b is None or c.difference is None or c.p is None:
        return f"{what}: {counts}; not enough to compare."
    means = f"on average {number(c.mean_a)} with {name_a} and {number(c.mean_b)} with {name_b}"
    direction = f"difference in favour of {name_a}: {number(c.difference)} points"
    return (
        f"{what} ({counts}): {means}; {direction} ({_interval_words(c.interval)}), "
        f"{_p_words(c.p)} ({c.method})."
    )


def analyse(
    slots: Sequence[SlotRatings], block_size: int, seed: int, name_a: str, name_b: str,
    stopped_early: bool = False,
) -> FairTestResult:
    """Both comparisons, the one-sentence verdict and the plain lines."""
    ref = reference(len(slots), block_size, seed)
    change = compare(slots, block_size, seed, "change", ref)
    morning = compare(slots, block_size, seed, "morning", ref)
    after_words = judgement(change, name_a, name_b)
    morning_words = judgement(morning, name_a, name_b)
    verdict = f"Right after the session: {after_words}; the next morning: {morning_words}."
    lines = [
        f"Compared {name_a} (A) with {name_b} (B) over {len(slots)} planned sessions, each "
        f"given A or B at random in balanced blocks of {block_size} before the first one.",
        _line(change, name_a, name_b),
        _line(morning, name_a, name_b),
    ]
    if stopped_early:
        lines.append("The test was stopped early, so it has fewer sessions than planned.")
    if change.clear or morning.clear:
        lines.append(
            "Neither you nor the test was blinded, and what you expect can move your ratings; "
            "a difference is a good reason to keep going, not proof."
        )
    return FairTestResult(verdict, lines, [change, morning], name_a, name_b)
