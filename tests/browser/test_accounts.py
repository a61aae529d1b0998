"""Signing up and in, in a real Chromium: the pages work, with no console or CSP problems."""

import time
from typing import Any

from django.conf import settings

from tests.conftest import PASSWORD


def test_sign_in_and_keep_me_signed_in(page: Any, alice: Any) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Keep me signed in on this device for 30 days").check()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    session = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    days_left = (session["expires"] - time.time()) / 86400
    assert 29.9 < days_left <= 30
    page.goto("/accounts/my-data/")
    page.get_by_role("link", name="Change your password").click()
    assert page.get_by_role("heading", name="Change your password").is_visible()
    assert page.problems == []


def test_sign_up_says_check_your_email(page: Any) -> None:
    page.goto("/accounts/sign-up/")
    page.get_by_label("Email").fill("new@example.org")
    page.get_by_label("Password").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/sign-up/sent/")
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert page.problems == []
