"""The self-care gate for a person: their checks read from where they live, then `gate.decide`.

A member's full checks, short checks and clearances are in the database, and their sessions
in the journal. A visitor's live only in their server-side session, under the keys below, and
go when it does. For someone who answered as a visitor and then signed in, the newer of the
two records counts (an emergency answered as a visitor is not undone by signing in).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils import timezone

from hiphub.screening import gate, redflags
from hiphub.screening.models import (
    ClinicianClearance,
    PreSessionCheck,
    SafetyCheck,
    blocking_flags,
)
from hiphub.screening.redflags import Level

if TYPE_CHECKING:
    from hiphub.accounts.models import User

SESSION_KEY = "screening.safety"  # {"level", "at", "flags"}: the visitor's full check
PRE_SESSION_KEY = "screening.pre_session"  # {"at", "yes"}
CLEARANCE_KEY = "screening.clearance"  # {"flags", "assessed_on", "for_flags"}
SESSIONS_KEY = "selfcare.session_starts"  # ISO times a visitor's finished sessions started
KEEP_SESSION_STARTS = 20


def _member(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _when(raw: Any) -> datetime | None:
    try:
        at = datetime.fromisoformat(raw)
    except (TypeError, ValueError):
        return None
    return None if timezone.is_naive(at) else at


def _names(raw: Any) -> tuple[str, ...]:
    return tuple(sorted({x for x in raw if isinstance(x, str)})) if isinstance(raw, list) else ()


# --- Reading ---------------------------------------------------------------------------------


def visitor_check(request: HttpRequest) -> gate.FullCheck | None:
    """The full check kept in this session, or None when there is none or it is unreadable."""
    data: Any = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    at = _when(data.get("at"))
    try:
        Level(str(data.get("level")))
    except ValueError:
        return None
    if at is None:
        return None
    known = redflags.load().flags
    return gate.FullCheck(at, tuple(f for f in _names(data.get("flags", [])) if f in known))


def _visitor_pre_session(request: HttpRequest) -> gate.PreSessionCheck | None:
    data: Any = request.session.get(PRE_SESSION_KEY)
    at = _when(data.get("at")) if isinstance(data, dict) else None
    return None if at is None else gate.PreSessionCheck(at, _names(data.get("yes", [])))


def _visitor_clearance(request: HttpRequest, full: gate.FullCheck | None) -> list[gate.Clearance]:
    data: Any = request.session.get(CLEARANCE_KEY)
    if not isinstance(data, dict) or full is None:
        return []
    try:
        assessed_on = date.fromisoformat(str(data.get("assessed_on")))
    except (TypeError, ValueError):
        return []
    # The same lapse rule as a member's: only for the blocking signs it was recorded against.
    if list(_names(data.get("for_flags", []))) != blocking_flags(full.flags):
        return []
    return [gate.Clearance(_names(data.get("flags", [])), assessed_on)]


def _visitor_session_starts(request: HttpRequest) -> list[datetime]:
    raw: Any = request.session.get(SESSIONS_KEY, [])
    found = [_when(x) for x in raw] if isinstance(raw, list) else []
    return [x for x in found if x is not None]


def _member_inputs(user: User) -> tuple[
    gate.FullCheck | None, gate.PreSessionCheck | None, list[gate.Clearance]
]:
    check = SafetyCheck.latest_for(user)
    full = None if check is None else gate.FullCheck(check.created_at, tuple(check.flags))
    quick_row = PreSessionCheck.latest_for(user)
    quick = (
        None
        if quick_row is None
        else gate.PreSessionCheck(quick_row.created_at, tuple(quick_row.yes))
    )
    clearances = [
        gate.Clearance(tuple(c.flags), c.assessed_on) for c in ClinicianClearance.active_for(user)
    ]
    return full, quick, clearances


def _newest(*found: Any) -> Any:
    present = [x for x in found if x is not None]
    return max(present, key=lambda x: x.at) if present else None


def inputs_for_user(user: User) -> gate.GateInput:
    """A member's checks, clearances and recent sessions, from the database."""
    from hiphub.journal.models import JournalSession

    full, quick, clearances = _member_inputs(user)
    starts: tuple[datetime, ...] = ()
    if full is not None:
        rows = JournalSession.objects.filter(user=user, started_at__gte=full.at)
        starts = tuple(rows.values_list("started_at", flat=True))
    return gate.GateInput(full, quick, tuple(clearances), starts)


