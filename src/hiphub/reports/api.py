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
