"""The fair test through /api/experiments, and the rules its records keep: the assignment is
drawn and stored at the start, hidden until each day, and fixed once a session is logged."""

import json
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from hiphub.accounts import personal_data
from hiphub.accounts.models import User
from hiphub.reports import experiments
from hiphub.reports.experiment import FairTestResult
from hiphub.reports.models import (
    AlreadyRunning,
    AssignmentLocked,
    Experiment,
    ExperimentSlot,
    Status,
)
from tests.conftest import client_for

TUESDAY = date(2026, 11, 24)  # FROZEN_NOW's day
DESIGN = {"weeks": 4, "weekdays": [1, 3, 5]}  # Tuesdays, Thursdays, Saturdays: 12 sessions


def post(client: Client, path: str, data: Any = None) -> Any:
    return client.post(path, json.dumps(data or {}), content_type="application/json")


def start(user: User) -> dict[str, Any]:
    response = post(client_for(user), "/api/experiments", DESIGN)
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
def test_starting_draws_and_stores_every_slot_before_any_session(alice: User, frozen: Any) -> None:
    body = start(alice)
    assert body["status"] == "running" and body["block_size"] == 4
    assert body["first_day"] == "2026-11-24" and body["last_day"] == "2026-12-19"
    test = Experiment.objects.get(pk=body["id"])
    stored = list(test.slots.values_list("condition", flat=True))
    assert len(stored) == 12 and stored.count("a") == stored.count("b") == 6
    assert body["progress"] == {"planned": 12, "past": 1, "rated": 0}
    assert body["result"] is None


@pytest.mark.django_db
def test_only_todays_condition_is_shown_never_a_future_one(alice: User, frozen: Any) -> None:
    body = start(alice)
    today = body["today"]
    assert today["day"] == "2026-11-24" and today["condition"] in ("a", "b")
    assert today["routine"] in ("positional_release", "rest")
    future = body["slots"][1:]
    assert all(s["condition"] is None and s["routine"] is None and s["does"] is None
               for s in future)
    # Two days on, Thursday's slot is shown as well, and the rest still are not.
    frozen.shift(timedelta(days=2))
    later = client_for(alice).get("/api/experiments").json()[0]
    assert [s["condition"] is not None for s in later["slots"]][:3] == [True, True, False]


@pytest.mark.django_db
def test_visitors_get_401_and_nothing_is_stored(visitor: Client, alice: User) -> None:
    assert visitor.get("/api/experiments").status_code == 401
    assert post(visitor, "/api/experiments", DESIGN).status_code == 401
    assert Experiment.objects.count() == 0


@pytest.mark.django_db
def test_no_one_else_sees_a_members_test(alice: User, bob: User, tara: User, frozen: Any) -> None:
    body = start(alice)
    for other in (bob, tara):
        client = client_for(other)
        assert client.get("/api/experiments").json() == []
        assert client.get(f"/api/experiments/{body['id']}").status_code == 404
        assert post(client, f"/api/experiments/{body['id']}/stop").status_code == 404
        rated = post(client, f"/api/experiments/{body['id']}/slots/2026-11-24/ratings",
                     {"pain_before": 5})
        assert rated.status_code == 404
    assert Experiment.objects.get().status == Status.RUNNING
    assert not ExperimentSlot.objects.exclude(rated_at=None).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weeks": 5}, "weeks"),
        ({"weekdays": [1, 3]}, "weekdays"),
        ({"weekdays": [1, 3, 9]}, "weekdays"),
        ({"routine_a": "yoga"}, "routine_a"),
        ({"routine_b": "positional_release"}, "routine_b"),  # the same as routine_a
        ({"weeks": 6, "block_size": 4}, "block_size"),  # 18 sessions
        ({"minutes": 0}, "minutes"),
        ({"first_day": "2026-11-01"}, "first_day"),
        ({"weeks": "4"}, "weeks"),
    ],
)
def test_bad_choices_are_a_422_naming_the_field(
    alice: User, frozen: Any, change: dict[str, Any], field: str
) -> None:
    response = post(client_for(alice), "/api/experiments", {**DESIGN, **change})
    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]
    assert Experiment.objects.count() == 0


