"""A therapist's own pages: becoming one, the listing form, confirming, credentials."""

import re
from datetime import timedelta

import pytest

from hiphub.accounts.models import Role
from hiphub.directory.models import Credential, CredentialStatus, Listing
from tests.conftest import client_for, make_user
from tests.directory.conftest import TODAY, make_listing

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Tara Green",
    "practice_name": "",
    "postcode": "GU1 1AA",
    "techniques": ["trigger_point", "muscle_belly_release"],
    "hands_on_minutes": "60, 90 min",
    "regions": ["lumbar_paraspinal", "posterior_hip"],
    "oil": "none",
    "accepting_new_clients": "yes",
    "languages": "English, Polish",
    "travel_radius_km": "",
}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_member_lists_their_practice_then_fills_in_the_listing(frozen, alice, loaded_places):
    client = client_for(alice)
    page = text(client.get("/therapists/my-listing/"))
    assert "List my practice" in page and "never shown" in page
    response = client.post("/therapists/list-my-practice/")
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.role == Role.THERAPIST
    response = client.post("/therapists/my-listing/", FORM)
    assert response.status_code == 302, text(response)
    listing = Listing.objects.get(owner=alice)
    assert listing.hands_on_minutes == [60, 90] and listing.languages == ["English", "Polish"]
    assert listing.place == "GU1, Guildford" and listing.confirmed_on == TODAY
    page = text(client.get("/therapists/my-listing/"))
    assert "Your listing is published." in page and "Still right: confirm today" in page
    assert 'value="60, 90"' in page


def test_an_unconfirmed_address_or_a_moderator_cannot_become_a_therapist(mo) -> None:
    unconfirmed = make_user("una")
    unconfirmed.email_verified = False
    unconfirmed.save()
    for user in (unconfirmed, mo):
        client_for(user).post("/therapists/list-my-practice/")
        user.refresh_from_db()
        assert user.role != Role.THERAPIST
    page = text(client_for(unconfirmed).get("/therapists/my-listing/"))
    assert "confirm your email address" in page


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"name": ""}, "name", "Please give the name to show"),
        ({"techniques": []}, "techniques", "Choose at least one technique"),
        ({"techniques": ["reiki"]}, "techniques", "Unknown technique"),
        ({"regions": []}, "regions", "Choose at least one area"),
        ({"regions": ["saddle"]}, "regions", "warning-sign area"),
        ({"hands_on_minutes": "an hour"}, "hands_on_minutes", "whole minutes"),
        ({"hands_on_minutes": ""}, "hands_on_minutes", "Give at least one session length"),
        ({"hands_on_minutes": "0"}, "hands_on_minutes", "greater than or equal to 1"),
        ({"oil": ""}, "oil", "Choose how much oil you use."),
        ({"oil": "lots"}, "oil", "Must be one of none, little, normal"),
        ({"postcode": "Gildford"}, "postcode", "Did you mean &#x27;Guildford&#x27;?"),
        ({"postcode": ""}, "postcode", "Give a postcode or place"),
        ({"travel_radius_km": "-4"}, "travel_radius_km", "whole kilometres"),
        ({"website": "ftp://x"}, "website", "starting with https://"),
        ({"name": "Tara\x00"}, "name", "NUL"),
    ],
)
def test_bad_input_redisplays_the_form_and_saves_nothing(
    tara, loaded_places, change, field, words
) -> None:
    response = client_for(tara).post("/therapists/my-listing/", {**FORM, **change})
    assert response.status_code == 400
    page = text(response)
    assert words in page, page[page.find("data-error-summary"):][:600]
    assert f'href="#l-{field}"' in page
    assert 'value="GU1 1AA"' in page or field == "postcode"
    assert not Listing.objects.exists()


def test_the_error_summary_follows_the_order_of_the_form(tara, loaded_places) -> None:
    bad = {**FORM, "oil": "", "techniques": [], "name": "", "website": "ftp://x"}
    page = text(client_for(tara).post("/therapists/my-listing/", bad))
    summary = page[page.find("data-error-summary"):].split("</ul>")[0]
    links = re.findall(r'href="#l-(\w+)"', summary)
    assert links == ["name", "techniques", "oil", "website"]


