"""Journal CSV: what goes out comes back the same, and a bad file stores nothing."""

from datetime import UTC, datetime

import pytest

from hiphub.accounts.models import User
from hiphub.journal import csvio, service
from hiphub.journal.models import JournalSession
from hiphub.journal.schemas import SessionIn

# The columns first, in its order, then the rest of a session.
HEADER_LINE = (
    "started_at,pain_before,pain_after,tension_before,tension_after,minutes,notes,"
    "ended_at,protocol,twitches,regions"
)


def sessions() -> list[SessionIn]:
    return [
        SessionIn(started_at=datetime(2026, 3, 1, 7, 30, tzinfo=UTC),
                  ended_at=datetime(2026, 3, 1, 7, 50, tzinfo=UTC), minutes=20, pain_before=6,
                  pain_after=4, tension_before=5, tension_after=2, twitches=True,
                  regions=["psoas_major", "iliacus"], notes='stiff, "sharp" then\neasier'),
        SessionIn(started_at=datetime(2026, 3, 2, 19, 0, tzinfo=UTC), pain_before=3,
                  twitches=False),
        SessionIn(started_at=datetime(2026, 3, 4, 6, 0, tzinfo=UTC), protocol="breathing"),
    ]


@pytest.mark.django_db
def test_export_has_a_stable_header_and_round_trips(alice: User, bob: User) -> None:
    service.import_sessions(alice, sessions())
    text = csvio.export_csv(alice)
    assert text.splitlines()[0] == HEADER_LINE
    assert "psoas_major;iliacus" in text and ",yes," in text

    assert csvio.import_csv(bob, text) == 3
    assert csvio.export_csv(bob) == text
    bobs = list(JournalSession.objects.filter(user=bob).order_by("started_at"))
    assert bobs[0].notes == 'stiff, "sharp" then\neasier'
    assert bobs[0].regions == ["psoas_major", "iliacus"]
    assert bobs[1].pain_after is None and bobs[1].twitches is False
    assert bobs[2].protocol == "breathing"


@pytest.mark.django_db
def test_a_bad_row_stores_nothing_and_names_line_and_column(alice: User) -> None:
    text = (
        "started_at,pain_before,pain_after\n"
        "2026-03-01T07:30:00+00:00,6,4\n"
        "2026-03-02T07:30:00+00:00,11,4\n"
        "2026-03-03T07:30:00+00:00,5,three\n"
    )
    with pytest.raises(csvio.CsvImportError) as caught:
        csvio.import_csv(alice, text)
    assert caught.value.errors[0].startswith("line 3, column pain_before:")
    assert caught.value.errors[1].startswith("line 4, column pain_after:")
    assert len(caught.value.errors) == 2
    assert JournalSession.objects.count() == 0


@pytest.mark.django_db
def test_a_database_failure_midway_stores_nothing(alice: User) -> None:
    good = sessions()
    # Validation passes but the database check refuses the last row: all are rolled back.
    broken = SessionIn.model_construct(**{**good[0].model_dump(), "pain_before": 42})
    with pytest.raises(Exception, match="journal_pain_before_0_10"):
        service.import_sessions(alice, [*good, broken])
    assert JournalSession.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "line 1: the file is empty"),
        ("pain_before\n5\n", "line 1, column started_at: required column is missing"),
        ("started_at,mood\n2026-03-01T07:30:00+00:00,ok\n", "line 1, column mood: unknown"),
        ("started_at\nlast tuesday\n", "line 2, column started_at:"),
        ("started_at,ended_at\n2026-03-01T08:00:00+00:00,2026-03-01T07:00:00+00:00\n",
         "line 2, column ended_at: a session cannot end before it starts"),
        ("started_at,pain_before\n2026-03-01T08:00:00+00:00\n", "line 2: expected 2 values"),
        ("started_at,minutes\n2026-03-01T08:00:00+00:00,500\n", "line 2, column minutes:"),
    ],
)
def test_bad_files_are_explained(text: str, expected: str) -> None:
    with pytest.raises(csvio.CsvImportError) as caught:
        csvio.parse_csv(text)
    assert any(error.startswith(expected) for error in caught.value.errors), caught.value.errors


def test_line_numbers_count_lines_inside_quoted_notes() -> None:
    text = 'started_at,notes\n2026-03-01T08:00:00+00:00,"two\nlines"\nnope,x\n'
    with pytest.raises(csvio.CsvImportError) as caught:
        csvio.parse_csv(text)
    assert caught.value.errors[0].startswith("line 4, column started_at:")


@pytest.mark.django_db
def test_times_without_offset_use_the_site_time_zone_and_bytes_with_bom_are_read() -> None:
    parsed = csvio.parse_csv("\ufeffstarted_at,twitches\n2026-03-01T08:00:00,no\n\n".encode())
    assert len(parsed) == 1
    assert parsed[0].started_at == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    assert parsed[0].twitches is False


def test_non_utf8_bytes_are_refused() -> None:
    with pytest.raises(csvio.CsvImportError, match="not UTF-8"):
        csvio.parse_csv(b"started_at\n\xff\xfe\n")
