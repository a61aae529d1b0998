"""One report's data, gathered once: for a member (everything of their own) or for a linked
therapist (only what the link shares, read through `practice.access.client_data`, the one door,
which also writes the client's access log).

The PDF, the FHIR bundle and the long CSV are all drawn from a `ReportData`. Nothing here
recomputes a rule that has a home elsewhere: the trend and the per-session statistics come from
journal.stats, meaningful change from screening.questionnaires.change, adherence from
practice.adherence, the safety level's wording from screening.models.SafetyLevel.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.crypto import salted_hmac

from hiphub.core.wording import movement_words, number
from hiphub.journal import stats
from hiphub.journal.models import JournalSession
from hiphub.practice import adherence as adherence_rules
from hiphub.practice import plan, service
from hiphub.practice.access import ClientData, client_data
from hiphub.practice.models import Link, Scope
from hiphub.reports import experiments
from hiphub.reports.experiment import FairTestResult
from hiphub.screening import questionnaires as q
from hiphub.screening.models import (
    ClinicianClearance,
    QuestionnaireResult,
    SafetyCheck,
    SafetyLevel,
)

if TYPE_CHECKING:
    from hiphub.accounts.models import User

# The scopes a report reads; notes are never part of a report.
REPORT_SCOPES = (Scope.SESSIONS, Scope.QUESTIONNAIRES, Scope.SAFETY)
# The order scores appear in: pain first, then function, then risk, then the global impression.
INSTRUMENT_ORDER = ("nrs", "odi", "rmdq", "start_back", "pgic")


@dataclass(frozen=True)
class Session:
    started_at: datetime  # in the site's time zone
    ended_at: datetime | None
    protocol: str
    variant: str
    minutes: int | None
    pain_before: int | None
    pain_after: int | None
    tension_before: int | None
    tension_after: int | None

    @property
    def routine(self) -> str:
        return plan.routine_title(self.protocol)

    @property
    def after_at(self) -> datetime:
        """When the 'after' ratings were given: the end, else the start plus the minutes."""
        if self.ended_at is not None:
            return self.ended_at
        return self.started_at + timedelta(minutes=self.minutes or 0)


@dataclass(frozen=True)
class Result:
    """One completed questionnaire. `answers` is None when they were not shared."""

    key: str  # stable within one report: "q1", "q2", ... oldest first
    instrument: str
    name: str
    created_at: datetime
    total: float
    percent: float | None
    band: str
    label: str
    answers: dict[str, int | None] | None

    def score(self) -> q.Score:
        """The score as questionnaires.change takes it (the Oswestry as its percent)."""
        if self.instrument == "odi":
            return q.Score("odi", total=self.percent or 0.0, maximum=100)
        return q.Score(self.instrument, total=self.total, maximum=0)

    @property
    def shown(self) -> str:
        """The score as a clinician reads it: '34 %', '6 / 10', '12 / 24', '5 / 9'."""
        if self.instrument == "odi":
            return f"{number(self.percent or 0.0)} %"
        top = {"nrs": 10, "rmdq": 24, "start_back": 9, "pgic": 7}.get(self.instrument)
        return f"{number(self.total)} / {top}" if top else number(self.total)

    @property
    def band_words(self) -> str:
        if self.instrument == "pgic":
            return self.label
        if self.instrument == "start_back":
            return q.START_BACK_BANDS.get(self.band, self.band)
        if self.instrument == "odi":
            return self.label or self.band
        return self.label


@dataclass(frozen=True)
class LatestScore:
    first: Result
    latest: Result
    count: int
    change: q.Change | None  # only for instruments with a meaningful-change rule

    @property
    def change_words(self) -> str:
        if self.change is not None:
            return change_words(self.change)
        if self.count > 1:
            return f"{self.count} answers; no agreed rule for a meaningful change"
        return "answered once"


def change_words(change: q.Change) -> str:
    """A score's change in a few words, by issue 7's rule: '40 percentage points better:
    meaningful (10 needed)'. The full sentence is questionnaires.change_note."""
    threshold = q.MIC_POINTS[change.instrument_id]
    unit = "percentage points" if change.instrument_id == "odi" else "points"
    size = abs(change.improvement_points)
    if number(size) == "0":
        return "no change"
    text = f"{number(size)} {unit} {'better' if change.improvement_points > 0 else 'worse'}"
    if change.meaningful:
        return f"{text}: meaningful ({threshold} needed)"
    if change.improvement_points > 0:
        return f"{text}: not meaningful, within chance ({threshold} needed)"
    if size >= threshold:
        return f"{text}, as large as a meaningful change"
    return f"{text}, within chance"


