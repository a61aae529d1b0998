"""`hiphub practice clients`: the dashboard's table in the terminal, logged like any read."""

import json

import pytest
from typer.testing import CliRunner

from hiphub.practice.models import AccessLog
from tests.practice.conftest import link, session, three_a_week

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def test_clients_prints_what_each_client_shares_and_logs_the_read(
    cli_app, alice, bob, tara, frozen
) -> None:
    linked = link(tara, alice, ["sessions"])
    three_a_week(linked)
    session(alice)
    link(tara, bob, ["questionnaires"]).revoke()
    result = runner.invoke(cli_app, ["practice", "clients", "--therapist", "TARA@example.org",
                                     "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["client"] for r in rows] == ["Alice"]  # bob stopped sharing
    assert rows[0]["this_week"] == "1 of 3 planned this week."
    assert rows[0]["last_session"].startswith("2026-11-24")
    entry = AccessLog.objects.get(link=linked)
    assert entry.channel == "command_line" and entry.scopes == ["sessions"]
    table = runner.invoke(cli_app, ["practice", "clients", "--therapist", tara.email])
    assert table.exit_code == 0 and "Alice" in table.stdout and "1 of 3" in table.stdout


def test_clients_refuses_an_unknown_address_or_a_member(cli_app, alice) -> None:
    for email, said in (("nobody@example.org", "no account"), (alice.email, "therapist role")):
        result = runner.invoke(cli_app, ["practice", "clients", "--therapist", email])
        assert result.exit_code == 2 and said in result.stderr
