"""The journal's first line: what the last sessions show, in one plain sentence. Pure.

The detail (averages, intervals, tests, the trend) sits folded below it; this line is what a
person reads first, so it says what happened during the sessions, how many, and nothing more
than the numbers hold.
"""

from collections.abc import Sequence
from statistics import fmean

from hiphub.core.wording import movement_words, number

LAST = 10  # the sessions the sentence speaks for: recent enough to be about now


def headline(pairs: Sequence[tuple[float, float]], last: int = LAST) -> str:
    """`pairs` are (pain before, pain after) of the sessions with both ratings, oldest first."""
    recent = list(pairs)[-last:]
    if not recent:
        return "No session has a pain rating both before and after yet: nothing to sum up."
    before = fmean(b for b, _ in recent)
    after = fmean(a for _, a in recent)
    drop = before - after
    if len(recent) == 1:
        return (
            "In your last session with ratings before and after, pain "
            f"{movement_words(drop, 'points')} ({number(before)} → {number(after)})."
        )
    return (
        f"Over your last {len(recent)} sessions with ratings before and after, pain "
        f"{movement_words(drop, 'points')} on average during a session "
        f"({number(before)} → {number(after)})."
    )
