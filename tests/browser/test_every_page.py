"""Every page of the site map (hiphub.core.sitemap) loads in Chromium without console errors
or CSP violations, and public pages fit 320 px."""

from typing import Any

import pytest

from hiphub.core import sitemap
from hiphub.screening.models import SafetyCheck
from tests.browser.conftest import sign_in


@pytest.mark.parametrize("path", sitemap.PUBLIC)
def test_public_page_is_clean_and_fits_a_phone(page: Any, path: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    response = page.goto(path)
    assert response.status == 200
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), path
    assert page.problems == []


def test_member_pages_are_clean(page: Any, live_server: Any, alice: Any) -> None:
    SafetyCheck.record(alice, [])
    sign_in(page, live_server, alice)
    for path in sitemap.MEMBER:
        assert page.goto(path).status == 200, path
        assert page.problems == [], path


def test_moderator_pages_are_clean(page: Any, live_server: Any, mo: Any) -> None:
    sign_in(page, live_server, mo)
    for path in sitemap.MODERATOR:
        assert page.goto(path).status == 200, path
        assert page.problems == [], path


def test_therapist_pages_are_clean(page: Any, live_server: Any, tara: Any) -> None:
    sign_in(page, live_server, tara)
    for path in sitemap.THERAPIST:
        assert page.goto(path).status == 200, path
        assert page.problems == [], path
