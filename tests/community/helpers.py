"""Helpers for community tests: read the challenge from a page and answer it."""

import re
from typing import Any

from django.core import mail
from django.test import Client

from hiphub.community import addresses, captcha
from hiphub.community.hashing import private_hash
from hiphub.community.models import ConfirmedAddress

PAGE = "/learn/hip-and-back/"
PROTOCOL_PAGE = "/community/protocols/positional_release/"
CHALLENGE = "/community/challenge/"


def challenge_in(html: str) -> str:
    found = re.search(r'name="challenge" value="([^"]+)"', html)
    assert found, "no captcha challenge on the page"
    return found.group(1)


def answer_for(token: str) -> int:
    # Read the operands whatever the clock says (now=0 is never "too old").
    return captcha.open_challenge(token, now=0).expected


def form_data(token: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "thread": "page:hip-and-back",
        "display_name": "Rita",
        "email": "rita@example.net",
        "text": "Lying on my back with knees up eased the ache a little.",
        "pain_before": "6",
        "pain_after": "3",
        "protocol": "positional_release",
        "website": "",
        "challenge": token,
        "answer": str(answer_for(token)),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def fresh_token(client: Client) -> str:
    """A challenge as a browser gets one when someone starts writing: the page itself may
    come from the shared cache and carries none (community/pagecache.py)."""
    response = client.get(CHALLENGE)
    assert response.status_code == 200
    return str(response.json()["challenge"])


def confirm_address(client: Client, email: str) -> None:
    """Give `client` what opening the emailed link gives a browser: the address confirmed and
    the proof cookie. (test_posting follows a real emailed link once.)"""
    email_hash = private_hash(email)
    ConfirmedAddress.confirm(email_hash)
    client.cookies[addresses.PROOF_COOKIE] = addresses.proof_for(email_hash)


def link_in_last_mail(to: str) -> str:
    """The site path in the newest email sent to `to`."""
    sent = [m for m in mail.outbox if m.to == [to]]
    assert sent, f"no email to {to}"
    found = re.search(r"http://testserver(/\S+/)", sent[-1].body)
    assert found, sent[-1].body
    return found.group(1)
