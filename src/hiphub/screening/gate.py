"""The self-care gate: may this person start guided self-care right now?

The self-care player calls ``self_care_gate(request)`` before it starts. The gate is open only
when the latest safety check reached ``self_care`` or ``see_gp_soon`` and is recent (within
``GATE_WINDOW``): for a signed-in member their latest stored SafetyCheck, for a visitor the
check kept in their browser session. A new clean check reopens a closed gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from hiphub.screening.redflags import Level

GATE_WINDOW = timedelta(hours=24)
SESSION_KEY = "screening.safety"
OPEN_LEVELS = frozenset({Level.SELF_CARE, Level.SEE_GP_SOON})

REASON_NO_CHECK = "no recent check"
REASON_OPEN = "a recent safety check found no sign that needs a doctor first"
REASON_BLOCKED = "the latest safety check found signs that need a doctor before self-care"


@dataclass(frozen=True)
class Gate:
    open: bool
    level: str | None
    checked_at: datetime | None
    reason: str

    @property
    def closes_at(self) -> datetime | None:
        """When an open gate closes again (a new check is needed after that)."""
        return self.checked_at + GATE_WINDOW if self.open and self.checked_at else None

    @property
    def blocked(self) -> bool:
        """Closed because of what the latest check found, not merely because it is old."""
        return self.level is not None and Level(self.level).blocks_self_care


def record_visitor_check(
    request: HttpRequest, level: Level | str, flags: list[str] | tuple[str, ...] = ()
) -> None:
    """Keep a visitor's safety-check result in their session only (nothing in the database)."""
    request.session[SESSION_KEY] = {
        "level": Level(level).value,
        "at": timezone.now().isoformat(),
        "flags": sorted(set(flags)),
    }


def visitor_check(request: HttpRequest) -> tuple[Level, datetime, list[str]] | None:
    """The safety check kept in this session, or None when there is none or it is unreadable."""
    data: Any = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        level = Level(data["level"])
        at = datetime.fromisoformat(data["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if timezone.is_naive(at):
        return None
    flags = data.get("flags", [])
    return level, at, [f for f in flags if isinstance(f, str)] if isinstance(flags, list) else []


@dataclass(frozen=True)
class LatestCheck:
    level: Level
    at: datetime
    flags: list[str]
    stored: bool  # kept in the member's account, not only in this browser session


def latest_check(request: HttpRequest) -> LatestCheck | None:
    """The newest safety check this person has done: a member's stored one or the one kept in
    this browser session, whichever is newer. (Someone who gets an emergency result as a
    visitor and then signs in must not be let through by an older clean check.)"""
    found: list[LatestCheck] = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from hiphub.screening.models import SafetyCheck

        check = SafetyCheck.latest_for(user)
        if check is not None:
            found.append(LatestCheck(check.level_enum, check.created_at, list(check.flags), True))
    visitor = visitor_check(request)
    if visitor is not None:
        found.append(LatestCheck(visitor[0], visitor[1], visitor[2], False))
    return max(found, key=lambda c: c.at) if found else None


def self_care_gate(request: HttpRequest) -> Gate:
    """Whether guided self-care may start, with the level and time of the check behind it."""
    latest = latest_check(request)
    if latest is None:
        return Gate(open=False, level=None, checked_at=None, reason=REASON_NO_CHECK)
    level, at = latest.level, latest.at
    if timezone.now() - at > GATE_WINDOW:
        return Gate(open=False, level=level.value, checked_at=at, reason=REASON_NO_CHECK)
    if level in OPEN_LEVELS:
        return Gate(open=True, level=level.value, checked_at=at, reason=REASON_OPEN)
    return Gate(open=False, level=level.value, checked_at=at, reason=REASON_BLOCKED)
