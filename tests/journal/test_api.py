"""The journal API: members keep their own sessions; nobody else can read or change them."""

import json
from typing import Any

import pytest
from django.test import Client

from hiphub.accounts import personal_data
from hiphub.accounts.models import User
from hiphub.api import api
from hiphub.journal.models import JournalSession
from hiphub.screening.models import SafetyCheck
from tests.conftest import client_for

SESSION = {
    "started_at": "2026-11-20T08:00:00+00:00",
    "ended_at": "2026-11-20T08:20:00+00:00",
    "minutes": 20,
    "pain_before": 6,
    "pain_after": 3,
    "tension_before": 7,
    "tension_after": 4,
    "regions": ["groin"],
    "notes": "evening, after a long drive",
}


def checked(*members: User) -> None:
    """A clean safety check just now: the gate is open to save (past) sessions."""
    for member in members:
        SafetyCheck.record(member, [])


def post(client: Client, data: dict[str, Any]) -> Any:
    return client.post("/api/sessions", json.dumps(data), content_type="application/json")


def record(client: Client, days: int, before: int, after: int) -> None:
    data = {**SESSION, "started_at": f"2026-11-{days:02d}T08:00:00+00:00", "ended_at": None,
            "pain_before": before, "pain_after": after, "tension_before": None,
            "tension_after": None}
    assert post(client, data).status_code == 201


@pytest.mark.django_db
def test_alice_records_lists_and_summarises_her_sessions(alice: User) -> None:
    checked(alice)
    client = client_for(alice)
    created = post(client, SESSION)
    assert created.status_code == 201
    assert created.json()["pain_after"] == 3 and created.json()["id"] > 0
    for day, before, after in [(1, 7, 4), (3, 6, 4), (5, 5, 5), (8, 7, 3), (10, 6, 2)]:
        record(client, day, before, after)

    listed = client.get("/api/sessions").json()
    assert len(listed) == 6
    assert listed[0]["started_at"].startswith("2026-11-20")  # newest first
    assert listed[0]["notes"] == "evening, after a long drive"

    summary = client.get("/api/journal/summary")
    assert summary.status_code == 200
    body = summary.json()
    assert body["sessions"] == 6
    assert body["pain"]["pairs"] == 6
    assert body["pain"]["mean_change"] == pytest.approx(16 / 6)  # before minus after
    assert body["pain"]["wilcoxon_p"] is not None
    assert body["tension"]["pairs"] == 1 and body["tension"]["ci95"] is None
    # 1 Nov 2026 is a Sunday: weeks start on Mondays 26 Oct, 2, 9 and 16 Nov.
    assert body["weekly_counts"] == [1, 3, 1, 1]
    assert len(body["last_four_weeks"]) == 4
    assert body["sessions_per_week"] == pytest.approx(sum(body["last_four_weeks"]) / 4)
    assert body["trend_per_week"] == body["pain"]["trend_per_week"]
    assert body["first_week"] == "2026-10-26"
    assert any("not a clinical trial" in line for line in body["interpretation"])


@pytest.mark.django_db
def test_an_empty_journal_has_an_honest_summary(alice: User) -> None:
    body = client_for(alice).get("/api/journal/summary").json()
    assert body["sessions"] == 0
    assert body["pain"]["mean_change"] is None
    assert body["weekly_counts"] == [] and body["sessions_per_week"] == 0
    assert body["interpretation"][-1] == "No sessions recorded yet."


@pytest.mark.django_db
def test_visitors_are_refused_everywhere(visitor: Client, alice: User) -> None:
    checked(alice)
    post(client_for(alice), SESSION)
    assert visitor.get("/api/sessions").status_code == 401
    assert post(visitor, SESSION).status_code == 401
    assert visitor.get("/api/journal/summary").status_code == 401
    assert JournalSession.objects.count() == 1


@pytest.mark.django_db
def test_bob_cannot_see_or_change_alices_sessions(alice: User, bob: User) -> None:
    checked(alice, bob)
    alice_client = client_for(alice)
    record(alice_client, 2, 8, 2)
    bob_client = client_for(bob)
    assert bob_client.get("/api/sessions").json() == []
    assert bob_client.get("/api/journal/summary").json()["sessions"] == 0
    # A "user" field in the body is ignored: the session always belongs to the signed-in member.
    assert post(bob_client, {**SESSION, "user": alice.pk, "user_id": alice.pk}).status_code == 201
    assert JournalSession.objects.filter(user=alice).count() == 1
    assert JournalSession.objects.filter(user=bob).count() == 1
    assert len(alice_client.get("/api/sessions").json()) == 1


def test_no_journal_route_takes_an_id() -> None:
    paths = [path for path in api.get_openapi_schema()["paths"]
             if ("session" in path or "journal" in path) and "screening" not in path
             and "/practice/" not in path]  # a therapist reads a client by link id
    assert sorted(paths) == ["/api/journal/summary", "/api/sessions"]
    assert not any("{" in path for path in paths)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ended_at": "2026-11-20T07:00:00+00:00"}, "ended_at"),
        ({"pain_before": 11}, "pain_before"),
        ({"tension_after": -1}, "tension_after"),
        ({"minutes": -1}, "minutes"),
        ({"planned_minutes": 0}, "planned_minutes"),
        ({"started_at": "yesterday"}, "started_at"),
    ],
)
def test_bad_sessions_are_refused_with_422_naming_the_field(
    alice: User, change: dict[str, Any], field: str
) -> None:
    response = post(client_for(alice), {**SESSION, **change})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(field in item["loc"] or field in item["msg"] for item in detail), detail
    assert JournalSession.objects.count() == 0


