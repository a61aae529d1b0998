import json

import pytest
from typer.testing import CliRunner

from hiphub.journal import csvio
from hiphub.journal.models import JournalSession

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()

CSV = (
    "started_at,pain_before,pain_after,tension_before,tension_after,minutes,notes\n"
    "2026-11-01T08:00:00+00:00,7,4,6,3,20,first\n"
    "2026-11-02T08:00:00+00:00,6,4,5,3,20,\n"
)


def test_import_then_stats_then_export(cli_app, alice, tmp_path) -> None:
    source = tmp_path / "journal.csv"
    source.write_text(CSV)
    result = runner.invoke(cli_app, ["journal", "import", str(source), "--user", alice.email])
    assert result.exit_code == 0, result.output
    assert "Imported 2 sessions" in result.output
    assert JournalSession.objects.filter(user=alice).count() == 2

    result = runner.invoke(cli_app, ["journal", "stats", "--user", alice.email, "--json"])
    body = json.loads(result.stdout)
    assert body["sessions"] == 2 and body["pain"]["mean_change"] == 2.5
    assert {"ci95", "wilcoxon_p", "responder_rate", "median_change"} <= set(body["pain"])
    assert "trend_per_week" in body and "sessions_per_week" in body

    target = tmp_path / "out.csv"
    result = runner.invoke(cli_app, ["journal", "export", "--user", alice.email, "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text().splitlines()[0] == ",".join(csvio.HEADER)
    assert len(target.read_text().splitlines()) == 3


def test_bad_rows_import_nothing_and_exit_2(cli_app, alice, tmp_path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(CSV.replace(",7,4,", ",17,4,"))
    result = runner.invoke(cli_app, ["journal", "import", str(source), "--user", alice.email])
    assert result.exit_code == 2
    assert "line 2" in result.output and "Nothing was imported" in result.output
    assert JournalSession.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "--user", "nobody@example.org"], "no member with the email"),
        (["import", "/no/such/file.csv", "--user", "alice@example.org"], "Cannot read"),
    ],
)
def test_unknown_member_or_file_exits_2(cli_app, alice, args, message) -> None:
    result = runner.invoke(cli_app, ["journal", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
