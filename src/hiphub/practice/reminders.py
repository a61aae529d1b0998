"""Whether a member's email reminder goes out now. Pure: no ORM, no request.

At most one a day, only on a day the plan has a session, only inside the member's chosen
window; none while a safety check blocks self-care (that is no time to be nudged); and after
two reminders in a row went without a session, reminders pause, and the plan page asks
whether the plan should change instead of sending a third.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

PAUSE_AFTER = 2  # unanswered reminders in a row


class Decision(StrEnum):
    SEND = "send"
    PAUSE = "pause"
    WAIT = "wait"  # nothing to do now


@dataclass(frozen=True)
class Situation:
    enabled: bool
    paused: bool
    blocked: bool  # the latest safety check blocks self-care
    hour: int  # the local hour now
    window: tuple[int, int]  # [start, end) local hours
    planned_today: bool
    sent_on: date | None  # local date of the last reminder
    today: date
    unanswered: int  # reminders in a row with no session after them, before the last one
    answered_since_last: bool  # a planned routine was done since the last reminder


def unanswered_now(s: Situation) -> int:
    """The count including the last reminder, now that its day has passed."""
    if s.sent_on is None or s.answered_since_last:
        return 0
    return s.unanswered + 1


def decide(s: Situation) -> Decision:
    if not s.enabled or s.paused or s.blocked or not s.planned_today:
        return Decision.WAIT
    start, end = s.window
    if not start <= s.hour < end or s.sent_on == s.today:
        return Decision.WAIT
    if unanswered_now(s) >= PAUSE_AFTER:
        return Decision.PAUSE
    return Decision.SEND