@pytest.mark.django_db
def test_a_members_data_export_includes_their_sessions_only(alice: User, bob: User) -> None:
    checked(alice, bob)
    post(client_for(alice), SESSION)
    post(client_for(bob), {**SESSION, "notes": "bob's"})
    exported = personal_data.collect(alice)["journal"]
    assert len(exported) == 1
    assert exported[0]["notes"] == "evening, after a long drive"
    assert exported[0]["pain_before"] == 6


@pytest.mark.django_db
def test_saving_with_a_closed_gate_is_refused_and_saves_nothing(alice: User) -> None:
    client = client_for(alice)
    refused = post(client, SESSION)  # no safety check at all
    assert refused.status_code == 403
    assert "no recent safety check" in refused.json()["detail"]
    assert refused.json()["gate"]["needs"] == "full_check"
    SafetyCheck.record(alice, ["history_of_cancer"])  # blocking
    blocked = post(client, SESSION)
    assert blocked.status_code == 403 and blocked.json()["gate"]["blocked"] is True
    assert JournalSession.objects.count() == 0


def post_json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_the_gate_api_opens_the_gate_as_the_pages_do(alice: User) -> None:
    client = client_for(alice)
    assert client.get("/api/screening/gate").json()["needs"] == "full_check"
    answered = post_json(client, "/api/screening/checks", {"flags": []})
    assert answered.status_code == 200 and answered.json()["gate"]["open"] is True
    assert post(client, SESSION).status_code == 201
    questions = client.get("/api/screening/pre-session").json()
    assert 1 <= len(questions) <= 5
    something_new = post_json(client, "/api/screening/pre-session", {"yes": [questions[0]["id"]]})
    assert something_new.json()["full_check_needed"] is True
    assert something_new.json()["gate"]["needs"] == "full_check"
    unknown = post_json(client, "/api/screening/checks", {"flags": ["nope"]})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"][-1] == "flags"
    assert Client().get("/api/screening/gate").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "loc", "named"),
    [
        ({"protocol": "breathing"}, ["body", "payload", "protocol"], "'breathing'"),
        ({"regions": ["groin", "psoas_major"]}, ["body", "payload", "regions", 1],
         "'psoas_major'"),
        ({"regions": ["nowhere"]}, ["body", "payload", "regions", 0], "'nowhere'"),
    ],
)
def test_unknown_protocols_and_regions_are_a_422_naming_them(
    alice: User, change: dict[str, Any], loc: list, named: str
) -> None:
    response = post(client_for(alice), {**SESSION, **change})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [item["loc"] for item in detail] == [loc]
    assert named in detail[0]["msg"]
    assert JournalSession.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain_before": True}, "pain_before"),
        ({"minutes": "20"}, "minutes"),
        ({"tension_after": 4.5}, "tension_after"),
        ({"twitches": "yes"}, "twitches"),
        # Found by Schemathesis: pydantic read a number as seconds since 1970.
        ({"started_at": 0}, "started_at"),
        ({"ended_at": "1700000000"}, "ended_at"),
    ],
)
def test_numbers_and_yes_no_must_be_json_numbers_and_booleans(
    alice: User, change: dict[str, Any], field: str
) -> None:
    response = post(client_for(alice), {**SESSION, **change})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", field]
    assert JournalSession.objects.count() == 0


def test_the_schema_lists_the_protocols_and_regions_a_session_may_name() -> None:
    from hiphub.anatomy.atlas import load
    from hiphub.selfcare.protocol import protocols

    fields = api.get_openapi_schema()["components"]["schemas"]["SessionIn"]["properties"]
    assert fields["protocol"]["enum"] == sorted(protocols())
    assert fields["regions"]["items"]["enum"] == sorted(load().body_regions)


@pytest.mark.django_db
def test_a_session_stored_with_an_old_region_still_lists_and_shows(alice: User) -> None:
    """Sessions saved before regions were checked keep their regions on the way out."""
    stored = JournalSession.objects.create(
        user=alice, started_at="2026-11-20T08:00:00+00:00", regions=["psoas_major"]
    )
    client = client_for(alice)
    assert client.get("/api/sessions").json()[0]["regions"] == ["psoas_major"]
    assert client.get(f"/self-care/sessions/{stored.pk}/").status_code == 200


def test_the_schema_says_which_way_a_change_is_counted() -> None:
    schema = api.get_openapi_schema()
    fields = schema["components"]["schemas"]["ChangeSummary"]["properties"]
    assert "before − after" in fields["mean_change"]["description"]
    assert "2 points or more" in fields["responders"]["description"]
    assert "started at 2 or more" in fields["responder_rate"]["description"]
    summary = schema["paths"]["/api/journal/summary"]["get"]["summary"]
    assert "helping" not in summary.lower()
