"""The site map (hiphub.core.sitemap) is complete and right about who may open each page."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hiphub.accounts.models import User
from hiphub.core import sitemap
from hiphub.screening.models import SafetyCheck
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LISTED = [
    *sitemap.PUBLIC,
    *sitemap.MEMBER,
    *sitemap.MODERATOR,
    *sitemap.THERAPIST,
    *sitemap.ENDPOINTS,
    *sitemap.NOT_PAGES,
]


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    """Every URL pattern without parameters, as a path. The JSON API is left to its own
    contract tests."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if getattr(pattern.pattern, "converters", None) or route.startswith("api/"):
            continue
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + route


def test_every_address_without_parameters_is_in_the_site_map() -> None:
    routes = set(_routes(get_resolver().url_patterns))
    assert {"/", "/learn/hip-and-back/", "/journal/"} <= routes  # the walk finds pages
    listed = {path.split("?")[0] for path in LISTED}
    assert sorted(routes - listed) == [], "add these to hiphub/core/sitemap.py"


@pytest.mark.parametrize("path", [*sitemap.PUBLIC, *sitemap.ENDPOINTS])
def test_public_page_answers_a_visitor(visitor: Client, path: str) -> None:
    assert visitor.get(path).status_code == 200


@pytest.mark.parametrize("path", sitemap.MEMBER)
def test_member_page_answers_a_member_and_asks_a_visitor_to_sign_in(
    visitor: Client, alice: User, path: str
) -> None:
    SafetyCheck.record(alice, [])
    assert client_for(alice).get(path).status_code == 200
    if path not in sitemap.PUBLIC:
        response = visitor.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("path", sitemap.MODERATOR)
def test_moderator_page_answers_only_a_moderator(alice: User, mo: User, path: str) -> None:
    assert client_for(mo).get(path).status_code == 200
    assert client_for(alice).get(path).status_code == 403


@pytest.mark.parametrize("path", sitemap.THERAPIST)
def test_therapist_page_answers_only_a_therapist(alice: User, tara: User, path: str) -> None:
    assert client_for(tara).get(path).status_code == 200
    assert client_for(alice).get(path).status_code == 403
