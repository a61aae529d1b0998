"""The moderators' credential queue (moderation.py) and the CLI's `verify`."""

import re

import pytest
from typer.testing import CliRunner

from hiphub.directory.models import Credential, CredentialStatus
from tests.conftest import client_for
from tests.directory.conftest import TODAY, make_listing

pytestmark = pytest.mark.django_db
runner = CliRunner()


@pytest.fixture
def credential(loaded_places, tara):
    return Credential.objects.create(
        listing=make_listing(tara), body="CNHC", number="12345", jurisdiction="UK"
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_only_moderators_open_the_queue(visitor, alice, tara, mo, credential) -> None:
    assert visitor.get("/therapists/moderation/")["Location"].startswith("/accounts/sign-in/")
    assert client_for(alice).get("/therapists/moderation/").status_code == 403
    assert client_for(tara).post("/therapists/moderation/", {
        "credential": credential.pk, "action": "verify", "method": "me"}).status_code == 403
    page = text(client_for(mo).get("/therapists/moderation/"))
    assert "CNHC" in page and "12345" in page
    nav = text(client_for(mo).get("/"))
    assert "Credentials (1)" in nav


def test_a_moderator_verifies_saying_how(frozen, mo, credential) -> None:
    client = client_for(mo)
    missing = client.post("/therapists/moderation/", {"credential": credential.pk,
                                                      "action": "verify", "method": " "})
    assert missing.status_code == 400 and "Say how you checked it" in text(missing)
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.PENDING
    client.post("/therapists/moderation/", {"credential": credential.pk, "action": "verify",
                                            "method": "CNHC online register, by number"})
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.VERIFIED
    assert (credential.verified_on, credential.verified_by) == (TODAY, mo)
    page = text(client.get(f"/therapists/{credential.listing_id}/"))
    assert "verified on 24 Nov 2026 (CNHC online register, by number)" in page


def test_a_moderator_says_why_not(mo, credential) -> None:
    client_for(mo).post("/therapists/moderation/", {
        "credential": credential.pk, "action": "reject", "note": "Not on the register"})
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.REJECTED
    assert credential.decision_note == "Not on the register"


@pytest.mark.parametrize(
    "data", [{"credential": "abc", "action": "verify"}, {"credential": "1", "action": "bless"}, {}]
)
def test_nonsense_is_not_a_500(mo, credential, data) -> None:
    assert client_for(mo).post("/therapists/moderation/", data).status_code == 302


def test_verify_from_the_command_line(cli_app, mo, credential) -> None:
    listed = runner.invoke(cli_app, ["directory", "credentials"])
    assert listed.exit_code == 0 and "12345" in listed.output
    result = runner.invoke(cli_app, ["directory", "verify", str(credential.pk), "--method",
                                     "CNHC register", "--moderator", "mo@example.org"])
    assert result.exit_code == 0, result.output
    credential.refresh_from_db()
    assert credential.method == "CNHC register" and credential.verified_by == mo


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["999999", "--method", "register"], "there is no credential 999999"),
        (["{id}", "--method", " "], "--method"),
        (["{id}", "--method", "register", "--moderator", "alice@example.org"], "not a moderator"),
        (["{id}"], "Missing option '--method'"),
    ],
)
def test_verify_refuses_bad_input_with_exit_2(cli_app, alice, credential, args, words) -> None:
    args = [a.replace("{id}", str(credential.pk)) for a in args]
    result = runner.invoke(cli_app, ["directory", "verify", *args])
    assert result.exit_code == 2
    assert words in " ".join(result.output.split())
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.PENDING
