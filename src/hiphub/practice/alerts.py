"""When a therapist's dashboard flags a client. Pure: no ORM, no request.

Two rules, each only when the client shares what it reads:

- pain before sessions rising (scope `sessions`): the mean of the pain ratings given before
  sessions in the last 14 days is 2 or more points above the mean of the 14 days before
  those. Both fortnights need at least one rating; a fall or a smaller rise is no alert.
- a safety check that needs a doctor (scope `safety`): the latest check came back
  `urgent_same_day` or `emergency`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from hiphub.core.wording import number

RISE = 2.0
FORTNIGHT = 14
URGENT_LEVELS = {"urgent_same_day": "be seen the same day", "emergency": "get help now"}


@dataclass(frozen=True)
class Alert:
    kind: str  # "pain_rising" or "safety"
    headline: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "headline": self.headline, "detail": self.detail}


def pain_rising(pains: Sequence[tuple[date, int]], today: date) -> Alert | None:
    """(local date, pain before) pairs; an Alert when the last fortnight's mean is RISE or more
    above the fortnight before."""
    recent_from = today - timedelta(days=FORTNIGHT - 1)
    earlier_from = recent_from - timedelta(days=FORTNIGHT)
    recent = [p for d, p in pains if recent_from <= d <= today]
    earlier = [p for d, p in pains if earlier_from <= d < recent_from]
    if not recent or not earlier:
        return None
    now_mean, then_mean = fmean(recent), fmean(earlier)
    if now_mean - then_mean < RISE:
        return None
    return Alert(
        "pain_rising",
        "Pain before sessions is rising",
        f"Average pain before sessions was {number(now_mean)} in the last 14 days "
        f"({len(recent)} sessions), against {number(then_mean)} in the 14 days before "
        f"({len(earlier)} sessions).",
    )


def safety(level: str | None, checked_on: date | None) -> Alert | None:
    """An Alert when the latest safety check says to see a doctor today or get help now."""
    if level not in URGENT_LEVELS or checked_on is None:
        return None
    return Alert(
        "safety",
        "The latest safety check needs a doctor",
        f"The safety check on {checked_on.day} {checked_on:%B %Y} said to {URGENT_LEVELS[level]}.",
    )
