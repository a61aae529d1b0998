"""Privacy by construction (issue 13, item 8): every practice page and every practice API
operation, driven as another therapist, as alice's therapist after she stopped sharing, as
alice's therapist without each scope in turn, as a member and as a visitor. Nothing of alice's
that the asker may not see comes back, nothing of hers changes, and a refused read leaves no
trace in her access log. The route tables are checked against the URLconf and the OpenAPI
schema, so a new route that is not driven here fails the test."""

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern
from pypdf import PdfReader

from hiphub.accounts.models import User
from hiphub.practice import urls as practice_urls
from hiphub.practice.models import AccessLog, Invite, Link, Programme, Reminders, Scope
from hiphub.screening.models import QuestionnaireResult, SafetyCheck
from tests.conftest import client_for
from tests.practice.conftest import NOTE, link, session, three_a_week

# What would show that a scope's data came back; each is checked to appear for a therapist
# who may see it (test_the_markers_show_when_shared), so their absence means something.
MARKERS: dict[str, tuple[str, ...]] = {
    Scope.SESSIONS: ('"pain_before"', "Pain before sessions", "pain-before-session",
                     "pain before session"),
    Scope.QUESTIONNAIRES: ("Pain rating, 0 to 10", '"instrument"'),
    Scope.SAFETY: ("Urgent: be seen today", "urgent_same_day"),
    Scope.NOTES: (NOTE,),
}
# Never shown to a therapist under any scope: the safety check's individual answers.
ANSWERS = ("history_of_cancer", "cancer")
WHO = ("Alice", "alice@example.org")

PAGES: dict[str, list[tuple[str, str, dict[str, object]]]] = {
    "index": [("get", "/practice/", {})],
    "join": [("post", "/practice/join/", {"code": "NOPE-NOPE"})],
    "join_code": [("get", "/practice/join/{invite}/", {})],
    "link": [("get", "/practice/links/{link}/", {})],
    "link_scopes": [("post", "/practice/links/{link}/scopes/", {"scopes": list(Scope.values)})],
    "link_renew": [("post", "/practice/links/{link}/renew/", {})],
    "link_revoke": [("post", "/practice/links/{link}/stop/", {})],
    "reminders": [("get", "/practice/reminders/", {})],
    "feed_new": [("post", "/practice/reminders/calendar/new/", {})],
    "feed_stop": [("post", "/practice/reminders/calendar/stop/", {})],
    "download_ics": [("get", "/practice/my-plan.ics", {})],
    "feed": [("get", "/practice/calendar/{token}.ics", {})],
    "clients": [("get", "/practice/clients/", {})],
    "client": [("get", "/practice/clients/{link}/", {})],
    "programme": [
        ("get", "/practice/clients/{link}/programme/", {}),
        ("post", "/practice/clients/{link}/programme/", {}),
    ],
    "invites": [("get", "/practice/invites/", {}), ("post", "/practice/invites/", {})],
    "invite": [("get", "/practice/invites/{invite}/", {})],
    "invite_qr": [("get", "/practice/invites/{invite}/qr.svg", {})],
}

PROGRAMME = {"items": [{"protocol": "positional_release", "times_per_week": 2, "minutes": 15}]}
API: dict[tuple[str, str], object] = {
    ("post", "/invites"): None,
    ("post", "/links"): {"code": "NOPE-NOPE", "scopes": ["sessions"]},
    ("get", "/links"): None,
    ("patch", "/links/{link_id}"): {"scopes": list(Scope.values)},
    ("delete", "/links/{link_id}"): None,
    ("get", "/links/{link_id}/access-log"): None,
    ("get", "/clients/{link_id}/sessions"): None,
    ("get", "/clients/{link_id}/summary"): None,
    ("get", "/clients/{link_id}/report.pdf"): None,
    ("get", "/clients/{link_id}/fhir"): None,
    ("get", "/clients/{link_id}/report.csv"): None,
    ("put", "/clients/{link_id}/programme"): PROGRAMME,
    ("get", "/programme"): None,
}
# Reads of alice's data: refused to anyone who may not see it.
DATA_PAGES = {"link", "link_scopes", "link_renew", "link_revoke", "client", "programme"}
REFUSED = {302, 401, 403, 404, 405}


