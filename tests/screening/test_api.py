"""The screening API: worked examples return the published results; bad input names the field."""

import json
from typing import Any

import pytest
from django.test import Client

from hiphub.api import api
from hiphub.screening.models import QuestionnaireResult, SafetyCheck

ODI_SECTIONS = [3, 2, 1, 2, 1, 1, 2, None, 2, 2]
ODI_ANSWERS = {f"s{i}": v for i, v in enumerate(ODI_SECTIONS, 1)}


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def detail_field(response: Any) -> Any:
    return response.json()["detail"][0]["loc"][-1]


def test_instruments_are_listed_and_described(visitor: Client) -> None:
    listed = visitor.get("/api/screening/instruments").json()
    assert {i["id"] for i in listed} == {"start_back", "odi", "rmdq", "nrs", "pgic"}
    odi = visitor.get("/api/screening/instruments/odi").json()
    assert [it["id"] for it in odi["items"]] == [f"s{i}" for i in range(1, 11)]
    assert odi["items"][0]["optional"] is True
    assert "Ostelo" in odi["mic_rule"]
    assert visitor.get("/api/screening/instruments/nope").status_code == 404


@pytest.mark.django_db
def test_odi_worked_example(visitor: Client) -> None:
    response = post(visitor, "/api/screening/score/odi", {"answers": ODI_ANSWERS})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 16
    assert body["maximum"] == 45
    assert body["percent"] == pytest.approx(35.5555555, abs=1e-6)
    assert body["band"] == "moderate"
    assert body["band_label"] == "moderate disability"
    assert body["missing"] == ["s8"]
    assert QuestionnaireResult.objects.count() == 0


def test_odi_issue_shape(visitor: Client) -> None:
    body = post(visitor, "/api/screening/odi", {"sections": ODI_SECTIONS}).json()
    assert body == {
        "percent": 16 * 100 / 45,
        "band": "moderate disability",
        "answered": 9,
        "warning": None,
    }


def test_start_back_and_rmdq_issue_shapes(visitor: Client) -> None:
    high = post(
        visitor,
        "/api/screening/startback",
        {
            "agree": [False, False, False, False, True, True, True, True],
            "bothersomeness": "very much",
        },
    ).json()
    assert high == {"total": 5, "psychosocial": 5, "risk": "high"}
    low = post(
        visitor,
        "/api/screening/startback",
        {
            "agree": [True, True, True, False, False, False, False, False],
            "bothersomeness": "moderately",
        },
    ).json()
    assert low == {"total": 3, "psychosocial": 0, "risk": "low"}
    assert post(visitor, "/api/screening/rmdq", {"ticks": [True] * 7 + [False] * 17}).json() == {
        "score": 7
    }
    assert post(visitor, "/api/screening/rmdq", {"ticks": [True] * 23}).status_code == 422


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**ODI_ANSWERS, "s3": 6}, "s3"),
        ({**ODI_ANSWERS, "s11": 1}, "s11"),
        ({f"s{i}": None for i in range(1, 11)}, "answers"),
    ],
)
def test_bad_answers_are_422_naming_the_item(visitor: Client, answers: Any, field: str) -> None:
    response = post(visitor, "/api/screening/score/odi", {"answers": answers})
    assert response.status_code == 422
    assert detail_field(response) == field


def test_missing_required_answer_names_the_item(visitor: Client) -> None:
    answers = {f"q{i}": 0 for i in range(1, 9)}
    response = post(visitor, "/api/screening/score/start_back", {"answers": answers})
    assert response.status_code == 422
    assert detail_field(response) == "q9"


def test_change_between_two_sets_of_answers(visitor: Client) -> None:
    body = post(
        visitor,
        "/api/screening/change/nrs",
        {"baseline": {"answers": {"pain": 6}}, "latest": {"answers": {"pain": 4}}},
    ).json()
    assert body["improvement_points"] == 2
    assert body["meets_mic"] is True
    assert body["baseline_score"]["total"] == 6
    bad = post(
        visitor,
        "/api/screening/change/nrs",
        {"baseline": {"answers": {"pain": 6}}, "latest": {"answers": {"pain": 12}}},
    )
    assert bad.status_code == 422
    assert detail_field(bad) == "latest.pain"
    no_rule = post(
        visitor,
        "/api/screening/change/pgic",
        {"baseline": {"answers": {"impression": 4}}, "latest": {"answers": {"impression": 2}}},
    )
    assert no_rule.status_code == 422


def test_change_issue_shape_at_baseline_zero(visitor: Client) -> None:
    body = post(
        visitor, "/api/screening/change", {"instrument": "rmdq", "baseline": 0, "follow_up": 0}
    ).json()
    assert body["percent"] is None
    assert body["meets_relative"] is False
    assert "cannot be applied" in body["note"]
    odi = post(
        visitor, "/api/screening/change", {"instrument": "odi", "baseline": 40, "follow_up": 26}
    ).json()
    assert odi["points"] == -14
    assert odi["meets_absolute"] is True
    assert odi["meets_relative"] is True


@pytest.mark.django_db
def test_red_flags_and_triage(visitor: Client) -> None:
    levels = visitor.get("/api/screening/red-flags").json()
    assert levels[0]["level"] == "emergency"
    assert "saddle_numbness" in [f["id"] for f in levels[0]["flags"]]
    body = post(visitor, "/api/screening/triage", {"flags": ["saddle_numbness"]}).json()
    assert body["level"] == "emergency"
    assert body["blocks_self_care"] is True
    assert "{emergency_number}" not in body["advice"]
    assert body["flags"][0]["id"] == "saddle_numbness"
    assert body["safety_net"]["signs"]
    clean = post(visitor, "/api/screening/red-flags", {"flags": []}).json()
    assert clean["level"] == "self_care"
    assert SafetyCheck.objects.count() == 0


def test_unknown_flag_is_422_naming_flags(visitor: Client) -> None:
    response = post(visitor, "/api/screening/triage", {"flags": ["saddle_numbness", "nope"]})
    assert response.status_code == 422
    assert detail_field(response) == "flags"
    assert "nope" in response.json()["detail"][0]["msg"]


def test_every_route_is_in_the_openapi_schema() -> None:
    paths = api.get_openapi_schema()["paths"]
    for route in (
        "/api/screening/instruments",
        "/api/screening/instruments/{instrument_id}",
        "/api/screening/score/{instrument_id}",
        "/api/screening/change/{instrument_id}",
        "/api/screening/red-flags",
        "/api/screening/triage",
        "/api/screening/startback",
        "/api/screening/odi",
        "/api/screening/rmdq",
        "/api/screening/change",
    ):
        assert route in paths, route
    assert {"get", "post"} <= set(paths["/api/screening/red-flags"])
