"""Journal CSV: what goes out comes back the same, and a bad file stores nothing."""

import csv
import io
from datetime import UTC, datetime

import pytest

from hiphub.accounts.models import User
from hiphub.journal import csvio, service
from hiphub.journal.models import JournalSession
from hiphub.journal.schemas import SessionIn

# The columns first, in its order, then the rest of a session.
HEADER_LINE = (
    "started_at,pain_before,pain_after,tension_before,tension_after,minutes,notes,"
    "ended_at,protocol,twitches,regions,variant"
)


def sessions() -> list[SessionIn]:
    return [
        SessionIn(started_at=datetime(2026, 3, 1, 7, 30, tzinfo=UTC),
                  ended_at=datetime(2026, 3, 1, 7, 50, tzinfo=UTC), minutes=20, pain_before=6,
                  pain_after=4, tension_before=5, tension_after=2, twitches=True,
                  regions=["groin", "lumbar_paraspinal"], notes='stiff, "sharp" then\neasier',
                  variant="side_lying"),
        SessionIn(started_at=datetime(2026, 3, 2, 19, 0, tzinfo=UTC), pain_before=3,
                  twitches=False),
        SessionIn(started_at=datetime(2026, 3, 4, 6, 0, tzinfo=UTC), minutes=45),
    ]


@pytest.mark.django_db
def test_export_has_a_stable_header_and_round_trips(alice: User, bob: User) -> None:
    service.import_sessions(alice, sessions())
    text = csvio.export_csv(alice)
    assert text.splitlines()[0] == HEADER_LINE
    assert "groin;lumbar_paraspinal" in text and ",yes," in text

    assert csvio.import_csv(bob, text) == csvio.Imported(imported=3, skipped=0)
    assert csvio.export_csv(bob) == text
    bobs = list(JournalSession.objects.filter(user=bob).order_by("started_at"))
    assert bobs[0].notes == 'stiff, "sharp" then\neasier'
    assert bobs[0].regions == ["groin", "lumbar_paraspinal"]
    assert bobs[0].variant == "side_lying" and bobs[1].variant == ""
    assert bobs[1].pain_after is None and bobs[1].twitches is False
    assert bobs[2].minutes == 45


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
        ("started_at\n1700000000\n", "line 2, column started_at: must be a date and time"),
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


# --- Quotes -------------------------------------------------------------------------------------

SEVEN = "started_at,pain_before,pain_after,tension_before,tension_after,minutes,notes\n"


@pytest.mark.django_db
def test_an_unclosed_quote_is_refused_naming_its_line(alice: User) -> None:
    """Once, the quote ran on over the next row, which became part of the note: one session
    stored where two were written, and "success" reported."""
    text = (
        SEVEN
        + "2026-11-01T08:00:00+00:00,7,4,6,3,20,first\n"
        + '2026-11-02T08:00:00+00:00,6,4,5,3,20,"stiff\n'
        + "2026-11-03T08:00:00+00:00,5,3,4,2,20,\n"
    )
    with pytest.raises(csvio.CsvImportError) as caught:
        csvio.import_csv(alice, text)
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].startswith("line 3: a value opens a quote")
    assert JournalSession.objects.count() == 0


def test_a_stray_quote_that_closes_later_is_refused_naming_the_lines() -> None:
    text = (
        SEVEN
        + '2026-11-02T08:00:00+00:00,6,4,5,3,20,"stiff\n'
        + '2026-11-03T08:00:00+00:00,5,3,4,2,20,"ok"\n'
    )
    with pytest.raises(csvio.CsvImportError) as caught:
        csvio.parse_csv(text)
    assert caught.value.errors[0].startswith("lines 2-3:")
    assert "check the quotes" in caught.value.errors[0]


def test_quoted_notes_over_several_lines_are_still_read() -> None:
    text = SEVEN + '2026-11-02T08:00:00+00:00,6,4,5,3,20,"stiff, then ""loose""\nby night"\n'
    (session,) = csvio.parse_csv(text)
    assert session.notes == 'stiff, then "loose"\nby night'


