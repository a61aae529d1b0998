from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from hiphub.accounts.guards import member_of
from hiphub.journal import service
from hiphub.journal.models import JournalSession
from hiphub.journal.schemas import JournalSummary, SessionIn, SessionOut

router = Router(tags=["journal"], auth=django_auth)


@router.get("/sessions", response=list[SessionOut], summary="My self-care sessions, newest first")
def list_sessions(request: HttpRequest) -> list[JournalSession]:
    return list(JournalSession.objects.filter(user=member_of(request)))


@router.post(
    "/sessions", response={201: SessionOut}, summary="Record a self-care session in my journal"
)
def create_session(request: HttpRequest, payload: SessionIn) -> tuple[int, JournalSession]:
    return 201, service.create_session(member_of(request), payload)


@router.get("/journal/summary", response=JournalSummary, summary="Is it helping? My statistics")
def summary(request: HttpRequest) -> dict[str, Any]:
    return service.summary_for(member_of(request))
