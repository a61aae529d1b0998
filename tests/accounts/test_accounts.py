"""Sign-up, email confirmation, sign-in, password reset, export and deletion."""

import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client

from hiphub.accounts.models import User
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def sign_up(client: Client, **overrides: str) -> Any:
    data = {"email": "new@example.org", "display_name": "Newt", "password": PASSWORD}
    return client.post("/accounts/sign-up/", {**data, **overrides})


def first_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def test_sign_up_opens_the_account_only_from_the_emailed_link(visitor: Client) -> None:
    response = sign_up(visitor)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-up/sent/"
    user = User.objects.get(email="new@example.org")
    assert user.check_password(PASSWORD)
    assert user.password.startswith("argon2")
    assert not user.email_verified and not user.is_active
    # Until the address is confirmed, the password opens nothing.
    refused = visitor.post("/accounts/sign-in/", {"username": user.email, "password": PASSWORD})
    assert refused.status_code == 200 and "do not match" in refused.content.decode()
    assert len(mail.outbox) == 1
    link = first_link(mail.outbox[0].body)
    confirmed = visitor.get(link, follow=True)
    assert confirmed.redirect_chain[-1][0] == "/accounts/sign-in/"
    assert "Sign in with the password you chose" in confirmed.content.decode()
    user.refresh_from_db()
    assert user.email_verified and user.is_active
    signed_in = visitor.post("/accounts/sign-in/", {"username": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert visitor.get("/accounts/my-data/").status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
        ({"password": "12345678"}, "This password is entirely numeric."),
        ({"password": "short"}, "This password is too short."),
    ],
)
def test_sign_up_errors_are_shown_and_nothing_is_stored(
    visitor: Client, overrides: dict[str, str], message: str
) -> None:
    response = sign_up(visitor, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 0


def test_sign_up_never_says_whether_an_address_has_an_account(visitor: Client, alice: User) -> None:
    """The page answers the same for a taken address as for a new one; only the address
    itself learns which, by email."""
    taken = sign_up(visitor, email="ALICE@example.org", password="another long passphrase")
    new = sign_up(Client(), email="nobody@example.org")
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert visitor.get(taken["Location"]).content == Client().get(new["Location"]).content
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)  # nothing in her account changed
    to_alice, to_nobody = mail.outbox
    assert to_alice.to == ["alice@example.org"]
    assert "already has one" in to_alice.body
    assert "/accounts/password-reset/" in to_alice.body
    assert to_nobody.to == ["nobody@example.org"]
    assert "confirm it" in to_nobody.body


def test_a_sign_up_nobody_confirms_is_deleted_after_three_days(
    visitor: Client, alice: User, frozen: Any
) -> None:
    from hiphub.accounts import housekeeping

    sign_up(visitor)
    frozen.shift(3 * 24 * 3600 - 60)
    assert housekeeping.purge()["unconfirmed_sign_ups"] == 0
    frozen.shift(120)
    assert housekeeping.purge()["unconfirmed_sign_ups"] == 1
    assert list(User.objects.all()) == [alice]


def test_the_owner_of_a_squatted_address_takes_it_back_by_reset(visitor: Client) -> None:
    """Someone else signed up with my address and never confirmed it: my reset link sets my
    password and opens the account, and their password no longer works."""
    sign_up(visitor, email="me@example.org", password="the squatter's passphrase")
    Client().post("/accounts/password-reset/", {"email": "me@example.org"})
    link = first_link(mail.outbox[-1].body)
    me = Client()
    form_page = me.get(link, follow=True)
    new_password = "my own long passphrase"
    me.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    user = User.objects.get(email="me@example.org")
    assert user.is_active and user.email_verified
    assert (
        me.post("/accounts/sign-in/", {"username": user.email, "password": new_password})[
            "Location"
        ]
        == "/"
    )
    squatter = {"username": user.email, "password": "the squatter's passphrase"}
    assert Client().post("/accounts/sign-in/", squatter).status_code == 200


@pytest.mark.parametrize("token", ["garbage", "x" * 300])
def test_bad_confirmation_link_is_a_friendly_page(visitor: Client, token: str) -> None:
    response = visitor.get(f"/accounts/verify/{token}/")
    assert response.status_code == 400
    assert "did not work" in response.content.decode()


def test_confirmation_link_expires(visitor: Client, frozen: Any) -> None:
    sign_up(visitor)
    link = first_link(mail.outbox[0].body)
    frozen.shift(4 * 24 * 3600)
    failed = visitor.get(link)
    assert failed.status_code == 400
    assert "sign up again" in failed.content.decode()
    assert not User.objects.filter(email_verified=True).exists()


