"""The practice API under /api/practice/: invites and links (the client decides what is
shared), a therapist's view of a client through access.client_data, and home programmes."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import Field, StrictInt

from hiphub.accounts.guards import member_of, therapist_of
from hiphub.accounts.models import User
from hiphub.api import InputError, NotFoundError
from hiphub.practice import plan, service
from hiphub.practice.access import Refused, client_data, link_of
from hiphub.practice.models import (
    AccessLog,
    Channel,
    Invite,
    Link,
    LinkError,
    Programme,
    Scope,
)
from hiphub.reports import responses as report_responses
from hiphub.reports.api import CSV, FHIR, PDF, PdfQuery
from hiphub.reports.data import ReportData, for_therapist

router = Router(tags=["practice"], auth=django_auth)

FORBIDDEN = {403: "Refused: not a therapist, or the client does not share this with you."}


# --- Shapes ---------------------------------------------------------------------------------


class PracticeRefusedOut(Schema):
    detail: str


class InviteOut(Schema):
    code: str
    url: str
    expires_on: date


class LinkIn(Schema):
    code: str = Field(max_length=32)
    scopes: list[Scope]


class LinkPatch(Schema):
    scopes: list[Scope] | None = None
    renew: bool = Field(default=False, description="Another six months from today.")


class LinkOut(Schema):
    id: int
    you_are: str = Field(description="'client' or 'therapist' on this link")
    client: str
    therapist: str
    scopes: list[str]
    state: str = Field(description="'sharing', 'expired' or 'stopped'")
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class AccessOut(Schema):
    at: datetime
    scopes: list[str]
    channel: str
    what: str


class SessionRowOut(Schema):
    started_at: datetime
    protocol: str
    variant: str
    minutes: int | None
    pain_before: int | None
    pain_after: int | None
    tension_before: int | None
    tension_after: int | None


class SessionNoteOut(Schema):
    started_at: datetime
    notes: str


class ClientSessionsOut(Schema):
    id: int
    client: str
    sessions: list[SessionRowOut] | None = Field(description="null unless sessions are shared")
    notes: list[SessionNoteOut] | None = Field(description="null unless notes are shared")


class PlanItemIn(Schema):
    protocol: str = Field(max_length=64)
    variant: str = Field(default="", max_length=32)
    times_per_week: StrictInt
    minutes: StrictInt | None = None
    repetitions: StrictInt | None = None


class ProgrammeIn(Schema):
    items: list[PlanItemIn]
    note: Annotated[str, Field(max_length=1000)] = ""


class PlanItemOut(Schema):
    protocol: str
    variant: str
    times_per_week: int
    minutes: int | None
    repetitions: int | None


class AdherenceCountOut(Schema):
    done: int
    planned: int
    extra: int


class AdherenceOut(Schema):
    this_week: AdherenceCountOut
    last_7_days: AdherenceCountOut
    last_28_days: AdherenceCountOut
    rest_days_this_week: int
    sentences: list[str]


class ProgrammeOut(Schema):
    link: int
    therapist: str
    version: int
    created_at: datetime
    note: str
    items: list[PlanItemOut]
    in_words: list[str]
    changes: list[str] = Field(description="what this version changed from the one before")
    days: str
    adherence: AdherenceOut | None = None


class ClientLastSessionOut(Schema):
    started_at: datetime
    routine: str
    variant: str
    minutes: int | None
    pain_before: int | None
    pain_after: int | None
    tension_before: int | None
    tension_after: int | None


class PainWeekOut(Schema):
    week_of: date
    mean: float
    sessions: int


class QuestionnaireScoreOut(Schema):
    on: date
    total: float
    band: str
    label: str


class QuestionnaireTrendOut(Schema):
    instrument: str
    name: str
    count: int
    first: QuestionnaireScoreOut
    latest: QuestionnaireScoreOut
    change: str | None


class SharedSafetyOut(Schema):
    level: str | None
    checked_on: date | None


class ClientAlertOut(Schema):
    kind: str
    headline: str
    detail: str


class ClientSummaryOut(Schema):
    id: int
    client: str
    scopes: list[str]
    expires_at: datetime
    programme: ProgrammeOut | None
    adherence: AdherenceOut | None = Field(description="null unless sessions are shared")
    last_session: ClientLastSessionOut | None
    pain_before_by_week: list[PainWeekOut] | None
    questionnaires: list[QuestionnaireTrendOut] | None = Field(description="null unless shared")
    safety: SharedSafetyOut | None = Field(description="null unless the safety check is shared")
    alerts: list[ClientAlertOut]


# --- Helpers --------------------------------------------------------------------------------


def _therapist(request: HttpRequest) -> User:
    try:
        return therapist_of(request)
    except PermissionDenied:
        raise HttpError(403, "This is for therapists only.") from None


def _refused(exc: Refused) -> Exception:
    return NotFoundError(exc.message) if exc.status == 404 else HttpError(403, exc.message)


def _own_link(request: HttpRequest, link_id: int) -> Link:
    """A link of which the signed-in member is the client, else 404."""
    link = Link.for_client(member_of(request)).filter(pk=link_id).first()
    if link is None:
        raise NotFoundError("No such link.")
    return link


def _link_out(link: Link, user: User) -> dict[str, Any]:
    return {
        "id": link.pk,
        "you_are": "client" if link.client_id == user.pk else "therapist",
        "client": str(link.client),
        "therapist": str(link.therapist),
        "scopes": list(link.scopes),
        "state": link.state,
        "created_at": link.created_at,
        "expires_at": link.expires_at,
        "revoked_at": link.revoked_at,
    }


def _scopes(values: list[Scope]) -> list[str]:
    if not values:
        raise InputError("scopes", "choose at least one thing to share, or stop sharing")
    return [str(v) for v in values]


# --- Invites and links ----------------------------------------------------------------------


@router.post(
    "/invites",
    response={201: InviteOut, **{k: PracticeRefusedOut for k in FORBIDDEN}},
    summary="Make an invite code for a client (therapist)",
    description="A one-off code, valid for 14 days. The client redeems it and chooses what "
    "to share (POST /api/practice/links).",
)
def create_invite(request: HttpRequest) -> Any:
    invite = Invite.make(_therapist(request))
    url = request.build_absolute_uri(f"/practice/join/{invite.pretty}/")
    return 201, {"code": invite.pretty, "url": url, "expires_on": invite.expires_at.date()}


@router.post("/links", response={201: LinkOut}, summary="Redeem an invite and share (member)")
def create_link(request: HttpRequest, payload: LinkIn) -> Any:
    member = member_of(request)
    scopes = _scopes(payload.scopes)
    try:
        link = Link.redeem(payload.code, member, scopes)
    except LinkError as exc:
        raise InputError("code", str(exc)) from None
    return 201, _link_out(link, member)


@router.get(
    "/links",
    response=list[LinkOut],
    summary="My links: the therapists I share with, and (for a therapist) my clients",
    description="A client sees every link they made, stopped and expired ones too, so they can "
    "read each access log. A therapist sees only the clients who share with them now.",
)
def list_links(request: HttpRequest) -> list[dict[str, Any]]:
    user = member_of(request)
    own = list(Link.for_client(user).select_related("client"))
    clients = list(Link.active_for_therapist(user).select_related("therapist"))
    return [_link_out(link, user) for link in own + clients]


@router.patch("/links/{link_id}", response=LinkOut, summary="Change what I share, or renew")
def change_link(request: HttpRequest, link_id: int, payload: LinkPatch) -> dict[str, Any]:
    link = _own_link(request, link_id)
    try:
        if payload.scopes is not None:
            link.set_scopes(_scopes(payload.scopes))
        if payload.renew:
            link.renew()
    except LinkError as exc:
        raise InputError("scopes" if payload.scopes is not None else "renew", str(exc)) from None
    return _link_out(link, link.client)


@router.delete(
    "/links/{link_id}", response={204: None}, summary="Stop sharing with this therapist now"
)
def revoke_link(request: HttpRequest, link_id: int) -> Any:
    _own_link(request, link_id).revoke()
    return 204, None


@router.get(
    "/links/{link_id}/access-log",
    response=list[AccessOut],
    summary="Every time the therapist opened my data: what, how and when (member)",
)
def access_log(request: HttpRequest, link_id: int) -> list[AccessLog]:
    return list(AccessLog.objects.filter(link=_own_link(request, link_id)))


# --- The therapist's view of a client -------------------------------------------------------

Read = TypeVar("Read")


def _for_client(
    request: HttpRequest, link_id: int, read: Callable[[User, Link], Read]
) -> Read:
    """`read(therapist, link)` for the signed-in therapist's link `link_id`; a refusal (not
    their link, not shared, stopped) becomes the API's 403 or 404."""
    therapist = _therapist(request)
    try:
        return read(therapist, link_of(therapist, link_id))
    except Refused as exc:
        raise _refused(exc) from None


