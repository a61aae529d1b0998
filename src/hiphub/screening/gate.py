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


def _latest(request: HttpRequest) -> tuple[Level, datetime] | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from hiphub.screening.models import SafetyCheck

        check = SafetyCheck.latest_for(user)
        return None if check is None else (check.level_enum, check.created_at)
    found = visitor_check(request)
    return None if found is None else (found[0], found[1])


def self_care_gate(request: HttpRequest) -> Gate:
    """Whether guided self-care may start, with the level and time of the check behind it."""
    latest = _latest(request)
    if latest is None:
        return Gate(open=False, level=None, checked_at=None, reason=REASON_NO_CHECK)
    level, at = latest
    if timezone.now() - at > GATE_WINDOW:
        return Gate(open=False, level=level.value, checked_at=at, reason=REASON_NO_CHECK)
    if level in OPEN_LEVELS:
        return Gate(open=True, level=level.value, checked_at=at, reason=REASON_OPEN)
    return Gate(open=False, level=level.value, checked_at=at, reason=REASON_BLOCKED)
