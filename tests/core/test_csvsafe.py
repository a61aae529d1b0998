"""No CSV the site writes can run a formula in a spreadsheet (OWASP CSV injection)."""

import csv
import io
import zipfile
from datetime import UTC, datetime

import pytest

from hiphub.accounts.models import User
from hiphub.core.csvsafe import neutralise, restore
from hiphub.journal.models import JournalSession
from tests.conftest import client_for


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2 points", "'-2 points"),
        ("@home", "'@home"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=x", "''=x"),  # so that reading it back gives "'=x" again
        ("''-x", "'''-x"),
        ("'tis", "'tis"),
        ("a=b", "a=b"),
        ("", ""),
        ("2026-11-01", "2026-11-01"),
    ],
)
def test_neutralise_and_restore(text: str, written: str) -> None:
    assert neutralise(text) == written
    assert restore(written) == text


def test_numbers_and_missing_values_are_left_as_they_are() -> None:
    assert neutralise(-3) == -3
    assert neutralise(None) is None
    assert neutralise(True) is True


@pytest.mark.django_db
def test_the_account_export_zip_holds_no_live_formula(alice: User) -> None:
    JournalSession.objects.create(
        user=alice,
        started_at=datetime(2026, 11, 1, 8, tzinfo=UTC),
        notes='=HYPERLINK("http://example.org","click")',
    )
    alice.display_name = "@alice"
    alice.save()
    response = client_for(alice).get("/accounts/my-data/export.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    cells = [
        cell
        for name in archive.namelist()
        for row in csv.reader(io.StringIO(archive.read(name).decode()))
        for cell in row
    ]
    assert '\'=HYPERLINK("http://example.org","click")' in cells
    assert "'@alice" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