@pytest.mark.django_db
def test_a_second_test_while_one_runs_is_a_409(alice: User, frozen: Any) -> None:
    start(alice)
    again = post(client_for(alice), "/api/experiments", DESIGN)
    assert again.status_code == 409 and "already" in again.json()["detail"]
    assert Experiment.objects.count() == 1


@pytest.mark.django_db
def test_two_routines_can_be_compared(alice: User, frozen: Any) -> None:
    body = post(client_for(alice), "/api/experiments",
                {**DESIGN, "routine_a": "hip_trunk_strength", "routine_b": "gentle_mobility"})
    assert body.status_code == 201
    assert body.json()["name_b"] == "the gentle mobility for the low back and hips"
    assert body.json()["today"]["routine"] in ("hip_trunk_strength", "gentle_mobility")


@pytest.mark.django_db
def test_ratings_belong_to_their_day(alice: User, frozen: Any) -> None:
    body = start(alice)
    client = client_for(alice)
    url = f"/api/experiments/{body['id']}/slots/{{day}}/ratings"
    ok = post(client, url.format(day="2026-11-24"), {"pain_before": 6, "pain_after": 4})
    assert ok.status_code == 200 and ok.json()["pain_after"] == 4
    too_soon = post(client, url.format(day="2026-11-24"), {"pain_morning": 3})
    assert too_soon.status_code == 422 and too_soon.json()["detail"][0]["loc"][-1] == "pain_morning"
    future = post(client, url.format(day="2026-11-26"), {"pain_before": 6})
    assert future.status_code == 422
    no_slot = post(client, url.format(day="2026-11-25"), {"pain_before": 6})
    assert no_slot.status_code == 422 and no_slot.json()["detail"][0]["loc"][-1] == "date"
    out_of_range = post(client, url.format(day="2026-11-24"), {"pain_before": 11})
    assert out_of_range.status_code == 422
    frozen.shift(timedelta(days=1))
    client = client_for(alice)  # a new sign-in: the session of yesterday has lapsed
    morning = post(client, url.format(day="2026-11-24"), {"pain_morning": 3})
    assert morning.status_code == 200
    late = post(client, url.format(day="2026-11-24"), {"pain_after": 1})
    assert late.status_code == 422
    slot = ExperimentSlot.objects.get(day=TUESDAY)
    assert (slot.pain_before, slot.pain_after, slot.pain_morning) == (6, 4, 3)


@pytest.mark.django_db
def test_the_assignment_cannot_be_edited_once_the_first_session_is_logged(
    alice: User, frozen: Any
) -> None:
    test = Experiment.objects.get(pk=start(alice)["id"])
    drawn = list(test.slots.values_list("condition", flat=True))
    flipped = ["b" if c == "a" else "a" for c in drawn]
    test.replace_assignment(flipped)  # before any session: allowed (no route offers it)
    assert list(test.slots.values_list("condition", flat=True)) == flipped
    experiments.log_ratings(test, TUESDAY, {"pain_before": 5})
    with pytest.raises(AssignmentLocked):
        test.replace_assignment(drawn)
    assert list(test.slots.values_list("condition", flat=True)) == flipped


def test_no_route_changes_an_assignment() -> None:
    from hiphub.api import api

    schema = api.get_openapi_schema()
    paths = [p for p in schema["paths"] if p.startswith("/api/experiments")]
    assert paths and all("assign" not in p and "condition" not in p for p in paths)
    methods = {m for p in paths for m in schema["paths"][p]}
    assert methods <= {"get", "post"}


