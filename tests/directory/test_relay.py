"""The contact relay: the message reaches the therapist with the visitor's address as
Reply-To; captcha, honeypot and limits; no email address shown (relay.py)."""

import re

import pytest
from django.core import mail
from django.test import Client

from hiphub.directory import relay
from tests.community.helpers import answer_for, challenge_in
from tests.conftest import client_for
from tests.directory.conftest import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(loaded_places, tara):
    return make_listing(tara)


def message(client: Client, listing, **overrides) -> dict[str, str]:
    token = challenge_in(client.get(f"/therapists/{listing.pk}/").content.decode())
    data = {
        "name": "Rita Visitor",
        "email": "rita@example.net",
        "message": "Do you have an hour-long appointment next week for my low back?",
        "website": "",
        "challenge": token,
        "answer": str(answer_for(token)),
    }
    data.update(overrides)
    return data


def send(client: Client, listing, **overrides):
    return client.post(f"/therapists/{listing.pk}/contact/", message(client, listing, **overrides))


def test_the_message_goes_to_the_therapist_with_the_visitor_as_reply_to(frozen, listing) -> None:
    client = Client()
    token_data = message(client, listing)
    frozen.shift(5)  # people take longer than 3 seconds to write
    response = client.post(f"/therapists/{listing.pk}/contact/", token_data)
    assert response.status_code == 302
    assert response["Location"] == f"/therapists/{listing.pk}/#contact-h"
    [sent] = mail.outbox
    assert sent.to == ["tara@example.org"]
    assert sent.reply_to == ["Rita Visitor <rita@example.net>"]
    assert "hour-long appointment" in sent.body
    assert "your reply goes from your own email address" in sent.body.lower()
    page = client.get(response["Location"]).content.decode()
    assert "Your message is on its way" in page
    assert "tara@example.org" not in page


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"answer": "999"}, "not the missing number"),
        ({"challenge": "forged"}, "could not be checked"),
        ({"website": "http://spam.example"}, "must stay empty"),
        ({"email": "not-an-address"}, "does not look like an email"),
        ({"message": ""}, "Please write a message"),
        ({"message": "x" * 3001}, "under 3,000 characters"),
        ({"name": "Rita\r\nBcc: everyone@example.net"}, "one line"),
        ({"name": "Rita\x00"}, "NUL"),
    ],
)
def test_bad_input_sends_nothing_and_redisplays_the_form(frozen, listing, change, words) -> None:
    client = Client()
    data = message(client, listing, **change)
    frozen.shift(5)
    response = client.post(f"/therapists/{listing.pk}/contact/", data)
    assert response.status_code == 400
    page = re.sub(r"\s+", " ", response.content.decode())
    assert words in page
    assert "Your message was not sent" in page
    assert mail.outbox == []


def test_a_challenge_cannot_be_used_twice(frozen, listing) -> None:
    client = Client()
    data = message(client, listing)
    frozen.shift(5)
    assert client.post(f"/therapists/{listing.pk}/contact/", data).status_code == 302
    again = client.post(f"/therapists/{listing.pk}/contact/", data)
    assert again.status_code == 400 and "already used" in again.content.decode()
    assert len(mail.outbox) == 1


def test_a_signed_in_member_with_a_confirmed_address_skips_the_question(listing, alice) -> None:
    client = client_for(alice)
    page = client.get(f"/therapists/{listing.pk}/").content.decode()
    assert 'name="challenge"' not in page
    assert 'value="alice@example.org"' in page  # their own address, for them to check
    response = client.post(f"/therapists/{listing.pk}/contact/", {
        "name": "Alice", "email": "alice@example.org", "message": "Hello, are you free?"})
    assert response.status_code == 302 and mail.outbox[0].reply_to == ["Alice <alice@example.org>"]


def test_limited_per_client_address(frozen, loaded_places, tara, bob) -> None:
    listings = [make_listing(tara), make_listing(bob, name="Bob")]
    client = Client()
    for number in range(relay.CONTACT_PER_ADDRESS + 1):
        data = message(client, listings[number % 2])
        frozen.shift(5)
        response = client.post(f"/therapists/{listings[number % 2].pk}/contact/", data)
    assert response.status_code == 429
    assert "wait an hour" in response.content.decode()
    assert len(mail.outbox) == relay.CONTACT_PER_ADDRESS
    assert "Rita Visitor" in response.content.decode()  # what they wrote is still there


def test_limited_per_therapist(frozen, listing) -> None:
    statuses = []
    for number in range(relay.CONTACT_PER_LISTING + 1):
        client = Client(REMOTE_ADDR=f"192.0.2.{number + 1}")
        data = message(client, listing)
        frozen.shift(5)
        statuses.append(client.post(f"/therapists/{listing.pk}/contact/", data).status_code)
    assert statuses == [302] * relay.CONTACT_PER_LISTING + [429]
    assert len(mail.outbox) == relay.CONTACT_PER_LISTING


def test_a_closed_account_cannot_be_written_to(frozen, listing, tara) -> None:
    tara.is_active = False
    tara.save()
    client = Client()
    assert "cannot be contacted" in client.get(f"/therapists/{listing.pk}/").content.decode()
    data = {"name": "Rita", "email": "rita@example.net", "message": "Hello"}  # no form shown
    response = client.post(f"/therapists/{listing.pk}/contact/", data)
    assert response.status_code == 400 and mail.outbox == []