def test_sign_in_and_out(visitor: Client, alice: User) -> None:
    page = visitor.get("/accounts/sign-in/").content.decode()
    assert 'alt="" width="32" height="32"><span>hiphub</span></a>' in page  # not the host name
    wrong = visitor.post("/accounts/sign-in/", {"username": alice.email, "password": "nope"})
    assert "do not match" in wrong.content.decode()
    right = visitor.post("/accounts/sign-in/", {"username": alice.email, "password": PASSWORD})
    assert right.status_code == 302
    assert right["Location"] == "/"  # not a missing profile page
    visitor.post("/accounts/sign-out/")
    shouting = {"username": f"  {alice.email.upper()} ", "password": PASSWORD}
    assert visitor.post("/accounts/sign-in/", shouting).status_code == 302
    assert visitor.get("/accounts/my-data/").status_code == 200
    visitor.post("/accounts/sign-out/")
    assert visitor.get("/accounts/my-data/").status_code == 302


def test_password_reset_by_email(visitor: Client, alice: User) -> None:
    visitor.post("/accounts/password-reset/", {"email": alice.email})
    link = first_link(mail.outbox[0].body)
    form_page = visitor.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a different long passphrase"
    visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    alice.refresh_from_db()
    assert alice.check_password(new_password)


def test_my_data_needs_sign_in(visitor: Client) -> None:
    response = visitor.get("/accounts/my-data/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_export_json_and_csv_hold_only_my_data(alice: User, bob: User) -> None:
    client = client_for(alice)
    exported = json.loads(client.get("/accounts/my-data/export.json").content)
    assert exported["data"]["account"][0]["email"] == "alice@example.org"
    assert "bob@example.org" not in json.dumps(exported)

    archive = zipfile.ZipFile(io.BytesIO(client.get("/accounts/my-data/export.zip").content))
    account_csv = archive.read("account.csv").decode()
    assert account_csv.splitlines()[0].startswith("email,display_name,role")
    assert "alice@example.org" in account_csv and "bob@example.org" not in account_csv


def rows_belonging_to(user_id: int) -> dict[str, int]:
    """Every row in every table that points at this user."""
    counts = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) is User and field.concrete:
                found = model._default_manager.filter(**{field.name: user_id}).count()
                counts[f"{model._meta.label}.{field.name}"] = found
    counts["accounts.User"] = User.objects.filter(pk=user_id).count()
    return counts


def test_delete_needs_the_password(alice: User) -> None:
    client = client_for(alice)
    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 400
    assert "Nothing was deleted" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def give_alice_a_history(alice: User) -> None:
    """A row in every app that keeps something about a member."""
    from hiphub.journal.models import JournalSession
    from hiphub.screening.models import QuestionnaireResult, SafetyCheck

    SafetyCheck.record(alice, [])
    QuestionnaireResult.record(alice, "nrs", {"pain": 6})
    client = client_for(alice)
    for day in (1, 2):
        JournalSession.objects.create(
            user=alice, started_at=f"2026-11-0{day}T08:00:00+00:00", pain_before=7, pain_after=4
        )
    client.post(
        "/self-care/positional_release/finish/",
        {"minutes": 20, "pain_before": 6, "tension_before": 5, "started_at": "2026-11-03 08:00"},
    )


def test_export_then_delete_leaves_no_row_behind(alice: User, bob: User) -> None:
    give_alice_a_history(alice)
    give_alice_a_history(bob)
    before = rows_belonging_to(alice.pk)
    assert before["journal.JournalSession.user"] == 3
    assert before["screening.SafetyCheck.user"] == 1
    client = client_for(alice)
    exported = client.get("/accounts/my-data/export.json")
    assert exported.status_code == 200
    data = json.loads(exported.content)["data"]
    assert len(data["journal"]) == 3 and len(data["screening"]) == 2
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert sum(rows_belonging_to(alice.pk).values()) == 0
    assert User.objects.filter(pk=bob.pk).exists()
    assert rows_belonging_to(bob.pk)["journal.JournalSession.user"] == 3  # bob keeps his
    assert client.get("/accounts/my-data/").status_code == 302


@pytest.mark.django_db
def test_deleting_an_account_forgets_its_confirmed_community_address(alice, bob) -> None:
    from hiphub.community.hashing import private_hash
    from hiphub.community.models import ConfirmedAddress

    for member in (alice, bob):
        ConfirmedAddress.objects.create(email_hash=private_hash(member.email))
    response = client_for(alice).post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    remaining = set(ConfirmedAddress.objects.values_list("email_hash", flat=True))
    assert remaining == {private_hash(bob.email)}
