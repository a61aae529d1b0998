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


def test_importing_again_skips_and_counts_the_repeats(cli_app, alice, tmp_path) -> None:
    source = tmp_path / "journal.csv"
    source.write_text(CSV)
    args = ["journal", "import", str(source), "--user", alice.email]
    assert runner.invoke(cli_app, args).exit_code == 0
    result = runner.invoke(cli_app, args)
    assert result.exit_code == 0
    assert "Imported 0 sessions; skipped 2 rows that repeat" in " ".join(result.output.split())
    result = runner.invoke(cli_app, [*args, "--json"])
    assert json.loads(result.stdout) == {"imported": 0, "skipped": 2}
    assert JournalSession.objects.count() == 2


def test_an_endless_file_is_refused_at_the_size_limit(cli_app, alice) -> None:
    """`hiphub journal import /dev/zero` once read until the disk was full."""
    result = runner.invoke(cli_app, ["journal", "import", "/dev/zero", "--user", alice.email])
    assert result.exit_code == 2
    assert "larger than 2 MB" in result.output and "Nothing was imported" in result.output
    assert JournalSession.objects.count() == 0


def test_an_unclosed_quote_exits_2_naming_the_line(cli_app, alice, tmp_path) -> None:
    source = tmp_path / "journal.csv"
    source.write_text(CSV.replace(",first", ',"first'))
    result = runner.invoke(cli_app, ["journal", "import", str(source), "--user", alice.email])
    assert result.exit_code == 2
    assert "line 2: a value opens a quote" in result.output
    assert JournalSession.objects.count() == 0
