"""The self-care gate as a pure rule: which checks are in, whether self-care may start.

No ORM and no request here: `screening.gatekeeper` reads a member's checks from the database
(or a visitor's from their session) into a `GateInput` and calls `decide`. The rule:

1. With no full safety check, the gate is closed: the full check is needed.
2. A full check whose warning signs need a doctor (emergency or same-day) keeps it closed,
   however old, until a newer full check comes back without them. A same-day sign that is a
   fact about the person's history (for example a past cancer) no longer blocks once they
   record that a doctor or physiotherapist has assessed it and said self-care is fine; that
   clearance lasts six months from the assessment. Emergency signs can never be cleared.
3. A clean full check stays valid for 28 days.
4. Within that time, each session needs a check of its own: the full check covers the first
   session started within 12 hours of it, and every later session needs the short "anything
   new?" check, answered within 12 hours before it starts. Any "yes" to the short check
   sends the person back to the full check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from hiphub.screening.redflags import Level, load, triage

FULL_CHECK_VALID = timedelta(days=28)
CHECK_COVERS = timedelta(hours=12)  # a check covers one session started within this time
CLEARANCE_VALID = timedelta(days=183)  # about six months from the clinician's assessment
OPEN_LEVELS = frozenset({Level.SELF_CARE, Level.SEE_GP_SOON})

REASON_NO_CHECK = "no recent check"
REASON_OPEN = "a recent safety check found no sign that needs a doctor first"
REASON_BLOCKED = "the latest safety check found signs that need a doctor before self-care"
REASON_PRE_SESSION = "a short check that nothing new has happened is needed before this session"
REASON_SOMETHING_NEW = "the short check found something new, so the full check is needed"


class Needs(StrEnum):
    FULL_CHECK = "full_check"
    PRE_SESSION_CHECK = "pre_session_check"


@dataclass(frozen=True)
class FullCheck:
    at: datetime
    flags: tuple[str, ...]


@dataclass(frozen=True)
class PreSessionCheck:
    at: datetime
    yes: tuple[str, ...]  # ids of the short-check questions answered yes


@dataclass(frozen=True)
class Clearance:
    """A person's record that a clinician assessed these flags and said self-care is fine."""

    flags: tuple[str, ...]
    assessed_on: date

    def covers(self, flag_id: str, today: date) -> bool:
        return flag_id in self.flags and today - self.assessed_on <= CLEARANCE_VALID


@dataclass(frozen=True)
class GateInput:
    full: FullCheck | None = None
    pre_session: PreSessionCheck | None = None
    clearances: tuple[Clearance, ...] = ()
    # When each self-care session started since the full check (at least those; earlier
    # ones are ignored).
    session_starts: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class Gate:
    open: bool
    level: str | None  # the level of the latest full check, as the person answered it
    checked_at: datetime | None  # when that full check was done
    reason: str
    needs: Needs | None = None
    closes_at: datetime | None = None  # when an open gate closes again
    blocked: bool = False  # closed because of what the full check found, not its age
    cleared: tuple[str, ...] = field(default=())  # flags a clinician's clearance set aside


def cleared_flags(
    flags: tuple[str, ...], clearances: tuple[Clearance, ...], today: date
) -> tuple[str, ...]:
    """The flags answered yes that a valid clearance sets aside (never an emergency flag)."""
    known = load().flags
    return tuple(
        f
        for f in flags
        if f in known
        and known[f].clearable
        and known[f].level != Level.EMERGENCY
        and any(c.covers(f, today) for c in clearances)
    )


def effective_level(flags: tuple[str, ...], cleared: tuple[str, ...]) -> Level:
    """The level that decides the gate: the flags answered yes, less the cleared ones."""
    return triage([f for f in flags if f not in cleared])


def decide(inputs: GateInput, now: datetime) -> Gate:
    """Whether guided self-care may start at `now`, and what is needed if not."""
    full = inputs.full
    if full is None:
        return Gate(False, None, None, REASON_NO_CHECK, Needs.FULL_CHECK)
    level = triage(full.flags).value
    cleared = cleared_flags(full.flags, inputs.clearances, now.date())

    def closed(reason: str, needs: Needs | None = None, blocked: bool = False) -> Gate:
        return Gate(False, level, full.at, reason, needs, None, blocked, cleared)

    if effective_level(full.flags, cleared).blocks_self_care:
        return closed(REASON_BLOCKED, blocked=True)
    if now - full.at > FULL_CHECK_VALID:
        return closed(REASON_NO_CHECK, Needs.FULL_CHECK)
    latest = full.at
    quick = inputs.pre_session
    if quick is not None and quick.at >= full.at:
        if quick.yes:
            return closed(REASON_SOMETHING_NEW, Needs.FULL_CHECK)
        latest = quick.at
    used = any(start >= latest for start in inputs.session_starts)
    if used or now - latest > CHECK_COVERS:
        return closed(REASON_PRE_SESSION, Needs.PRE_SESSION_CHECK)
    closes = min(full.at + FULL_CHECK_VALID, latest + CHECK_COVERS)
    return Gate(True, level, full.at, REASON_OPEN, None, closes, False, cleared)


def as_of(inputs: GateInput, moment: datetime) -> GateInput:
    """The inputs as they stood at `moment`: only checks and sessions from before it."""
    full = inputs.full if inputs.full is not None and inputs.full.at <= moment else None
    quick = inputs.pre_session
    if quick is not None and quick.at > moment:
        quick = None
    starts = tuple(start for start in inputs.session_starts if start < moment)
    return GateInput(full, quick, inputs.clearances, starts)


def may_save(inputs: GateInput, started_at: datetime, now: datetime) -> Gate:
    """Whether a session that started at `started_at` may be saved now.

    It may when the gate was open as the session started, and no check since has found a
    sign that blocks self-care. (A check that merely grew old during a long session does not
    cost the person their ratings.) The gate returned explains a refusal.
    """
    current = decide(inputs, now)
    if current.blocked or current.open:
        return current
    return decide(as_of(inputs, started_at), started_at)


def refusal(g: Gate) -> str:
    """Why a session cannot be saved, and what to do, in one plain sentence or two."""
    if g.blocked:
        return (
            "Your latest safety check found signs that need a doctor before self-care, so this "
            "session was not saved. Please follow the advice of that check."
        )
    if g.needs == Needs.PRE_SESSION_CHECK:
        return (
            "Each session needs the short check that nothing new has happened, answered before "
            "it starts. This session was not saved."
        )
    if g.reason == REASON_SOMETHING_NEW:
        return (
            "You told us something new has happened since your safety check, so the full check "
            "is needed again. This session was not saved."
        )
    return (
        "There is no recent safety check, so this session was not saved. Please answer the "
        "safety check before a session."
    )