@router.get(
    "/clients/{link_id}/sessions",
    response={200: ClientSessionsOut, **{k: PracticeRefusedOut for k in FORBIDDEN}},
    summary="A client's sessions, within what they share (therapist)",
    description="`{link_id}` is the link's id. Sessions need the `sessions` scope; notes the "
    "`notes` scope. Every call is written to the client's access log.",
)
def client_sessions(request: HttpRequest, link_id: int) -> Any:
    def read(therapist: User, link: Link) -> dict[str, Any]:
        data = client_data(
            link, [Scope.SESSIONS, Scope.NOTES], therapist=therapist, channel=Channel.API,
            what="sessions",
        )
        return {"id": link.pk, "client": data.client_name, "sessions": data.sessions,
                "notes": data.notes}

    return _for_client(request, link_id, read)


@router.get(
    "/clients/{link_id}/summary",
    response={200: ClientSummaryOut, **{k: PracticeRefusedOut for k in FORBIDDEN}},
    summary="A client's adherence, last session, pain trend, questionnaires and alerts",
    description="Only what the client shares is filled in; the rest is null. Written to the "
    "client's access log.",
)
def client_summary(request: HttpRequest, link_id: int) -> Any:
    return _for_client(
        request,
        link_id,
        lambda therapist, link: service.client_summary(
            therapist, link, Channel.API, "summary"
        ).as_dict(),
    )


