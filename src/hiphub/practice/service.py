"""The practice app's operations: a therapist's dashboard and client summary (read through
access.client_data only), and a member's plans. Rules live in the pure modules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from hiphub.core.wording import change_words, number
from hiphub.practice import adherence as adherence_rules
from hiphub.practice import alerts as alert_rules
from hiphub.practice import plan
from hiphub.practice.access import ClientData, client_data
from hiphub.practice.models import Link, Programme, Scope
from hiphub.screening.models import SafetyLevel
from hiphub.screening.questionnaires import instruments

if TYPE_CHECKING:
    from hiphub.accounts.models import User

ALL_SCOPES = tuple(Scope.values)
SUMMARY_SCOPES = (Scope.SESSIONS, Scope.QUESTIONNAIRES, Scope.SAFETY)
WEEKS_SHOWN = 12


def local_day(when: datetime) -> date:
    return timezone.localtime(when).date()


def plan_versions(link: Link) -> list[adherence_rules.PlanVersion]:
    programmes = Programme.objects.filter(link=link).order_by("version").prefetch_related("items")
    return [
        adherence_rules.PlanVersion(local_day(p.created_at), tuple(p.planned()))
        for p in programmes
    ]


@dataclass(frozen=True)
class PlanView:
    """A programme as either side reads it: the items in words and what the version changed."""

    link_id: int
    therapist: str
    client: str
    version: int
    created_at: datetime
    note: str
    items: list[plan.PlannedItem]
    lines: list[str]
    changes: list[str]
    days: str

    @property
    def items_with_lines(self) -> list[tuple[plan.PlannedItem, str]]:
        return list(zip(self.items, self.lines, strict=True))

    def as_dict(self) -> dict[str, Any]:
        return {
            "link": self.link_id,
            "therapist": self.therapist,
            "version": self.version,
            "created_at": self.created_at,
            "note": self.note,
            "items": [i.fields() for i in self.items],
            "in_words": self.lines,
            "changes": self.changes,
            "days": self.days,
        }


def plan_view(link: Link) -> PlanView | None:
    current = Programme.current_for(link)
    if current is None:
        return None
    items = current.planned()
    previous = current.previous()
    return PlanView(
        link_id=link.pk,
        therapist=str(link.therapist),
        client=str(link.client),
        version=current.version,
        created_at=current.created_at,
        note=current.note,
        items=items,
        lines=[plan.describe(i) for i in items],
        changes=plan.changes(
            previous.planned() if previous else None, items,
            previous.note if previous else "", current.note,
        ),
        days=plan.days_words(plan.plan_days(items)),
    )


def plans_for_member(member: User) -> list[PlanView]:
    """The current plan from each therapist the member shares with now, newest first."""
    found = [plan_view(link) for link in Link.active_for_client(member)]
    return sorted((p for p in found if p), key=lambda p: p.created_at, reverse=True)


def member_adherence(member: User, link: Link) -> adherence_rules.Adherence | None:
    """The member's own adherence to this link's plan (their own data: no access log)."""
    from hiphub.journal.models import JournalSession

    versions = plan_versions(link)
    if not versions:
        return None
    since = timezone.now() - timedelta(days=35)
    rows = JournalSession.objects.filter(user=member, started_at__gte=since)
    sessions = [(local_day(w), p) for w, p in rows.values_list("started_at", "protocol")]
    return adherence_rules.adherence(versions, sessions, timezone.localdate())


# --- The therapist's side: every read goes through client_data ---------------------------


@dataclass
class Summary:
    link: Link
    data: ClientData
    plan: PlanView | None
    adherence: adherence_rules.Adherence | None = None
    last_session: dict[str, Any] | None = None
    pain_by_week: list[dict[str, Any]] | None = None
    questionnaires: list[dict[str, Any]] | None = None
    safety: dict[str, Any] | None = None
    alerts: list[alert_rules.Alert] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.link.pk,
            "client": self.data.client_name,
            "scopes": list(self.data.scopes),
            "expires_at": self.link.expires_at,
            "programme": self.plan.as_dict() if self.plan else None,
            "adherence": self.adherence.as_dict() if self.adherence else None,
            "last_session": self.last_session,
            "pain_before_by_week": self.pain_by_week,
            "questionnaires": self.questionnaires,
            "safety": self.safety,
            "alerts": [a.as_dict() for a in self.alerts],
        }


def _pain_by_week(data: ClientData, today: date) -> list[dict[str, Any]]:
    first_monday = adherence_rules.week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1)
    by_week: dict[date, list[int]] = defaultdict(list)
    for row in data.sessions or []:
        day = local_day(row.started_at)
        if day >= first_monday and row.pain_before is not None:
            by_week[adherence_rules.week_start(day)].append(row.pain_before)
    return [
        {"week_of": monday, "mean": round(fmean(values), 1), "sessions": len(values)}
        for monday, values in sorted(by_week.items())
    ]


def _questionnaire_trend(data: ClientData) -> list[dict[str, Any]]:
    names = {i.id: i.name for i in instruments().values()}
    by_instrument: dict[str, list[Any]] = defaultdict(list)
    for row in data.questionnaires or []:
        by_instrument[row.instrument].append(row)
    trend = []
    for instrument, rows in by_instrument.items():
        first, latest = rows[0], rows[-1]
        trend.append({
            "instrument": instrument,
            "name": names.get(instrument, instrument),
            "count": len(rows),
            "first": {"on": local_day(first.created_at), "total": first.total,
                      "band": first.band, "label": first.label},
            "latest": {"on": local_day(latest.created_at), "total": latest.total,
                       "band": latest.band, "label": latest.label},
            "change": None if len(rows) < 2 else (
                f"score {change_words(first.total, latest.total)} "
                f"({number(first.total)} → {number(latest.total)})"
            ),
        })
    return trend


def summarise(link: Link, data: ClientData, today: date) -> Summary:
    """Everything the dashboard and the client page show, from one read's data."""
    summary = Summary(link=link, data=data, plan=plan_view(link))
    if data.sessions is not None:
        sessions = [(local_day(r.started_at), r.protocol) for r in data.sessions]
        versions = plan_versions(link)
        if versions:
            summary.adherence = adherence_rules.adherence(versions, sessions, today)
        if data.sessions:
            last = data.sessions[0]
            summary.last_session = {
                "started_at": last.started_at,
                "routine": plan.routine_title(last.protocol),
                "variant": plan.variant_name(last.protocol, last.variant),
                "minutes": last.minutes,
                "pain_before": last.pain_before,
                "pain_after": last.pain_after,
                "tension_before": last.tension_before,
                "tension_after": last.tension_after,
            }
        summary.pain_by_week = _pain_by_week(data, today)
        pains = [
            (local_day(r.started_at), r.pain_before)
            for r in data.sessions if r.pain_before is not None
        ]
        rising = alert_rules.pain_rising(pains, today)
        if rising:
            summary.alerts.append(rising)
    if data.questionnaires is not None:
        summary.questionnaires = _questionnaire_trend(data)
    if Scope.SAFETY in data.read:
        if data.safety is not None:
            summary.safety = {
                "level": data.safety.level,
                "label": SafetyLevel(data.safety.level).label,
                "checked_on": data.safety.checked_on,
            }
            urgent = alert_rules.safety(data.safety.level, data.safety.checked_on)
            if urgent:
                summary.alerts.append(urgent)
        else:
            summary.safety = {"level": None, "checked_on": None}
    return summary


RECENT = timedelta(weeks=WEEKS_SHOWN + 1)


def client_summary(
    therapist: User, link: Link, channel: str, what: str,
    scopes: tuple[str, ...] = SUMMARY_SCOPES,
) -> Summary:
    """One client's summary, read through the door (Refused when it is closed)."""
    since = timezone.now() - RECENT
    data = client_data(link, scopes, therapist=therapist, channel=channel, what=what,
                       since=since)
    return summarise(link, data, timezone.localdate())


def dashboard(therapist: User, channel: str, what: str = "client list") -> list[Summary]:
    """A summary of each client who shares with this therapist now, by name."""
    rows = []
    for link in Link.active_for_therapist(therapist):
        rows.append(client_summary(therapist, link, channel, what))
    return sorted(rows, key=lambda s: s.data.client_name.lower())
