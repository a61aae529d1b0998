"""A NUL character (U+0000) is refused with a message naming the field, on every database.

PostgreSQL can store one in neither a text column nor JSON, so these once gave a 500 there
while SQLite stored them; the PostgreSQL leg of the suite runs these same tests.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hiphub.accounts.models import User
from hiphub.journal import csvio
from hiphub.journal.models import JournalSession
from hiphub.screening.models import SafetyCheck
from tests.conftest import client_for
from tests.journal.test_api import SESSION, post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"notes": "fine\u0000"}, ["body", "notes"]),
        ({"protocol": "positional_release\u0000"}, ["body", "protocol"]),
        ({"regions": ["groin", "\u0000"]}, ["body", "regions", 1]),
    ],
)
def test_the_api_refuses_a_nul_naming_the_field(alice: User, change: dict, loc: list) -> None:
    response = post(client_for(alice), {**SESSION, **change})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == loc and "NUL" in detail[0]["msg"]
    assert JournalSession.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ('2026-03-01T08:00:00+00:00,"a\x00note",positional_release,groin', "notes"),
        ("2026-03-01T08:00:00+00:00,ok,positional\x00release,groin", "protocol"),
        ("2026-03-01T08:00:00+00:00,ok,positional_release,groin;\x00", "regions"),
    ],
)
def test_a_csv_cell_with_a_nul_is_refused_by_line_and_column(
    alice: User, row: str, column: str
) -> None:
    text = "started_at,notes,protocol,regions\n2026-03-02T08:00:00+00:00,,,\n" + row + "\n"
    with pytest.raises(csvio.CsvImportError) as caught:
        csvio.import_csv(alice, text.encode())
    assert caught.value.errors == [f"line 3, column {column}: must not contain a NUL "
                                   "character (\\u0000)"]
    assert JournalSession.objects.count() == 0


def test_a_csv_header_of_nul_bytes_is_named_briefly(alice: User) -> None:
    with pytest.raises(csvio.CsvImportError) as caught:
        csvio.import_csv(alice, b"\x00" * 100_000 + b"\n")
    (message,) = caught.value.errors[:1]
    assert message.startswith("line 1, column \\x00") and len(message) < 120


def test_the_web_import_shows_the_nul_error(alice: User) -> None:
    upload = SimpleUploadedFile("j.csv", b"started_at,notes\n2026-03-01T08:00:00+00:00,a\x00b\n")
    page = client_for(alice).post("/journal/import/", {"file": upload}, follow=True)
    assert "line 2, column notes: must not contain a NUL" in page.content.decode()
    assert JournalSession.objects.count() == 0


def test_the_self_care_finish_form_refuses_a_nul_in_notes(alice: User, frozen) -> None:
    SafetyCheck.record(alice, [])
    response = client_for(alice).post(
        "/self-care/positional_release/finish/",
        {
            "minutes": 20,
            "pain_before": 5,
            "tension_before": 3,
            "started_at": "2026-11-24T08:40:00+00:00",
            "notes": "felt\x00better",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["notes"] == ["Null characters are not allowed."]
    assert JournalSession.objects.count() == 0


def test_json_with_an_escaped_nul_is_refused_too(alice: User) -> None:
    body = json.dumps({**SESSION, "notes": "x\u0000"})
    assert "\\u0000" in body  # the escape, as a client would send it
    response = client_for(alice).post("/api/sessions", body, content_type="application/json")
    assert response.status_code == 422
