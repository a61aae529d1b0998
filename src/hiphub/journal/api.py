from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from hiphub.accounts.guards import member_of
from hiphub.journal import service
from hiphub.journal.models import JournalSession
from hiphub.journal.schemas import JournalSummary, SessionIn, SessionOut
from hiphub.screening import gatekeeper
from hiphub.screening.gate import refusal
from hiphub.screening.gate_api import RefusalOut, gate_dict

router = Router(tags=["journal"], auth=django_auth)


@router.get("/sessions", response=list[SessionOut], summary="My self-care sessions, newest first")
def list_sessions(request: HttpRequest) -> list[JournalSession]:
    return list(JournalSession.objects.filter(user=member_of(request)))


@router.post(
    "/sessions",
    response={201: SessionOut, 403: RefusalOut},
    summary="Record a self-care session in my journal",
    description=(
        "Refused with 403 and nothing saved unless the self-care gate was open when the "
        "session started: a recent safety check without blocking signs, and the short "
        "pre-session check where one is due (see GET /api/screening/gate)."
    ),
)
def create_session(request: HttpRequest, payload: SessionIn) -> Any:
    member = member_of(request)
    gate = gatekeeper.may_save(request, payload.started_at)
    if not gate.open:
        return 403, {"detail": refusal(gate), "gate": gate_dict(gate)}
    return 201, service.create_session(member, payload)


@router.get("/journal/summary", response=JournalSummary, summary="My statistics and their limits")
def summary(request: HttpRequest) -> dict[str, Any]:
    return service.summary_for(member_of(request))
