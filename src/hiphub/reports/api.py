"""The reports API: /api/reports/ (a member's own report and exports) and /api/experiments
(the fair test). A therapist's copies live under /api/practice/clients/{link_id}/."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.security import django_auth
from pydantic import Field

from hiphub.accounts.guards import member_of
from hiphub.reports import data, responses

router = Router(tags=["reports"], auth=django_auth)

PDF = {200: {"content": {"application/pdf": {}}, "description": "The one-page report."}}
FHIR = {200: {"content": {"application/fhir+json": {}},
              "description": "A FHIR R4 Bundle of type collection."}}
CSV = {200: {"content": {"text/csv": {}}, "description": "One row per measurement."}}


class PdfQuery(Schema):
    paper: Literal["a4", "letter"] = Field("a4", description="Page size.")


class FhirQuery(Schema):
    with_name: bool = Field(False, description="Put your display name on the Patient.")
    low_back_pain: bool = Field(
        False, description="Add a patient-reported Condition: low back pain (SNOMED CT "
        "279039007)."
    )


@router.get("/reports/me.pdf", summary="My one-page report for a clinician (PDF)",
            openapi_extra={"responses": PDF})
def my_pdf(request: HttpRequest, query: Query[PdfQuery]) -> HttpResponse:
    return responses.pdf_response(data.for_member(member_of(request)), paper=query.paper)


@router.get("/reports/me/fhir", summary="My ratings and questionnaires as a FHIR R4 Bundle",
            openapi_extra={"responses": FHIR})
def my_fhir(request: HttpRequest, query: Query[FhirQuery]) -> HttpResponse:
    return responses.fhir_response(
        data.for_member(member_of(request)), with_name=query.with_name,
        condition=query.low_back_pain,
    )


@router.get("/reports/me.csv", summary="My measurements as CSV, one row each",
            openapi_extra={"responses": CSV})
def my_csv(request: HttpRequest) -> HttpResponse:
    return responses.csv_response(data.for_member(member_of(request)))


# --- The fair test: /api/experiments ---------------------------------------------------------
# (Imports here keep this section apart from the report routes above.)

from datetime import date  # noqa: E402
from typing import Any  # noqa: E402

from django.utils import timezone  # noqa: E402

from hiphub.api import InputError, NotFoundError  # noqa: E402
from hiphub.reports import experiments  # noqa: E402
from hiphub.reports.experiment_schemas import (  # noqa: E402
    ExperimentIn,
    ExperimentOut,
    RatingsIn,
    SlotOut,
    experiment_out,
    slot_out,
)
from hiphub.reports.models import Experiment  # noqa: E402


class ConflictOut(Schema):
    detail: str


def _mine(request: HttpRequest, experiment_id: int) -> Experiment:
    found = experiments.get_for(member_of(request), experiment_id)
    if found is None:
        raise NotFoundError(f"You have no fair test {experiment_id}.")
    return found


@router.post(
    "/experiments",
    response={201: ExperimentOut, 409: ConflictOut},
    summary="Start a fair test: the assignment is drawn and stored now",
    description=(
        "Every planned slot gets its condition (A or B) at random, balanced in blocks, before "
        "the first session; nothing can change it later. 409 if a test is already running."
    ),
)
def start_experiment(request: HttpRequest, payload: ExperimentIn) -> Any:
    try:
        test = experiments.start(member_of(request), **payload.model_dump())
    except experiments.DesignError as exc:
        raise InputError(exc.field, exc.message) from None
    except experiments.AlreadyRunning:
        return 409, {"detail": "You already have a fair test running; stop it first."}
    return 201, experiment_out(test, timezone.localdate())


@router.get(
    "/experiments",
    response=list[ExperimentOut],
    summary="My fair tests, newest first: today's slot, progress, and the result when over",
)
def list_experiments(request: HttpRequest) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        experiment_out(t, today)
        for t in Experiment.objects.filter(user=member_of(request)).prefetch_related("slots")
    ]


@router.get("/experiments/{experiment_id}", response=ExperimentOut, summary="One of my fair tests")
def get_experiment(request: HttpRequest, experiment_id: int) -> dict[str, Any]:
    return experiment_out(_mine(request, experiment_id), timezone.localdate())


@router.post(
    "/experiments/{experiment_id}/slots/{day}/ratings",
    response={200: SlotOut, 409: ConflictOut},
    summary="Rate a slot's pain: before and after on its day, the next morning the day after",
    description="Only the ratings sent are stored; one given outside its day is refused (422).",
)
def rate_slot(request: HttpRequest, experiment_id: int, day: date, payload: RatingsIn) -> Any:
    test = _mine(request, experiment_id)
    ratings = {k: v for k, v in payload.model_dump().items() if v is not None}
    try:
        slot = experiments.log_ratings(test, day, ratings)
    except experiments.RatingRefused as exc:
        raise InputError(exc.field, exc.message) from None
    except experiments.NotRunning:
        return 409, {"detail": "This fair test has ended; its ratings can no longer change."}
    return 200, slot_out(test, slot, timezone.localdate())


@router.post(
    "/experiments/{experiment_id}/stop",
    response={200: ExperimentOut, 409: ConflictOut},
    summary="Stop my fair test early: kept, and analysed with the sessions it has",
)
def stop_experiment(request: HttpRequest, experiment_id: int) -> Any:
    test = _mine(request, experiment_id)
    try:
        experiments.stop(test)
    except experiments.NotRunning:
        return 409, {"detail": "This fair test has already ended."}
    return 200, experiment_out(test, timezone.localdate())


