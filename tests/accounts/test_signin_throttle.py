"""Sign-in is throttled per account and per client address (django-axes)."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings

from hiphub.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.fixture(autouse=True)
def _quick_hashing(settings: Any) -> None:
    """Hundreds of sign-in attempts: a quick hasher keeps the suite fast (not for real use)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client: Client, email: str, password: str) -> Any:
    return client.post("/accounts/sign-in/", {"username": email, "password": password})


def twenty_wrong(email: str, client: Client | None = None, **extra: str) -> None:
    for attempt in range(20):
        sign_in(client or Client(**extra), email, f"wrong guess {attempt}")


def assert_paused(response: Any) -> None:
    page = response.content.decode()
    assert response.status_code == 429
    assert "Signing in is paused" in page
    assert 'href="/accounts/password-reset/"' in page


def test_twenty_wrong_passwords_pause_the_account_even_for_the_right_one(
    alice: User, frozen: Any
) -> None:
    twenty_wrong(alice.email)  # within one (frozen) minute, from different browsers
    member = Client()
    assert_paused(sign_in(member, "  ALICE@example.org", PASSWORD))
    assert member.get("/accounts/my-data/").status_code == 302  # not signed in
    frozen.shift(14 * 60)
    assert_paused(sign_in(member, alice.email, PASSWORD))  # retrying does not extend it
    frozen.shift(61)
    assert sign_in(member, alice.email, PASSWORD).status_code == 302
    assert member.get("/accounts/my-data/").status_code == 200


def test_a_password_reset_lifts_the_pause_at_once(alice: User, frozen: Any) -> None:
    twenty_wrong(alice.email)
    member = Client()
    assert_paused(sign_in(member, alice.email, PASSWORD))
    member.post("/accounts/password-reset/", {"email": alice.email})
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body)
    assert link
    form_page = member.get(link.group(1), follow=True)
    new_password = "a fresh and long passphrase"
    member.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert sign_in(member, alice.email, new_password).status_code == 302


def test_one_address_trying_many_accounts_is_paused_too(alice: User) -> None:
    for n in range(20):
        sign_in(Client(REMOTE_ADDR="203.0.113.9"), f"guess{n}@example.org", "password1")
    assert_paused(sign_in(Client(REMOTE_ADDR="203.0.113.9"), alice.email, PASSWORD))
    # Alice on another network is not affected.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.20"), alice.email, PASSWORD).status_code == 302


@override_settings(SECURE_PROXY_SSL_HEADER=PROXY)
def test_behind_the_proxy_the_forwarded_address_is_the_one_counted(alice: User) -> None:
    """Every request comes from the proxy (127.0.0.1); the address it forwards decides."""
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for n in range(20):
        sign_in(Client(**attacker), f"guess{n}@example.org", "password1")
    assert_paused(sign_in(Client(**attacker), alice.email, PASSWORD))
    # A forged header cannot dodge it: the proxy appends the real address last.
    forged = {**attacker, "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.9"}
    assert_paused(sign_in(Client(**forged), alice.email, PASSWORD))
    someone_else = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert sign_in(Client(**someone_else), alice.email, PASSWORD).status_code == 302


def test_the_failure_counts_keep_neither_email_nor_address(alice: User) -> None:
    from axes.models import AccessAttempt

    for n in range(3):
        sign_in(Client(REMOTE_ADDR="203.0.113.9"), alice.email, f"wrong {n}")
    stored = repr(list(AccessAttempt.objects.values()))
    assert AccessAttempt.objects.exists()
    assert "alice" not in stored.lower()
    assert "203.0.113" not in stored
    assert "wrong" not in stored  # nor the passwords tried
