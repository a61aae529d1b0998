"""The therapist's email address appears in no page or API body of the whole flow, and a
therapist's listing is in their data export and goes with their account."""

import json
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from typer.testing import CliRunner

from hiphub.accounts.models import User
from hiphub.directory.models import Credential, Listing
from tests.community.helpers import answer_for, challenge_in
from tests.conftest import PASSWORD, client_for
from tests.directory.conftest import PLACES_FILE, TODAY

pytestmark = pytest.mark.django_db
EMAIL = "secret.therapist@example.net"


class Recorder:
    """Every response body the flow produces, to search them all afterwards."""

    def __init__(self) -> None:
        self.bodies: list[tuple[str, str]] = []

    def __call__(self, client: Client, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        response = getattr(client, method)(path, *args, **kwargs)
        self.bodies.append((f"{method.upper()} {path}", response.content.decode()))
        return response


def link_in(message: Any) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert found
    return found.group(1)


def test_the_email_never_appears_in_any_page_or_api_body(frozen, cli_app, mo) -> None:
    record = Recorder()
    loaded = CliRunner().invoke(cli_app, ["directory", "load-places", str(PLACES_FILE)])
    assert loaded.exit_code == 0
    therapist = Client()
    record(therapist, "get", "/accounts/sign-up/")
    record(therapist, "post", "/accounts/sign-up/",
           {"email": EMAIL, "display_name": "Sam", "password": PASSWORD})
    record(therapist, "get", link_in(mail.outbox[-1]), follow=True)
    signed_in = record(therapist, "post", "/accounts/sign-in/",
                       {"username": EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 302
    record(therapist, "get", "/therapists/my-listing/")
    record(therapist, "post", "/therapists/list-my-practice/", follow=True)
    record(therapist, "post", "/therapists/my-listing/", {
        "name": "Sam Rivers", "postcode": "SW1A 1AA", "techniques": ["trigger_point"],
        "hands_on_minutes": "60", "regions": ["lumbar_paraspinal"], "oil": "none",
        "accepting_new_clients": "yes"}, follow=True)
    listing = Listing.objects.get(owner__email=EMAIL)
    record(therapist, "post", "/therapists/my-listing/credentials/",
           {"body": "CNHC", "number": "4242", "jurisdiction": "UK"}, follow=True)
    record(therapist, "get", "/api/directory/my-listing")

    moderator = client_for(mo)
    record(moderator, "get", "/therapists/moderation/")
    record(moderator, "post", "/therapists/moderation/", {
        "credential": Credential.objects.get().pk, "action": "verify",
        "method": "CNHC online register"}, follow=True)

    visitor = Client()
    query = {"technique": "trigger_point", "near": "SW1A 1AA"}
    record(visitor, "get", "/therapists/", query)
    record(visitor, "get", "/api/directory/therapists", query)
    record(visitor, "get", f"/api/directory/therapists/{listing.pk}")
    page = record(visitor, "get", f"/therapists/{listing.pk}/")
    token = challenge_in(page.content.decode())
    frozen.shift(5)
    record(visitor, "post", f"/therapists/{listing.pk}/contact/", {
        "name": "Rita", "email": "rita@example.net", "message": "Hello there",
        "challenge": token, "answer": str(answer_for(token))}, follow=True)
    cli = CliRunner().invoke(cli_app, ["directory", "search", "--near", "SW1A", "--json"])
    record.bodies.append(("CLI search --json", cli.stdout))
    record.bodies.append(("CLI search", CliRunner().invoke(
        cli_app, ["directory", "search", "--near", "SW1A"]).stdout))

    assert mail.outbox[-1].to == [EMAIL]  # the relay reached the therapist
    assert len(record.bodies) == 18
    leaks = [where for where, body in record.bodies if EMAIL in body or "secret.therapist" in body]
    assert leaks == []
    # Sanity: the check would see it if it were there (the sign-up email holds the address).
    assert any("Sam Rivers" in body for _, body in record.bodies)


def test_a_therapists_listing_is_exported_and_deleted_with_the_account(tara, mo, loaded_places):
    from tests.directory.conftest import make_listing

    listing = make_listing(tara, works_from_home=True)
    Credential.objects.create(listing=listing, body="CNHC", number="1", jurisdiction="UK").verify(
        mo, "register", TODAY
    )
    client = client_for(tara)
    exported = json.loads(client.get("/accounts/my-data/export.json").content)["data"]
    [row] = exported["directory"]
    assert row["name"] == "Tara Green" and row["location_text"] == "SW1A 1AA"
    assert row["credentials"][0]["number"] == "1"
    client.post("/accounts/delete/", {"password": PASSWORD})
    assert not Listing.objects.exists() and not Credential.objects.exists()
    assert User.objects.filter(pk=mo.pk).exists()


def test_a_moderators_deletion_keeps_the_verification_with_no_name(tara, mo, loaded_places):
    from tests.directory.conftest import make_listing

    credential = Credential.objects.create(
        listing=make_listing(tara), body="CNHC", number="1", jurisdiction="UK"
    )
    credential.verify(mo, "register", TODAY)
    mo.delete()
    credential.refresh_from_db()
    assert credential.verified_by is None and credential.method == "register"