@pytest.mark.django_db
def test_stopping_keeps_the_record_and_gives_a_result(alice: User, frozen: Any) -> None:
    body = start(alice)
    client = client_for(alice)
    post(client, f"/api/experiments/{body['id']}/slots/2026-11-24/ratings",
         {"pain_before": 6, "pain_after": 3})
    assert experiments.result_for(alice) is None  # still running
    stopped = post(client, f"/api/experiments/{body['id']}/stop")
    assert stopped.status_code == 200
    out = stopped.json()
    assert out["status"] == "stopped" and out["ended_at"]
    assert "too few rated sessions" in out["result"]["verdict"]
    assert len(out["slots"]) == 12  # nothing deleted
    assert post(client, f"/api/experiments/{body['id']}/stop").status_code == 409
    rated = post(client, f"/api/experiments/{body['id']}/slots/2026-11-24/ratings",
                 {"pain_after": 2})
    assert rated.status_code == 409
    found = experiments.result_for(alice)
    assert isinstance(found, FairTestResult)
    assert found.verdict.endswith(".") and len(found.lines) >= 3
    # and a new test may start
    assert post(client, "/api/experiments", DESIGN).status_code == 201


def _rate_every_slot(test: Experiment, routine_helps: bool) -> None:
    """Walk through the weeks, rating each slot on its day and the next morning."""
    slots = list(test.slots.order_by("position"))
    for slot in slots:
        with time_machine.travel(slot.day.isoformat() + " 18:00 +0000", tick=False):
            fall = 3 if routine_helps and slot.condition == "a" else 0
            experiments.log_ratings(test, slot.day, {"pain_before": 6, "pain_after": 6 - fall})
        with time_machine.travel((slot.day + timedelta(days=1)).isoformat() + " 08:00 +0000",
                                 tick=False):
            experiments.log_ratings(test, slot.day, {"pain_morning": 5})


@pytest.mark.django_db
def test_a_finished_test_reports_its_result(alice: User) -> None:
    with time_machine.travel("2026-11-24 08:00 +0000", tick=False):
        test = experiments.start(alice, routine_a="positional_release", routine_b="rest",
                                 weeks=4, weekdays=[1, 3, 5])
    _rate_every_slot(test, routine_helps=True)
    with time_machine.travel("2026-12-25 08:00 +0000", tick=False):
        body = client_for(alice).get("/api/experiments").json()[0]
        assert body["status"] == "finished"
        assert body["result"]["verdict"].startswith(
            "Right after the session: the supported positional release rest did better by "
            "about 3 points"
        )
        assert "next morning: no clear difference" in body["result"]["verdict"]
        change = body["result"]["comparisons"][0]
        assert change["rated_a"] == change["rated_b"] == 6 and change["p"] < 0.05
        assert change["interval"][0] > 0
        result = experiments.result_for(alice)
        assert result is not None and result.verdict == body["result"]["verdict"]
        # A new test may start now; the finished one is recorded as finished.
        experiments.start(alice, routine_a="positional_release", routine_b="rest",
                          weeks=4, weekdays=[1, 3, 5])
    test.refresh_from_db()
    assert test.status == Status.FINISHED


@pytest.mark.django_db
def test_one_running_test_per_member_is_kept_by_the_database(alice: User, frozen: Any) -> None:
    start(alice)
    with pytest.raises(AlreadyRunning):
        Experiment.start(alice, routine_a="positional_release", routine_b="rest", minutes=20,
                         weeks=4, weekdays=[1, 3, 5], block_size=4, first_day=TUESDAY, seed=1,
                         now=timezone.now())
    assert Experiment.objects.count() == 1


@pytest.mark.django_db
def test_a_members_data_export_holds_their_tests(alice: User, bob: User, frozen: Any) -> None:
    start(alice)
    rows = experiments.export_for(alice)
    assert len(rows) == 1 and len(rows[0]["slots"]) == 12
    assert experiments.export_for(bob) == []
    assert "fair_test" in personal_data.EXPORTERS
