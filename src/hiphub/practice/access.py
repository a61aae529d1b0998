"""The one door to a client's data for a therapist.

Every therapist-facing read of a client's data (web pages, the API, the daily digest, the
command line) calls `client_data`. It reads the link again from the database, so a revocation,
an expiry or a narrowed scope counts from the very next request; it returns only the fields the
shared scopes allow, and it writes the access log the client reads. Nothing else in hiphub
reads another person's journal, questionnaires or safety checks for a therapist: the leak test
(tests/practice/test_leaks.py) drives every practice route to make sure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from hiphub.journal.models import JournalSession
from hiphub.practice import plan
from hiphub.practice.models import AccessLog, Channel, Link, Scope
from hiphub.screening.models import QuestionnaireResult, SafetyCheck

if TYPE_CHECKING:
    from hiphub.accounts.models import User


class Refused(Exception):
    """The therapist may not read this; `status` is 404 when the link is not theirs, 403 when
    it is theirs but no longer shares, or does not share what was asked."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


NOT_YOURS = "No such client."
STOPPED = "This client no longer shares their data with you."


@dataclass(frozen=True)
class SessionRow:
    started_at: datetime
    protocol: str
    variant: str
    minutes: int | None
    pain_before: int | None
    pain_after: int | None
    tension_before: int | None
    tension_after: int | None

    @property
    def routine(self) -> str:
        """The routine and its set-up in words, for pages."""
        return plan.routine_with_setup(self.protocol, self.variant)


@dataclass(frozen=True)
class NoteRow:
    started_at: datetime
    notes: str


@dataclass(frozen=True)
class ResultRow:
    instrument: str
    created_at: datetime
    total: float
    percent: float | None
    band: str
    label: str


@dataclass(frozen=True)
class SafetyRow:
    level: str
    checked_on: date


@dataclass(frozen=True)
class ClientData:
    """What one read returned; a field is None when its scope was not read."""

    link_id: int
    client_name: str
    scopes: tuple[str, ...]  # the scopes the link shares now
    sessions: list[SessionRow] | None = None
    notes: list[NoteRow] | None = None
    questionnaires: list[ResultRow] | None = None
    safety: SafetyRow | None = None
    read: tuple[str, ...] = field(default=())  # the scopes this read returned


def link_of(therapist: User, link_id: int) -> Link:
    """The link with this id if `therapist` is its therapist (whatever its state), else
    Refused(404): another therapist's client does not exist, as far as anyone can tell."""
    link = Link.objects.select_related("client").filter(pk=link_id, therapist=therapist).first()
    if link is None:
        raise Refused(404, NOT_YOURS)
    return link


def _sessions(client: User, since: datetime | None) -> list[JournalSession]:
    rows = JournalSession.objects.filter(user=client).order_by("-started_at", "-pk")
    return list(rows.filter(started_at__gte=since) if since else rows)


def client_data(
    link: Link,
    scopes: Iterable[str],
    *,
    therapist: User,
    channel: str,
    what: str = "",
    since: datetime | None = None,
    required: bool = True,
) -> ClientData:
    """Read the scopes asked for that `link` shares, as `therapist`, and log the read.

    Refused(404) if the link is not this therapist's; Refused(403) if it stopped or expired,
    or if `required` and it shares none of the scopes asked for. `since` limits sessions and
    notes to those started from then on."""
    fresh = Link.objects.select_related("client").filter(pk=link.pk, therapist=therapist).first()
    if fresh is None:
        raise Refused(404, NOT_YOURS)
    if not fresh.is_active():
        raise Refused(403, STOPPED)
    asked = set(scopes)
    allowed = tuple(s for s in Scope.values if s in asked and fresh.allows(s))
    if required and not allowed:
        wanted = " or ".join(Scope.short(s) for s in Scope.values if s in asked)
        raise Refused(403, f"This client does not share their {wanted} with you.")
    client = fresh.client
    found: dict[str, Any] = {}
    if Scope.SESSIONS in allowed or Scope.NOTES in allowed:
        rows = _sessions(client, since)
        if Scope.SESSIONS in allowed:
            found["sessions"] = [
                SessionRow(
                    r.started_at, r.protocol, r.variant, r.minutes, r.pain_before,
                    r.pain_after, r.tension_before, r.tension_after,
                )
                for r in rows
            ]
        if Scope.NOTES in allowed:
            found["notes"] = [NoteRow(r.started_at, r.notes) for r in rows if r.notes.strip()]
    if Scope.QUESTIONNAIRES in allowed:
        found["questionnaires"] = [
            ResultRow(r.instrument, r.created_at, r.total, r.percent, r.band, r.label)
            for r in QuestionnaireResult.objects.filter(user=client).order_by("created_at", "pk")
        ]
    if Scope.SAFETY in allowed:
        latest = SafetyCheck.latest_for(client)
        if latest is not None:
            found["safety"] = SafetyRow(
                latest.level, timezone.localdate(latest.created_at)
            )
    if allowed:
        AccessLog.objects.create(
            link=fresh, scopes=list(allowed), channel=Channel(channel), what=what[:80]
        )
    return ClientData(
        link_id=fresh.pk,
        client_name=str(client),
        scopes=tuple(fresh.scopes),
        read=allowed,
        **found,
    )