@dataclass
class World:
    link: Link
    invite: str
    token: str


@pytest.fixture
def world(alice: User, tara: User) -> World:
    """alice shares everything with tara, and has something of every kind to share."""
    linked = link(tara, alice, Scope.values)
    three_a_week(linked, note="Gently does it")
    session(alice, days_ago=1, notes=NOTE, variant="side_lying")
    QuestionnaireResult.record(alice, "nrs", {"pain": 6})
    SafetyCheck.record(alice, ["history_of_cancer"])
    token = Reminders.of(alice).new_feed()
    return World(linked, Invite.make(tara).pretty, token)


def drive(client: Client, world: World) -> Iterator[tuple[str, int, str]]:
    """Every practice page and API operation, as this client: (what, status, body)."""
    fill = {"link": world.link.pk, "invite": world.invite, "token": world.token}
    for name, calls in PAGES.items():
        for method, path, data in calls:
            response = getattr(client, method)(path.format(**fill), data)
            yield name, response.status_code, response.content.decode()
    for (method, path), body in API.items():
        response = getattr(client, method)(
            "/api/practice" + path.format(link_id=world.link.pk),
            data=json.dumps(body) if body is not None else None,
            content_type="application/json",
        )
        yield f"{method.upper()} {path}", response.status_code, text_of(response)


def text_of(response: HttpResponse) -> str:
    """The answer as text; a PDF's as the words on its pages (its streams are compressed)."""
    if response.get("Content-Type") == "application/pdf":
        pages = PdfReader(io.BytesIO(response.content)).pages
        return " ".join(page.extract_text() for page in pages)
    return response.content.decode()


def check(client: Client, world: World, hidden: set[str], outsider: bool) -> None:
    """Nothing of the hidden scopes (nor the safety answers; nor alice at all, for an
    outsider) in any answer, no 5xx, alice's link and plan unchanged, and no new log entry
    from an outsider."""
    before = (world.link.scopes, world.link.state, Programme.objects.count())
    logged = AccessLog.objects.count()
    forbidden = [m for s in hidden for m in MARKERS[s]] + list(ANSWERS)
    if outsider:
        forbidden += WHO
    for what, status, body in drive(client, world):
        assert status < 500, what
        leaked = [m for m in forbidden if m in body]
        assert not leaked, f"{what} answered {status} with {leaked}"
        if outsider and (what in DATA_PAGES or "{link_id}" in what):
            assert status in REFUSED, f"{what} answered {status}"
    world.link.refresh_from_db()
    if outsider:
        assert (world.link.scopes, world.link.state, Programme.objects.count()) == before
        assert AccessLog.objects.count() == logged


def test_every_route_is_driven(world: World, visitor: Client) -> None:
    names = {p.name for p in practice_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(PAGES)
    schema = visitor.get("/api/openapi.json").json()
    operations = {
        (method, path.removeprefix("/api/practice"))
        for path, item in schema["paths"].items() if path.startswith("/api/practice/")
        for method in item
    }
    assert operations == set(API)


def test_the_markers_show_when_shared(world: World, tara: User) -> None:
    """The control: tara, shared everything, does see every marker (and still no answers)."""
    seen = "".join(body for _, _, body in drive(client_for(tara), world))
    for scope, markers in MARKERS.items():
        assert any(m in seen for m in markers), scope
    assert not [m for m in ANSWERS if m in seen]


def test_another_therapist_sees_nothing(world: World, theo: User) -> None:
    check(client_for(theo), world, set(Scope.values), outsider=True)


def test_the_same_therapist_after_revocation_sees_nothing(world: World, tara: User) -> None:
    world.link.revoke()
    check(client_for(tara), world, set(Scope.values), outsider=True)


@pytest.mark.parametrize("missing", Scope.values)
def test_the_same_therapist_without_a_scope_sees_nothing_of_it(
    world: World, tara: User, missing: str
) -> None:
    world.link.set_scopes([s for s in Scope.values if s != missing])
    check(client_for(tara), world, {missing}, outsider=False)


def test_a_member_sees_nothing(world: World, bob: User) -> None:
    check(client_for(bob), world, set(Scope.values), outsider=True)


def test_a_visitor_sees_nothing(world: World, visitor: Client) -> None:
    check(visitor, world, set(Scope.values), outsider=True)
