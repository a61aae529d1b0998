"""The journal pages: only ever the member's own sessions."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hiphub.journal.models import JournalSession
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def add_sessions(user, count: int, before: int = 7, after: int = 4) -> None:
    start = datetime(2026, 11, 1, 8, tzinfo=UTC)
    JournalSession.objects.bulk_create(
        JournalSession(
            user=user,
            started_at=start + timedelta(days=i),
            minutes=20,
            pain_before=before,
            pain_after=after,
            tension_before=6,
            tension_after=3,
        )
        for i in range(count)
    )


def test_empty_journal_explains_what_will_appear(alice) -> None:
    page = client_for(alice).get("/journal/").content.decode()
    assert "No sessions yet" in page


def test_journal_summary_reflects_the_sessions(alice) -> None:
    add_sessions(alice, 8)
    page = client_for(alice).get("/journal/").content.decode()
    assert "8 sessions recorded" in page
    assert "7.0 → 4.0" in page
    assert "pain went down by 3 points (7 → 4) on average" in page
    assert "What your ratings show, and what they cannot" in page
    assert "Is it helping?" not in page
    add_sessions(alice, 1, before=8, after=8)
    assert "9 sessions recorded" in client_for(alice).get("/journal/").content.decode()


def test_visitors_are_sent_to_sign_in(visitor: Client) -> None:
    response = visitor.get("/journal/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_bob_sees_only_his_own_journal(alice, bob) -> None:
    add_sessions(alice, 3)
    bob_client = client_for(bob)
    assert "No sessions yet" in bob_client.get("/journal/").content.decode()
    assert bob_client.get("/journal/export.csv").content.decode().count("\n") == 1  # header only
    session = JournalSession.objects.filter(user=alice).first()
    assert session is not None
    assert bob_client.post(f"/journal/sessions/{session.pk}/delete/").status_code == 404
    assert JournalSession.objects.filter(user=alice).count() == 3
    chart = bob_client.get("/journal/chart/pain.svg").content.decode()
    assert "No sessions yet" in chart


def test_chart_is_an_svg_of_the_members_ratings(alice) -> None:
    add_sessions(alice, 4)
    response = client_for(alice).get("/journal/chart/pain.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") and b"<svg" in response.content
    assert client_for(alice).get("/journal/chart/mood.svg").status_code == 404


def test_csv_round_trip_and_all_or_nothing_import(alice, bob) -> None:
    add_sessions(alice, 5)
    exported = client_for(alice).get("/journal/export.csv").content
    response = client_for(bob).post(
        "/journal/import/", {"file": SimpleUploadedFile("j.csv", exported)}, follow=True
    )
    assert "Imported 5 sessions" in response.content.decode()
    assert JournalSession.objects.filter(user=bob).count() == 5
    broken = exported.decode().replace(",7,", ",17,", 1).encode()
    response = client_for(bob).post(
        "/journal/import/", {"file": SimpleUploadedFile("j.csv", broken)}, follow=True
    )
    page = response.content.decode()
    assert "Nothing was imported" in page and "line 2" in page
    assert JournalSession.objects.filter(user=bob).count() == 5


def test_member_can_delete_a_session(alice) -> None:
    add_sessions(alice, 2)
    session = JournalSession.objects.filter(user=alice).first()
    assert session is not None
    response = client_for(alice).post(f"/journal/sessions/{session.pk}/delete/", follow=True)
    assert "The session was deleted" in response.content.decode()
    assert JournalSession.objects.filter(user=alice).count() == 1


def test_delete_asks_first_and_keeping_it_keeps_it(alice, bob) -> None:
    add_sessions(alice, 2)
    session = JournalSession.objects.filter(user=alice).first()
    assert session is not None
    client = client_for(alice)
    journal = client.get("/journal/").content.decode()
    # The journal links to a question, not straight to a delete.
    assert f'href="/journal/sessions/{session.pk}/delete/"' in journal
    question = client.get(f"/journal/sessions/{session.pk}/delete/")
    page = question.content.decode()
    assert question.status_code == 200
    assert "Delete this session?" in page and "7 → 4" in page
    assert JournalSession.objects.filter(user=alice).count() == 2  # asking deleted nothing
    assert client_for(bob).get(f"/journal/sessions/{session.pk}/delete/").status_code == 404


def test_the_journal_opens_with_one_plain_sentence_and_the_trend_chart(alice) -> None:
    add_sessions(alice, 12, before=6, after=4)
    client = client_for(alice)
    page = client.get("/journal/").content.decode()
    first = page.index("Over your last 10 sessions with ratings before and after, pain went down")
    assert first < page.index("The numbers in detail")  # the details are folded below it
    assert "by 2 points on average during a session (6 → 4)." in page
    chart = client.get("/journal/chart/pain-trend.svg")
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert b"trend" in chart.content  # the legend names the dashed trend line
    assert client_for(alice).get("/journal/chart/nonsense.svg").status_code == 404


def import_file(client: Client, content: bytes) -> str:
    upload = SimpleUploadedFile("j.csv", content)
    return client.post("/journal/import/", {"file": upload}, follow=True).content.decode()


def test_the_same_file_uploaded_twice_is_stored_once(alice) -> None:
    add_sessions(alice, 3)
    client = client_for(alice)
    exported = client.get("/journal/export.csv").content
    page = import_file(client, exported)
    assert "Imported 0 sessions; skipped 3 rows that repeat a session already in the journal" in (
        " ".join(page.split())
    )
    assert JournalSession.objects.filter(user=alice).count() == 3


def test_an_unclosed_quote_in_an_upload_names_its_line(alice) -> None:
    content = (
        b"started_at,notes\n2026-11-01T08:00:00+00:00,fine\n"
        b'2026-11-02T08:00:00+00:00,"runs on\n2026-11-03T08:00:00+00:00,lost\n'
    )
    page = import_file(client_for(alice), content)
    assert "Nothing was imported: line 3: a value opens a quote" in page
    assert JournalSession.objects.count() == 0


def test_an_upload_over_2_mb_is_refused(alice) -> None:
    row = b"2026-11-01T08:00:00+00:00," + b"x" * 1000 + b"\n"
    page = import_file(client_for(alice), b"started_at,notes\n" + row * 2200)
    assert "larger than 2 MB" in page
    assert JournalSession.objects.count() == 0


def test_exported_csv_neutralises_formulas(alice) -> None:
    JournalSession.objects.create(
        user=alice, started_at=datetime(2026, 11, 1, 8, tzinfo=UTC), notes="=1+1"
    )
    exported = client_for(alice).get("/journal/export.csv").content.decode()
    assert ",'=1+1," in exported