def _report(request: HttpRequest, link_id: int, what: str) -> ReportData:
    """The client's report data through the door (the read is in their access log)."""
    return _for_client(
        request, link_id, lambda therapist, link: for_therapist(therapist, link, Channel.API, what)
    )


REPORT_NOTE = (
    "Within the link's `sessions`, `questionnaires` and `safety` scopes (403 if it shares "
    "none of them); notes and safety answers are never in it. Written to the client's access "
    "log."
)


@router.get(
    "/clients/{link_id}/report.pdf",
    response={k: PracticeRefusedOut for k in FORBIDDEN},
    summary="A client's one-page report (PDF), within what they share (therapist)",
    description=REPORT_NOTE, openapi_extra={"responses": PDF},
)
def client_report_pdf(request: HttpRequest, link_id: int, query: Query[PdfQuery]
                      ) -> HttpResponse:
    return report_responses.pdf_response(_report(request, link_id, "report (PDF)"),
                                         paper=query.paper)


@router.get(
    "/clients/{link_id}/fhir",
    response={k: PracticeRefusedOut for k in FORBIDDEN},
    summary="A client's ratings and scores as a FHIR R4 Bundle, within what they share",
    description=REPORT_NOTE + " Pseudonymous; scores without the questionnaires' item "
    "answers (the `questionnaires` scope shares scores and bands only).",
    openapi_extra={"responses": FHIR},
)
def client_fhir(request: HttpRequest, link_id: int) -> HttpResponse:
    return report_responses.fhir_response(_report(request, link_id, "report (FHIR)"))


@router.get(
    "/clients/{link_id}/report.csv",
    response={k: PracticeRefusedOut for k in FORBIDDEN},
    summary="A client's measurements as CSV, one row each, within what they share",
    description=REPORT_NOTE, openapi_extra={"responses": CSV},
)
def client_report_csv(request: HttpRequest, link_id: int) -> HttpResponse:
    return report_responses.csv_response(_report(request, link_id, "report (CSV)"))


@router.put(
    "/clients/{link_id}/programme",
    response={200: ProgrammeOut, **{k: PracticeRefusedOut for k in FORBIDDEN}},
    summary="Set a client's home programme; each change is a new version (therapist)",
)
def set_programme(request: HttpRequest, link_id: int, payload: ProgrammeIn) -> Any:
    link = _for_client(request, link_id, lambda therapist, link: link)
    if not link.is_active():
        raise HttpError(403, "This client no longer shares their data with you.")
    items = [plan.PlannedItem(**item.model_dump()) for item in payload.items]
    try:
        plan.check_items(items)
        Programme.set_for(link, items, payload.note)
    except plan.PlanError as exc:
        raise InputError(exc.field, exc.message) from None
    except LinkError as exc:
        raise HttpError(403, str(exc)) from None
    view = service.plan_view(link)
    assert view is not None
    return view.as_dict()


@router.get(
    "/programme",
    response=list[ProgrammeOut],
    summary="My plans from the therapists I share with, with what changed and how it is going",
)
def my_programme(request: HttpRequest) -> list[dict[str, Any]]:
    member = member_of(request)
    out = []
    for link in Link.active_for_client(member):
        view = service.plan_view(link)
        if view is None:
            continue
        found = view.as_dict()
        done = service.member_adherence(member, link)
        found["adherence"] = done.as_dict() if done else None
        out.append(found)
    return out
