"""`/api/screening/gate`, `/checks` and `/pre-session`: a member's self-care gate over the API.

The stateless red-flag routes in api.py store nothing. These store a signed-in member's
checks, so an app can open the gate the way the web pages do, and see why it is closed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import django_auth

from hiphub.accounts.guards import member_of
from hiphub.api import InputError
from hiphub.screening import gatekeeper
from hiphub.screening.gate import Gate
from hiphub.screening.redflags import UnknownFlagError
from hiphub.screening.safety import assess, pre_session_questions

router = Router(tags=["screening"])


class GateOut(Schema):
    open: bool = Field(..., description="Whether a self-care session may start now.")
    level: str | None = Field(..., description="The level of the latest full safety check.")
    checked_at: datetime | None
    reason: str
    needs: Literal["full_check", "pre_session_check"] | None = Field(
        ..., description="What is needed before a session, when the gate is closed for that."
    )
    closes_at: datetime | None = Field(..., description="When an open gate closes again.")
    blocked: bool = Field(..., description="Closed by what the check found, not by its age.")
    cleared: list[str] = Field(..., description="Signs a clinician's clearance sets aside.")


class RefusalOut(Schema):
    detail: str = Field(..., description="Why nothing was saved, and what to do.")
    gate: GateOut


class QuestionOut(Schema):
    id: str
    question: str


class CheckIn(Schema):
    flags: list[str] = Field(..., description="Ids of the red flags answered yes.")


class CheckOut(Schema):
    level: str
    advice: str
    blocks_self_care: bool
    gate: GateOut


class PreSessionIn(Schema):
    yes: list[str] = Field(..., description="Ids of the short-check questions answered yes.")


class PreSessionOut(Schema):
    full_check_needed: bool = Field(..., description="True when any answer was yes.")
    gate: GateOut


def gate_dict(gate: Gate) -> dict[str, Any]:
    return {
        "open": gate.open,
        "level": gate.level,
        "checked_at": gate.checked_at,
        "reason": gate.reason,
        "needs": gate.needs.value if gate.needs else None,
        "closes_at": gate.closes_at,
        "blocked": gate.blocked,
        "cleared": list(gate.cleared),
    }


@router.get("/gate", response=GateOut, auth=django_auth, summary="My self-care gate")
def my_gate(request: HttpRequest) -> dict[str, Any]:
    member_of(request)
    return gate_dict(gatekeeper.self_care_gate(request))


@router.get(
    "/pre-session", response=list[QuestionOut], summary="The short 'anything new?' questions"
)
def pre_session_list(request: HttpRequest) -> list[dict[str, str]]:
    return [{"id": q.id, "question": q.question} for q in pre_session_questions()]


@router.post(
    "/checks", response=CheckOut, auth=django_auth, summary="Record my full safety check"
)
def record_check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    member_of(request)
    try:
        gatekeeper.record_full_check(request, payload.flags)
    except UnknownFlagError as exc:
        raise InputError("flags", str(exc)) from None
    result = assess(payload.flags).as_dict(settings.EMERGENCY_NUMBER)
    return {
        "level": result["level"],
        "advice": result["advice"],
        "blocks_self_care": result["blocks_self_care"],
        "gate": gate_dict(gatekeeper.self_care_gate(request)),
    }


@router.post(
    "/pre-session",
    response=PreSessionOut,
    auth=django_auth,
    summary="Record my short 'anything new?' check before a session",
)
def record_pre_session(request: HttpRequest, payload: PreSessionIn) -> dict[str, Any]:
    member_of(request)
    try:
        gatekeeper.record_pre_session(request, payload.yes)
    except UnknownFlagError as exc:
        raise InputError("yes", str(exc)) from None
    return {
        "full_check_needed": bool(payload.yes),
        "gate": gate_dict(gatekeeper.self_care_gate(request)),
    }
