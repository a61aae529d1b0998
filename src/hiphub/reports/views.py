"""The member's report page (their questions for the clinician, then the PDF) and the site's
published CodeSystem."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from hiphub.accounts.guards import member_of
from hiphub.core.decorators import read_only
from hiphub.reports import codes as site_codes
from hiphub.reports import data, pdf, responses


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """GET: the page. POST: the PDF with the questions typed in the box (never stored)."""
    member = member_of(request)
    error = None
    questions = ""
    paper = "a4"
    if request.method == "POST":
        questions = request.POST.get("questions", "")
        paper = request.POST.get("paper", "a4")
        if paper not in pdf.PAPERS:
            error = ("paper", "Choose A4 or US Letter.")
        else:
            try:
                text = pdf.check_questions(questions)
            except pdf.BadQuestions as exc:
                error = ("questions", str(exc))
            else:
                return responses.pdf_response(data.for_member(member), paper, text)
    return render(request, "reports/index.html", {
        "questions": questions, "paper": paper, "error": error,
        "limit": pdf.QUESTIONS_MAX, "codes_url": site_codes.CODES_PATH,
    }, status=400 if error else 200)


@read_only
def codes(request: HttpRequest) -> HttpResponse:
    """The site's CodeSystem (FHIR R4), at the URL the exports name as its system."""
    body = json.dumps(site_codes.code_system(), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/fhir+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
