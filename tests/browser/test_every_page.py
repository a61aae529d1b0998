"""Every main page loads in Chromium without console errors or CSP violations, and fits 320 px."""

from typing import Any

import pytest

from hiphub.screening.models import SafetyCheck
from tests.browser.conftest import sign_in

PUBLIC = [
    "/",
    "/help-now/",
    "/learn/hip-and-back/",
    "/anatomy/",
    "/anatomy/muscles/gluteus_medius/",
    "/anatomy/where-does-it-hurt/?region=groin",
    "/anatomy/hub/",
    "/check/",
    "/check/safety/",
    "/check/odi/",
    "/check/start_back/",
    "/self-care/",
    "/community/protocols/positional_release/",
    "/accounts/sign-up/",
]
MEMBER = ["/journal/", "/check/history/", "/self-care/positional_release/", "/accounts/my-data/"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_page_is_clean_and_fits_a_phone(page: Any, path: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    response = page.goto(path)
    assert response.status == 200
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), path
    assert page.problems == []


def test_member_pages_are_clean(page: Any, live_server: Any, alice: Any) -> None:
    SafetyCheck.record(alice, [])
    sign_in(page, live_server, alice)
    for path in MEMBER:
        assert page.goto(path).status == 200, path
        assert page.problems == [], path