def inputs_for(request: HttpRequest) -> gate.GateInput:
    """This person's gate inputs: a member's stored ones and this browser session's."""
    member = _member(request)
    visitor_full = visitor_check(request)
    if member is None:
        return gate.GateInput(
            visitor_full,
            _visitor_pre_session(request),
            tuple(_visitor_clearance(request, visitor_full)),
            tuple(_visitor_session_starts(request)),
        )
    stored = inputs_for_user(member)
    full = _newest(stored.full, visitor_full)
    return gate.GateInput(
        full,
        _newest(stored.pre_session, _visitor_pre_session(request)),
        stored.clearances + tuple(_visitor_clearance(request, full)),
        stored.session_starts + tuple(_visitor_session_starts(request)),
    )


def self_care_gate(request: HttpRequest) -> gate.Gate:
    """Whether guided self-care may start now for the person making this request."""
    return gate.decide(inputs_for(request), timezone.now())


def gate_for_user(user: User) -> gate.Gate:
    """The same for a member known by account (the terminal player)."""
    return gate.decide(inputs_for_user(user), timezone.now())


def may_save(request: HttpRequest, started_at: datetime) -> gate.Gate:
    """Whether a session that started at `started_at` may be saved (see gate.may_save)."""
    return gate.may_save(inputs_for(request), started_at, timezone.now())


def may_save_for_user(user: User, started_at: datetime) -> gate.Gate:
    return gate.may_save(inputs_for_user(user), started_at, timezone.now())


def latest_full_check(request: HttpRequest) -> tuple[gate.FullCheck, bool] | None:
    """The newest full check of this person, and whether it is stored in their account."""
    member = _member(request)
    visitor = visitor_check(request)
    stored = None
    if member is not None:
        check = SafetyCheck.latest_for(member)
        if check is not None:
            stored = gate.FullCheck(check.created_at, tuple(check.flags))
    newest = _newest(stored, visitor)
    return None if newest is None else (newest, newest is stored)


# --- Recording -------------------------------------------------------------------------------


def record_full_check(request: HttpRequest, answered_yes: list[str]) -> Level:
    """Store a full check: in the member's account, or in the visitor's session only."""
    level = redflags.triage(answered_yes)
    flags = sorted(set(answered_yes))
    member = _member(request)
    if member is not None:
        SafetyCheck.record(member, flags)
        request.session.pop(SESSION_KEY, None)  # the stored check is the newest now
        return level
    request.session[SESSION_KEY] = {
        "level": level.value,
        "at": timezone.now().isoformat(),
        "flags": flags,
    }
    cleared: Any = request.session.get(CLEARANCE_KEY)
    if isinstance(cleared, dict) and cleared.get("for_flags") != blocking_flags(flags):
        del request.session[CLEARANCE_KEY]  # the answers changed: the clearance lapses
    return level


def record_pre_session(request: HttpRequest, answered_yes: list[str]) -> None:
    """Store the short check's answers (yes to any question means the full check is next)."""
    member = _member(request)
    if member is not None:
        PreSessionCheck.record(member, answered_yes)
        request.session.pop(PRE_SESSION_KEY, None)
        return
    known = {q.id for q in redflags.load().pre_session}
    unknown = sorted(set(answered_yes) - known)
    if unknown:
        raise redflags.UnknownFlagError(unknown)
    request.session[PRE_SESSION_KEY] = {
        "at": timezone.now().isoformat(),
        "yes": sorted(set(answered_yes)),
    }


def record_clearance(request: HttpRequest, flags: list[str], assessed_on: date) -> None:
    """Record a clinician's clearance of the latest full check's blocking signs."""
    latest = latest_full_check(request)
    blocking = blocking_flags(latest[0].flags) if latest else []
    if not blocking or sorted(set(flags)) != blocking:
        raise ValueError("a clearance covers exactly the signs of your latest check")
    member = _member(request)
    if member is not None:
        ClinicianClearance.record(member, flags, assessed_on)
        return
    if set(redflags.clearable(flags)) != set(flags):
        raise ValueError("these signs cannot be cleared here")
    request.session[CLEARANCE_KEY] = {
        "flags": sorted(set(flags)),
        "assessed_on": assessed_on.isoformat(),
        "for_flags": blocking,
    }


def note_visitor_session(request: HttpRequest, started_at: datetime) -> None:
    """Remember that a visitor finished a session (members' sessions are in their journal)."""
    starts = [x.isoformat() for x in _visitor_session_starts(request)]
    request.session[SESSIONS_KEY] = [*starts, started_at.isoformat()][-KEEP_SESSION_STARTS:]
