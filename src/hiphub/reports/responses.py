"""The three exports as HTTP responses, shared by the member's and the therapist's routes."""

from django.http import HttpResponse

from hiphub.reports import fhir, longcsv, pdf
from hiphub.reports.data import ReportData


def _private(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_response(data: ReportData, paper: str = "a4", questions: str = "") -> HttpResponse:
    content = pdf.render(data, paper=paper, questions=questions)
    return _private(HttpResponse(content, content_type=pdf.MEDIA_TYPE), "hiphub-report.pdf")


def fhir_response(data: ReportData, with_name: bool = False,
                  condition: bool = False) -> HttpResponse:
    found = fhir.bundle(data, with_name=with_name, condition=condition)
    return _private(
        HttpResponse(fhir.to_json(found), content_type=fhir.MEDIA_TYPE + "; charset=utf-8"),
        "hiphub-fhir.json",
    )


def csv_response(data: ReportData) -> HttpResponse:
    return _private(
        HttpResponse(longcsv.to_csv(data), content_type=longcsv.MEDIA_TYPE + "; charset=utf-8"),
        "hiphub-measurements.csv",
    )
