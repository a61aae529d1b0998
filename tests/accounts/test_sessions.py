"""Sessions live on the server: signing out ends every copy, cookies carry nothing readable,
idle sessions die after two hours, and "keep me signed in" lasts 30 days."""

import base64
import binascii
import contextlib
import json
import zlib
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.utils import timezone

from hiphub.accounts.models import User
from hiphub.screening.redflags import load
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

COOKIE = settings.SESSION_COOKIE_NAME


@pytest.fixture(autouse=True)
def _quick_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(user: User, **extra: str) -> Client:
    """A browser that used the sign-in form."""
    client = Client()
    response = client.post(
        "/accounts/sign-in/", {"username": user.email, "password": PASSWORD, **extra}
    )
    assert response.status_code == 302
    return client


def copy_of(client: Client) -> Client:
    """Another browser holding a stolen copy of the session cookie."""
    thief = Client()
    thief.cookies[COOKIE] = client.cookies[COOKIE].value
    return thief


def opens(client: Client) -> dict[str, int]:
    return {
        "my data": client.get("/accounts/my-data/").status_code,
        "api": client.get("/api/sessions").status_code,
    }


OPEN = {"my data": 200, "api": 200}


def test_after_sign_out_a_copied_cookie_opens_nothing(alice: User) -> None:
    member = signed_in(alice)
    thief = copy_of(member)
    assert opens(thief) == OPEN
    member.post("/accounts/sign-out/")
    assert opens(thief) == {"my data": 302, "api": 401}
    assert opens(member) == {"my data": 302, "api": 401}


def test_a_password_change_signs_out_every_other_device(alice: User) -> None:
    laptop, phone = signed_in(alice), signed_in(alice)
    thief = copy_of(phone)
    new_password = "a new and longer passphrase"
    response = laptop.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "has been signed out" in response.content.decode()
    assert opens(laptop) == OPEN  # this device stays signed in
    assert opens(phone) == {"my data": 302, "api": 401}
    assert opens(thief) == {"my data": 302, "api": 401}


def test_a_wrong_current_password_changes_nothing(alice: User) -> None:
    laptop = signed_in(alice)
    response = laptop.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "x" * 20, "new_password2": "x" * 20},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


# --- Nothing readable in a cookie ---------------------------------------------------------


def readings(value: str) -> list[str]:
    """Every way a cookie value might hold data: as sent, base64 (plain or zlib-compressed,
    as Django's signed cookies are), and Django's signing with any salt (unsigned payload)."""
    found = [value]
    for part in [value, *value.split(":")]:
        candidate = part.lstrip(".")
        padded = candidate + "=" * (-len(candidate) % 4)
        try:
            raw = base64.urlsafe_b64decode(padded)
        except (binascii.Error, ValueError):
            continue
        found.append(raw.decode("latin-1"))
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(raw).decode("latin-1"))
    with contextlib.suppress(signing.BadSignature):
        found.append(json.dumps(signing.loads(value)))
    return found


def test_a_visitors_safety_answers_are_in_no_cookie(visitor: Client) -> None:
    flags = list(load().flags)
    yes = flags[:3]
    answers = {flag: ("yes" if flag in yes else "no") for flag in flags}
    response = visitor.post("/check/safety/", answers, follow=True)
    assert response.redirect_chain[-1][0] == "/check/safety/result/"
    cookies: SimpleCookie = visitor.cookies
    assert COOKIE in cookies
    for morsel in cookies.values():
        for reading in readings(morsel.value):
            for word in [*yes, "level", "flags", "emergency", "urgent", "screening"]:
                assert word not in reading, (morsel.key, reading)
    # The answers are on the server, under the cookie's random key.
    stored = Session.objects.get(session_key=cookies[COOKIE].value).get_decoded()
    assert sorted(stored["screening.safety"]["flags"]) == sorted(yes)


def test_the_safety_check_response_sets_no_readable_cookie(visitor: Client) -> None:
    """The response to the form itself, before any redirect, checked cookie by cookie."""
    flags = list(load().flags)
    response = visitor.post("/check/safety/", {flag: "yes" for flag in flags})
    assert response.cookies  # a session was started
    for morsel in response.cookies.values():
        for reading in readings(morsel.value):
            for word in [flags[0], "level", "flags", "screening"]:
                assert word not in reading, (morsel.key, reading)


# --- Idle sessions die; active ones live ------------------------------------------------


def result_kept(client: Client) -> bool:
    return client.get("/check/safety/result/").status_code == 200


def test_a_visitors_answers_go_stale_after_two_hours_without_use(
    visitor: Client, frozen: Any
) -> None:
    visitor.post("/check/safety/", {flag: "no" for flag in load().flags})
    for _ in range(5):  # used every 50 minutes for over four hours: still there
        frozen.shift(50 * 60)
        assert result_kept(visitor)
    frozen.shift(2 * 3600 + 1)  # two hours without use: gone
    assert Session.objects.filter(expire_date__lt=timezone.now()).count() == 1
    assert not result_kept(visitor)
    from hiphub.accounts import housekeeping

    housekeeping.purge()
    assert not Session.objects.exists()  # the row itself is deleted, not only unused


def test_a_session_is_saved_at_most_every_five_minutes_while_used(alice: User, frozen: Any) -> None:
    member = signed_in(alice)
    key = member.cookies[COOKIE].value

    def expires() -> Any:
        return Session.objects.get(session_key=key).expire_date

    first = expires()
    frozen.shift(60)
    member.get("/accounts/my-data/")
    assert expires() == first  # no write for a page a minute later
    frozen.shift(5 * 60)
    member.get("/accounts/my-data/")
    assert expires() == first + timedelta(minutes=6)


def test_workers_purge_expired_sessions_hourly_without_cron(visitor: Client, frozen: Any) -> None:
    stale = Client()
    stale.post("/check/safety/", {flag: "no" for flag in load().flags})
    visitor.get("/")  # this worker's first request: the next purge is due in an hour
    frozen.shift(2 * 3600 + 1)
    assert Session.objects.filter(expire_date__lt=timezone.now()).count() == 1
    visitor.get("/")
    assert not Session.objects.exists()


# --- Keep me signed in --------------------------------------------------------------------


def test_keep_me_signed_in_gives_a_30_day_cookie(alice: User, frozen: Any) -> None:
    member = signed_in(alice, remember="1")
    cookie = member.cookies[COOKIE]
    assert cookie["max-age"] == 30 * 24 * 3600
    frozen.shift(20 * 24 * 3600)  # three weeks away: still signed in
    assert member.get("/accounts/my-data/").status_code == 200
    frozen.shift(29 * 24 * 3600)  # 29 days after that last visit: still (it slides)
    assert member.get("/accounts/my-data/").status_code == 200
    frozen.shift(30 * 24 * 3600 + 1)
    assert member.get("/accounts/my-data/").status_code == 302


def test_otherwise_the_cookie_ends_with_the_browser_and_two_idle_hours(
    alice: User, frozen: Any
) -> None:
    member = signed_in(alice)
    cookie = member.cookies[COOKIE]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    frozen.shift(2 * 3600 + 1)
    assert member.get("/accounts/my-data/").status_code == 302