# --- Duplicates ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_importing_the_same_rows_again_skips_them_and_says_how_many(alice: User) -> None:
    text = (
        SEVEN
        + "2026-11-01T08:00:00+00:00,7,4,6,3,20,first\n"
        + "2026-11-02T08:00:00+00:00,6,4,5,3,20,\n"
    )
    assert csvio.import_csv(alice, text) == csvio.Imported(imported=2, skipped=0)
    again = csvio.import_csv(alice, text)
    assert again == csvio.Imported(imported=0, skipped=2)
    assert again.sentence() == (
        "Imported 0 sessions; skipped 2 rows that repeat a session already in the journal "
        "or earlier in the file."
    )
    # A retry with one new row adds only that row; the same time with other ratings is new.
    grown = (
        text
        + "2026-11-03T08:00:00+00:00,5,3,4,2,20,\n"
        + "2026-11-01T08:00:00+00:00,7,5,6,3,20,first\n"
    )
    assert csvio.import_csv(alice, grown) == csvio.Imported(imported=2, skipped=2)
    assert JournalSession.objects.filter(user=alice).count() == 4


@pytest.mark.django_db
def test_an_exported_journal_imports_into_itself_as_all_duplicates(alice: User) -> None:
    """Times written with another offset (or none, in the site's zone) are the same instant."""
    service.import_sessions(alice, sessions())
    exported = csvio.export_csv(alice)
    assert csvio.import_csv(alice, exported) == csvio.Imported(imported=0, skipped=3)
    shifted = exported.replace("2026-03-01T07:30:00+00:00", "2026-03-01T08:30:00+01:00")
    assert csvio.import_csv(alice, shifted) == csvio.Imported(imported=0, skipped=3)
    assert JournalSession.objects.filter(user=alice).count() == 3


@pytest.mark.django_db
def test_repeated_rows_within_one_file_are_stored_once(alice: User, bob: User) -> None:
    row = "2026-11-01T08:00:00+00:00,7,4,6,3,20,first\n"
    result = csvio.import_csv(alice, SEVEN + row + row + row)
    assert result == csvio.Imported(imported=1, skipped=2)
    assert result.sentence().startswith("Imported 1 session; skipped 2 rows")
    # Another member's identical session is not a duplicate of alice's.
    assert csvio.import_csv(bob, SEVEN + row) == csvio.Imported(imported=1, skipped=0)


# --- Size ---------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all() -> None:
    class Endless:
        """A file that never ends, like /dev/zero; counts what was asked of it."""

        asked = 0

        def read(self, size: int) -> bytes:
            self.asked += size
            return b"0" * size

    endless = Endless()
    with pytest.raises(csvio.CsvImportError, match="larger than 2 MB"):
        csvio.read_limited(endless)
    assert endless.asked == csvio.MAX_BYTES + 1


def test_more_rows_than_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvio, "MAX_ROWS", 3)
    text = "started_at\n" + "2026-03-01T08:00:00+00:00\n" * 4
    with pytest.raises(csvio.CsvImportError, match="line 5: more than 3 rows"):
        csvio.parse_csv(text)


# --- Formulas -----------------------------------------------------------------------------------

FORMULA_NOTES = [
    "=HYPERLINK(\"http://example.org\",\"x\")",
    "+1 after stretching",
    "-sore on the left",
    "@home",
    "\tindented",
    "'=already quoted",
    "'tis better",
    "''",
    "plain",
]


@pytest.mark.django_db
def test_exported_notes_cannot_run_as_formulas_and_still_round_trip(
    alice: User, bob: User
) -> None:
    service.import_sessions(
        alice,
        [SessionIn(started_at=datetime(2026, 3, day, 8, tzinfo=UTC), notes=note)
         for day, note in enumerate(FORMULA_NOTES, 1)],
    )
    exported = csvio.export_csv(alice)
    cells = [row[6] for row in csv.reader(io.StringIO(exported))][1:]
    assert cells[:6] == ["'" + note for note in FORMULA_NOTES[:6]]
    assert cells[6:] == FORMULA_NOTES[6:]
    assert not any(cell[:1] in "=+-@\t\r" for cell in cells if cell)

    assert csvio.import_csv(bob, exported).imported == len(FORMULA_NOTES)
    bobs = JournalSession.objects.filter(user=bob).order_by("started_at")
    assert [s.notes for s in bobs] == FORMULA_NOTES
    assert csvio.export_csv(bob) == exported


def test_a_hand_written_apostrophe_before_a_formula_sign_is_read_as_the_sign() -> None:
    (session,) = csvio.parse_csv("started_at,notes\n2026-03-01T08:00:00+00:00,'-sore\n")
    assert session.notes == "-sore"
