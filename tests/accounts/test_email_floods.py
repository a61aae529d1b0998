"""No address can be flooded with account emails: at most three an hour each, the rest
answered exactly as if they had been sent."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from hiphub.accounts.models import User
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_hashing(settings: Any) -> None:
    """Dozens of sign-ups: a quick hasher keeps the suite fast (not for real use)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def answers(client: Client, path: str, data: dict[str, str], times: int) -> set[tuple[Any, ...]]:
    """Every distinct answer to `times` posts: status, redirect and the page it leads to."""
    seen = set()
    for _ in range(times):
        response = client.post(path, data)
        page = client.get(response["Location"]).content if response.status_code == 302 else b""
        seen.add((response.status_code, response.get("Location"), page))
    return seen


def test_thirty_password_resets_send_three_emails_and_the_page_never_changes(
    alice: User, frozen: Any
) -> None:
    seen = answers(Client(), "/accounts/password-reset/", {"email": alice.email}, 30)
    assert len(mail.outbox) == 3
    assert len(seen) == 1
    # An address with no account gets the same page (and no email).
    nobody = answers(Client(), "/accounts/password-reset/", {"email": "no@example.org"}, 2)
    assert nobody == seen
    assert len(mail.outbox) == 3
    frozen.shift(3600)
    Client().post("/accounts/password-reset/", {"email": alice.email})
    assert len(mail.outbox) == 4  # an hour later, one more may go


def test_sign_ups_with_one_address_send_three_emails_and_the_page_never_changes(
    alice: User,
) -> None:
    data = {"email": alice.email, "display_name": "", "password": "yet another passphrase"}
    taken = answers(Client(), "/accounts/sign-up/", data, 10)
    new = {**data, "email": "new@example.org"}
    fresh = answers(Client(), "/accounts/sign-up/", new, 10)
    assert taken == fresh and len(taken) == 1
    assert sum(m.to == [alice.email] for m in mail.outbox) == 3
    assert sum(m.to == ["new@example.org"] for m in mail.outbox) == 3


def test_send_the_confirmation_link_again_sends_three_at_most(alice: User) -> None:
    alice.email_verified = False
    alice.save()
    client = client_for(alice)
    for _ in range(10):
        response = client.post("/accounts/verify-again/", follow=True)
        assert "We have sent a new confirmation link" in response.content.decode()
    assert len(mail.outbox) == 3
    assert alice.check_password(PASSWORD)
