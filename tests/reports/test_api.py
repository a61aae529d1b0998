"""The report routes (issue 14 item 5): the member's own under /api/reports/, a therapist's
copies under /api/practice/clients/{link_id}/, the web page with its questions box."""

import io
import json

import pytest
from fhirclient.models.bundle import Bundle as ClientBundle
from pypdf import PdfReader

from hiphub.practice.models import AccessLog, Scope
from tests.conftest import client_for

ME = ("/api/reports/me.pdf", "/api/reports/me/fhir", "/api/reports/me.csv")
TYPES = ("application/pdf", "application/fhir+json", "text/csv")


def text(content: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(("path", "kind"), list(zip(ME, TYPES, strict=True)))
def test_a_member_downloads_their_own(filled, path, kind) -> None:
    response = client_for(filled).get(path)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == kind
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("path", ME)
def test_a_visitor_must_sign_in(visitor, path) -> None:
    assert visitor.get(path).status_code == 401


def test_bad_input_is_a_422_naming_the_field(filled) -> None:
    member = client_for(filled)
    response = member.get("/api/reports/me.pdf?paper=a5")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "paper"
    response = member.get("/api/reports/me/fhir?with_name=perhaps")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "with_name"


def test_letter_paper_and_the_persons_choices(filled) -> None:
    member = client_for(filled)
    box = PdfReader(io.BytesIO(member.get("/api/reports/me.pdf?paper=letter").content)).pages[0]
    assert round(float(box.mediabox.height)) == 792
    body = member.get("/api/reports/me/fhir?with_name=true&low_back_pain=true").json()
    kinds = [e["resource"]["resourceType"] for e in body["entry"]]
    assert "Condition" in kinds
    ClientBundle(body, strict=True)


def test_a_therapist_gets_the_three_within_scope_and_each_read_is_logged(shared, tara) -> None:
    therapist = client_for(tara)
    base = f"/api/practice/clients/{shared.pk}"
    pdf = therapist.get(f"{base}/report.pdf")
    assert pdf.status_code == 200 and "Urgent: be seen today" in text(pdf.content)
    fhir = therapist.get(f"{base}/fhir")
    assert fhir["Content-Type"].startswith("application/fhir+json")
    assert "QuestionnaireResponse" not in fhir.content.decode()
    csv = therapist.get(f"{base}/report.csv")
    assert csv.status_code == 200 and "97908-8" in csv.content.decode()
    logged = list(AccessLog.objects.filter(link=shared).values_list("what", flat=True))
    assert sorted(logged) == ["report (CSV)", "report (FHIR)", "report (PDF)"]


def test_a_link_sharing_only_notes_gets_403_and_another_therapists_client_404(
    shared, tara, theo
) -> None:
    shared.set_scopes([Scope.NOTES])
    for end in ("report.pdf", "fhir", "report.csv"):
        response = client_for(tara).get(f"/api/practice/clients/{shared.pk}/{end}")
        assert response.status_code == 403, end
        assert client_for(theo).get(f"/api/practice/clients/{shared.pk}/{end}").status_code == 404
    assert not AccessLog.objects.filter(link=shared).exists()


def test_the_client_page_links_the_three(shared, tara) -> None:
    page = client_for(tara).get(f"/practice/clients/{shared.pk}/").content.decode()
    for end in ("report.pdf", "fhir", "report.csv"):
        assert f"/api/practice/clients/{shared.pk}/{end}" in page


def test_the_openapi_schema_names_the_media_types(visitor) -> None:
    paths = visitor.get("/api/openapi.json").json()["paths"]
    for path, kind in zip(ME, TYPES, strict=True):
        assert kind in paths[path]["get"]["responses"]["200"]["content"], path
    assert "application/pdf" in (
        paths["/api/practice/clients/{link_id}/report.pdf"]["get"]["responses"]["200"]["content"])


# --- The web page -----------------------------------------------------------------------------


def test_the_journal_links_to_the_report_page_which_links_all_three(filled) -> None:
    member = client_for(filled)
    assert "/reports/" in member.get("/journal/").content.decode()
    page = member.get("/reports/").content.decode()
    for path in ME:
        assert path in page
    assert 'name="questions"' in page


def test_the_questions_are_printed_and_not_kept(filled) -> None:
    response = client_for(filled).post(
        "/reports/", {"questions": "Can I keep doing it daily?", "paper": "letter"})
    assert response["Content-Type"] == "application/pdf"
    assert "Can I keep doing it daily?" in text(response.content)
    assert "daily?" not in client_for(filled).get("/reports/").content.decode()


def test_too_long_questions_get_a_clear_message_and_no_pdf(filled) -> None:
    response = client_for(filled).post("/reports/", {"questions": "why? " * 200, "paper": "a4"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "room for 500" in body and "why? why?" in body  # kept in the box to shorten


def test_a_bad_paper_size_is_named(filled) -> None:
    response = client_for(filled).post("/reports/", {"questions": "", "paper": "a5"})
    assert response.status_code == 400 and "Choose A4 or US Letter" in response.content.decode()


def test_the_page_needs_a_member(visitor) -> None:
    assert visitor.get("/reports/").status_code == 302


def test_the_code_system_is_public_json(visitor) -> None:
    body = json.loads(visitor.get("/reports/codes/").content)
    assert body["resourceType"] == "CodeSystem" and body["content"] == "complete"


def test_a_nul_character_in_the_questions_is_named_not_a_500(filled) -> None:
    response = client_for(filled).post("/reports/", {"questions": "why\x00", "paper": "a4"})
    assert response.status_code == 400 and "NUL character" in response.content.decode()


@pytest.mark.parametrize(("path", "kind"), list(zip(ME, TYPES, strict=True)))
def test_a_member_with_nothing_recorded_still_gets_each_export(bob, path, kind) -> None:
    response = client_for(bob).get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith(kind)
    if kind == "application/pdf":
        words = text(response.content)
        assert "No safety check recorded" in words and "No questionnaire completed yet" in words
        assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    if kind == "application/fhir+json":
        body = response.json()
        assert [e["resource"]["resourceType"] for e in body["entry"]] == ["Patient"]
        ClientBundle(body, strict=True)
