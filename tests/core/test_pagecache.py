"""Reference pages kept per worker for visitors (core.pagecache), and the site-wide CSP
header built once (core.middleware.SiteCSPMiddleware)."""

import pytest
from csp.utils import build_policy
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from hiphub.accounts.models import User
from hiphub.core.middleware import SiteCSPMiddleware
from hiphub.core.pagecache import keepable

from ..conftest import client_for

pytestmark = pytest.mark.django_db

VISITOR_PAGES = ["/", "/help-now/", "/anatomy/", "/anatomy/muscles/psoas_major/", "/anatomy/hub/"]


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_a_visitor_page_is_rendered_once_then_read_from_the_cache(
    visitor: Client, path: str
) -> None:
    first = visitor.get(path)
    again = Client().get(path)
    assert first.status_code == again.status_code == 200
    assert [t.name for t in first.templates]  # rendered
    assert not again.templates  # served from the cache, nothing rendered
    assert again.content == first.content
    assert "Cookie" in again["Vary"] and "Cookie" in first["Vary"]


def test_a_signed_in_member_never_gets_the_visitors_copy(visitor: Client, alice: User) -> None:
    assert "Sign in" in visitor.get("/").content.decode()
    member = client_for(alice)
    html = member.get("/").content.decode()
    assert "My account" in html
    assert ">Sign in<" not in html
    # And the member's page did not replace the visitors' copy.
    assert "My account" not in Client().get("/").content.decode()


def test_a_search_is_answered_for_itself_not_from_the_cached_list(visitor: Client) -> None:
    everything = visitor.get("/anatomy/").content.decode()
    searched = visitor.get("/anatomy/?q=piriformis").content.decode()
    assert searched != everything
    assert "Psoas" not in searched.split("<main", 1)[1]
    assert visitor.get("/anatomy/").content.decode() == everything


def test_a_page_that_carries_a_form_token_or_sets_a_cookie_is_never_kept() -> None:
    with_token = RequestFactory().get("/")
    get_token(with_token)
    assert not keepable(with_token, HttpResponse("a form"))
    sets_cookie = HttpResponse("hello")
    sets_cookie.set_cookie("seen", "1")
    assert not keepable(RequestFactory().get("/"), sets_cookie)
    assert not keepable(RequestFactory().get("/"), HttpResponse("gone", status=404))
    assert keepable(RequestFactory().get("/"), HttpResponse("plain"))


def _csp_of(response: HttpResponse) -> str | None:
    request = RequestFactory().get("/")
    middleware = SiteCSPMiddleware(lambda r: response)
    middleware.process_request(request)
    return middleware(request).get("Content-Security-Policy")


def test_every_response_carries_the_policy_django_csp_builds_from_the_settings() -> None:
    assert _csp_of(HttpResponse("x")) == build_policy()
    assert "script-src 'self'" in build_policy()


def test_a_response_with_a_policy_of_its_own_keeps_it() -> None:
    own = HttpResponse("x")
    own._csp_update = {"img-src": ["https://tiles.example.org"]}  # type: ignore[attr-defined]
    header = _csp_of(own)
    assert header is not None and "https://tiles.example.org" in header
    exempt = HttpResponse("x")
    exempt._csp_exempt = True  # type: ignore[attr-defined]
    assert _csp_of(exempt) is None