@dataclass(frozen=True)
class Safety:
    level: str
    checked_on: date
    clearance: str | None = None  # a clinician's clearance in force, in words (member only)

    @property
    def label(self) -> str:
        return str(SafetyLevel(self.level).label)


@dataclass(frozen=True)
class RoutineLine:
    routine: str
    sessions: int
    pairs: int
    median_change: float | None  # before − after; positive: pain fell
    share_fell_2: float | None  # of sessions that started at 2 or more
    eligible: int

    @property
    def median_words(self) -> str:
        """'went down by 2 points': the median session's change in pain."""
        if self.median_change is None:
            return "–"
        return movement_words(self.median_change, "points")

    @property
    def share_words(self) -> str:
        if self.share_fell_2 is None:
            return "–"
        return f"{number(100 * self.share_fell_2)} % of {self.eligible} that started at 2 or more"


@dataclass
class ReportData:
    """What one report may show. A field is None when it is not shared (therapist) or, for
    the member, when there is nothing of that kind; `shared` says which scopes were read."""

    subject: str  # the person's name as the site shows it
    pseudonym: str  # a stable pseudonymous id for exports
    for_therapist: bool
    shared: tuple[str, ...]
    made_at: datetime
    sessions: list[Session] | None = None
    results: list[Result] | None = None
    safety: Safety | None = None
    regions: list[str] = field(default_factory=list)
    adherence: adherence_rules.Adherence | None = None
    plan_lines: list[str] = field(default_factory=list)
    # The member's newest finished "does it help me?" test; never in a therapist's copy (no
    # scope shares it).
    fair_test: FairTestResult | None = None

    @property
    def shares_sessions(self) -> bool:
        return Scope.SESSIONS in self.shared

    @property
    def shares_questionnaires(self) -> bool:
        return Scope.QUESTIONNAIRES in self.shared

    @property
    def shares_safety(self) -> bool:
        return Scope.SAFETY in self.shared

    # --- What the report says, from the shared rules ------------------------------------

    def pain_stats(self) -> stats.ChangeStats | None:
        if self.sessions is None:
            return None
        return stats.change_stats(
            "pain", [(s.started_at, s.pain_before, s.pain_after) for s in self.sessions]
        )

    def pain_points(self) -> list[tuple[datetime, int]]:
        """(start, pain before) of every rated session, oldest first, for the trend chart."""
        return [
            (s.started_at, s.pain_before)
            for s in self.sessions or []
            if s.pain_before is not None
        ]

    def routines(self) -> list[RoutineLine]:
        """Sessions per routine with the median change and the share where pain fell by 2."""
        by_routine: dict[str, list[Session]] = defaultdict(list)
        for s in self.sessions or []:
            by_routine[s.protocol].append(s)
        lines = []
        for protocol, rows in sorted(by_routine.items(), key=lambda kv: -len(kv[1])):
            got = stats.change_stats(
                "pain", [(s.started_at, s.pain_before, s.pain_after) for s in rows]
            )
            eligible = sum(
                1 for s in rows
                if s.pain_before is not None and s.pain_after is not None
                and stats.can_respond(s.pain_before)
            )
            lines.append(RoutineLine(
                routine=plan.routine_title(protocol), sessions=len(rows), pairs=got.pairs,
                median_change=got.median_change, share_fell_2=got.responder_rate,
                eligible=eligible,
            ))
        return lines

    def latest_scores(self) -> list[LatestScore]:
        by_instrument: dict[str, list[Result]] = defaultdict(list)
        for r in self.results or []:
            by_instrument[r.instrument].append(r)
        out = []
        order = {iid: n for n, iid in enumerate(INSTRUMENT_ORDER)}
        for iid in sorted(by_instrument, key=lambda i: order.get(i, len(order))):
            rows = by_instrument[iid]
            first, latest = rows[0], rows[-1]
            moved = None
            if len(rows) > 1 and iid in q.MIC_POINTS:
                moved = q.change(iid, first.score(), latest.score())
            out.append(LatestScore(first, latest, len(rows), moved))
        return out


