"""The site map (hiphub.core.sitemap) is complete and right about who may open each page."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hiphub.accounts.models import Role, User
from hiphub.core import sitemap
from hiphub.directory import editing
from hiphub.directory.schemas import ListingIn
from hiphub.screening.models import SafetyCheck
from tests.conftest import client_for, make_user

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


def sample_listing() -> tuple[User, int]:
    """The therapist and listing every site-map check makes (see sitemap.LISTING)."""
    owner = make_user("therapist", Role.THERAPIST)
    data = ListingIn.model_validate(sitemap.SAMPLE_LISTING)
    return owner, editing.save_for(owner, data, date.today())[0].pk


@pytest.mark.parametrize("path", sitemap.LISTING)
def test_listing_page_answers_a_visitor(visitor: Client, path: str) -> None:
    _, listing = sample_listing()
    response = visitor.get(path.format(listing=listing))
    assert response.status_code == 200
    assert str(sitemap.SAMPLE_LISTING["name"]) in response.content.decode()


@pytest.mark.parametrize("path", sitemap.THERAPIST)
def test_therapist_page_answers_the_therapist_and_asks_a_visitor_to_sign_in(
    visitor: Client, path: str
) -> None:
    therapist, _ = sample_listing()
    page = client_for(therapist).get(path)
    assert page.status_code == 200
    if path.startswith("/therapists/"):
        assert str(sitemap.SAMPLE_LISTING["name"]) in page.content.decode()
    assert visitor.get(path)["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("path", [p for p in sitemap.THERAPIST if p.startswith("/practice/")])
def test_practice_page_answers_only_a_therapist(alice: User, tara: User, path: str) -> None:
    assert client_for(tara).get(path).status_code == 200
    assert client_for(alice).get(path).status_code == 403