def test_a_mistyped_place_is_said_with_the_other_mistakes(tara, loaded_places) -> None:
    bad = {**FORM, "oil": "", "postcode": "Gildford"}
    page = text(client_for(tara).post("/therapists/my-listing/", bad))
    summary = page[page.find("data-error-summary"):].split("</ul>")[0]
    assert re.findall(r'href="#l-(\w+)"', summary) == ["postcode", "oil"]  # the order of the form
    assert "Did you mean &#x27;Guildford&#x27;?" in summary


def test_confirming_from_the_listing_page(frozen, tara, loaded_places) -> None:
    listing = make_listing(tara, today=TODAY - timedelta(days=100))
    client = client_for(tara)
    assert "It is now shown dimmed" in text(client.get("/therapists/my-listing/"))
    client.post("/therapists/my-listing/confirm/", {"accepting_new_clients": "no"})
    listing.refresh_from_db()
    assert listing.confirmed_on == TODAY and listing.accepting_new_clients is False
    response = client.post("/therapists/my-listing/confirm/", {})
    assert response.status_code == 302  # nothing changed, and a message says why


def test_credentials_added_renewed_and_removed(frozen, tara, mo, loaded_places) -> None:
    listing = make_listing(tara)
    client = client_for(tara)
    bad = client.post("/therapists/my-listing/credentials/", {"body": "CNHC", "number": "",
                                                             "jurisdiction": "UK"})
    assert bad.status_code == 400 and "Please give the number" in text(bad)
    past = client.post("/therapists/my-listing/credentials/", {
        "body": "CNHC", "number": "5", "jurisdiction": "UK", "expires_on": "2020-01-01"})
    assert past.status_code == 400 and "That date has passed" in text(past)
    client.post("/therapists/my-listing/credentials/", {
        "body": "CNHC", "number": "5", "jurisdiction": "UK", "expires_on": "2027-01-31"})
    credential = Credential.objects.get(listing=listing)
    credential.verify(mo, "CNHC register", TODAY)
    client.post(f"/therapists/my-listing/credentials/{credential.pk}/", {
        f"c{credential.pk}-body": "CNHC", f"c{credential.pk}-number": "5",
        f"c{credential.pk}-jurisdiction": "UK", f"c{credential.pk}-expires_on": "2028-01-31",
        "action": "update"})
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.PENDING
    assert str(credential.expires_on) == "2028-01-31"
    client.post(f"/therapists/my-listing/credentials/{credential.pk}/", {"action": "delete"})
    assert not Credential.objects.exists()


def test_another_therapists_credential_is_not_mine(tara, loaded_places) -> None:
    other_owner = make_user("uma", Role.THERAPIST)
    credential = Credential.objects.create(
        listing=make_listing(other_owner), body="X", number="1", jurisdiction="UK"
    )
    make_listing(tara)
    response = client_for(tara).post(
        f"/therapists/my-listing/credentials/{credential.pk}/", {"action": "delete"}
    )
    assert response.status_code == 404 and Credential.objects.exists()


def test_removing_the_listing(tara, loaded_places) -> None:
    make_listing(tara)
    client = client_for(tara)
    client.post("/therapists/my-listing/delete/", {})
    assert Listing.objects.exists()  # the box was not ticked
    client.post("/therapists/my-listing/delete/", {"sure": "yes"})
    assert not Listing.objects.exists()


def test_therapist_actions_need_a_therapist(visitor, alice) -> None:
    assert visitor.get("/therapists/my-listing/")["Location"].startswith("/accounts/sign-in/")
    for path in ("/therapists/my-listing/confirm/", "/therapists/my-listing/credentials/",
                 "/therapists/my-listing/delete/"):
        assert client_for(alice).post(path).status_code == 403
        assert client_for(alice).get(path).status_code == 405