def pseudonym(user_id: int) -> str:
    """A stable id that says nothing about the person outside this site."""
    return "p-" + salted_hmac("hiphub.reports.patient", str(user_id)).hexdigest()[:16]


def _local(when: datetime) -> datetime:
    return timezone.localtime(when)


def _names() -> dict[str, str]:
    return {i.id: i.name for i in q.instruments().values()}


def _results(rows: list[tuple[str, datetime, float, float | None, str, str,
                              dict[str, int | None] | None]]) -> list[Result]:
    names = _names()
    return [
        Result(f"q{n}", iid, names.get(iid, iid), _local(when), total, percent, band, label,
               answers)
        for n, (iid, when, total, percent, band, label, answers) in enumerate(rows, start=1)
    ]


def _clearance_words(user: User) -> str | None:
    active = ClinicianClearance.active_for(user)
    if not active:
        return None
    latest = max(active, key=lambda c: c.assessed_on)
    return (
        f"A doctor or physiotherapist assessed the warning signs on "
        f"{latest.assessed_on:%d %b %Y} and said self-care is fine (as recorded by the person)."
    )


def _regions(sessions: list[JournalSession]) -> list[str]:
    """The pain regions of the latest session that has any."""
    for s in reversed(sessions):
        if s.regions:
            return list(s.regions)
    return []


def for_member(user: User) -> ReportData:
    """Everything of the member's own (their own data: nothing is logged)."""
    rows = list(JournalSession.objects.filter(user=user).order_by("started_at", "pk"))
    sessions = [
        Session(_local(r.started_at), _local(r.ended_at) if r.ended_at else None, r.protocol,
                r.variant, r.minutes, r.pain_before, r.pain_after, r.tension_before,
                r.tension_after)
        for r in rows
    ]
    results = _results([
        (r.instrument, r.created_at, r.total, r.percent, r.band, r.label, dict(r.answers))
        for r in QuestionnaireResult.objects.filter(user=user).order_by("created_at", "pk")
    ])
    latest = SafetyCheck.latest_for(user)
    safety = None
    if latest is not None:
        safety = Safety(latest.level, timezone.localdate(latest.created_at),
                        _clearance_words(user))
    data = ReportData(
        subject=str(user), pseudonym=pseudonym(user.pk), for_therapist=False,
        shared=tuple(REPORT_SCOPES), made_at=timezone.localtime(), sessions=sessions,
        results=results, safety=safety, regions=_regions(rows),
        fair_test=experiments.result_for(user),
    )
    plans = service.plans_for_member(user)
    if plans:
        newest = plans[0]
        link = Link.objects.get(pk=newest.link_id)
        data.adherence = service.member_adherence(user, link)
        data.plan_lines = newest.lines
    return data


def for_therapist(therapist: User, link: Link, channel: str, what: str) -> ReportData:
    """What this link shares now, read through the one door (Refused when it is closed, or
    shares none of the report's scopes). The read is written to the client's access log."""
    found: ClientData = client_data(
        link, REPORT_SCOPES, therapist=therapist, channel=channel, what=what
    )
    data = ReportData(
        subject=found.client_name, pseudonym=pseudonym(link.client_id), for_therapist=True,
        shared=found.read, made_at=timezone.localtime(),
    )
    if found.sessions is not None:
        data.sessions = [
            Session(_local(r.started_at), None, r.protocol, r.variant, r.minutes,
                    r.pain_before, r.pain_after, r.tension_before, r.tension_after)
            for r in reversed(found.sessions)  # the door gives newest first
        ]
        versions = service.plan_versions(link)
        if versions:
            days = [(s.started_at.date(), s.protocol) for s in data.sessions]
            data.adherence = adherence_rules.adherence(versions, days, timezone.localdate())
    if found.questionnaires is not None:
        data.results = _results([
            (r.instrument, r.created_at, r.total, r.percent, r.band, r.label, None)
            for r in found.questionnaires
        ])
    if found.safety is not None:
        data.safety = Safety(found.safety.level, found.safety.checked_on)
    view = service.plan_view(link)
    if view is not None:
        data.plan_lines = view.lines
    return data
