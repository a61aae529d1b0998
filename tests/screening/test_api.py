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


def detail_locs(response: Any) -> list[list[Any]]:
    return [d["loc"] for d in response.json()["detail"]]


AGREE_HIGH = [False, False, False, False, True, True, True, True]
AGREE_EDGE = [True, True, False, False, True, True, True, False]


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
    assert (body["meaningful"], body["meets_mic"], body["meets_absolute"]) == (True, True, True)
    assert "meaningful change" in body["note"]
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


@pytest.mark.parametrize(
    ("instrument", "baseline", "follow_up", "expected"),
    [
        # NRS 6 -> 4: 2 points better (meets 2), 33.3 % better (meets 30 %).
        ("nrs", 6, 4, (-2, -100 / 3, True, True)),
        # RMDQ 10 -> 6: 4 points is short of 5, but 40 % of the baseline is enough.
        ("rmdq", 10, 6, (-4, -40, False, True)),
        # RMDQ 20 -> 15: 5 points meets the absolute rule; 25 % is short of 30 %.
        ("rmdq", 20, 15, (-5, -25, True, False)),
        # RMDQ 3 -> 2 and 14 -> 8: the acceptance examples of issue 10.
        ("rmdq", 3, 2, (-1, -100 / 3, False, True)),
        ("rmdq", 14, 8, (-6, -600 / 14, True, True)),
        # ODI 40 % -> 26 %: 14 percentage points and 35 % better.
        ("odi", 40, 26, (-14, -35, True, True)),
        # ODI 10 % -> 6 %: 40 % better, but 4 points is within the measurement error.
        ("odi", 10, 6, (-4, -40, False, True)),
        # ODI 35.5 % -> 30 %: the percent is worked out exactly.
        ("odi", 35.5, 30, (-5.5, -5.5 * 100 / 35.5, False, False)),
        # Getting worse never meets either rule.
        ("nrs", 3, 7, (4, 400 / 3, False, False)),
        # No change: 0 %, not -0 %.
        ("odi", 30, 30, (0, 0, False, False)),
    ],
)
def test_change_worked_examples(
    visitor: Client, instrument: str, baseline: float, follow_up: float, expected: Any
) -> None:
    body = post(
        visitor,
        "/api/screening/change",
        {"instrument": instrument, "baseline": baseline, "follow_up": follow_up},
    ).json()
    points, percent, absolute, relative = expected
    assert body["points"] == points
    assert body["percent"] == pytest.approx(percent, rel=1e-12)
    assert str(body["percent"]) != "-0.0"
    assert (body["meets_absolute"], body["meets_relative"]) == (absolute, relative)
    # Meaningful is the absolute threshold alone; the note says so in plain words.
    assert body["meaningful"] is absolute
    if relative and not absolute:
        assert "within the range scores move by chance" in body["note"]
        assert "meets the published 30 % rule" in body["note"]
    assert "large enough to matter" in body["note"] if absolute else True


@pytest.mark.parametrize(("instrument", "follow_up"), [("rmdq", 0), ("nrs", 3), ("odi", 12.5)])
def test_change_from_a_baseline_of_zero_does_not_divide(
    visitor: Client, instrument: str, follow_up: float
) -> None:
    response = post(
        visitor,
        "/api/screening/change",
        {"instrument": instrument, "baseline": 0, "follow_up": follow_up},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["points"] == follow_up
    assert body["percent"] is None
    assert body["meets_relative"] is False
    assert body["meets_absolute"] is False and body["meaningful"] is False
    assert "starting score was 0" in body["note"]
    assert "cannot be applied" in body["note"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"instrument": "nrs", "baseline": 11, "follow_up": 4}, "baseline"),
        ({"instrument": "rmdq", "baseline": 10, "follow_up": 25}, "follow_up"),
        ({"instrument": "nrs", "baseline": 4.5, "follow_up": 4}, "baseline"),
        ({"instrument": "odi", "baseline": -1, "follow_up": 4}, "baseline"),
        ({"instrument": "start_back", "baseline": 4, "follow_up": 2}, "instrument"),
        ({"instrument": "nrs", "baseline": 4}, "follow_up"),
        # Numbers only: false is not 0, and "6" is not 6.
        ({"instrument": "nrs", "baseline": 4, "follow_up": False}, "follow_up"),
        ({"instrument": "rmdq", "baseline": True, "follow_up": 3}, "baseline"),
        ({"instrument": "odi", "baseline": "40", "follow_up": 30}, "baseline"),
        ({"instrument": "odi", "baseline": 40, "follow_up": None}, "follow_up"),
    ],
)
def test_bad_change_is_422_naming_the_field(visitor: Client, data: Any, field: str) -> None:
    response = post(visitor, "/api/screening/change", data)
    assert response.status_code == 422
    assert detail_field(response) == field


@pytest.mark.parametrize(
    ("bother", "total", "psychosocial", "risk"),
    [
        # Item 9 counts only for "very much" and "extremely"; here it tips the emotional
        # subscale from 3 to 4, and so the group from medium to high.
        ("not at all", 5, 3, "medium"),
        ("a little", 5, 3, "medium"),  # the label the form shows
        ("slightly", 5, 3, "medium"),  # the word the API took first
        ("moderately", 5, 3, "medium"),
        ("very much", 6, 4, "high"),
        ("extremely", 6, 4, "high"),
    ],
)
def test_start_back_item_9_boundaries(
    visitor: Client, bother: str, total: int, psychosocial: int, risk: str
) -> None:
    body = post(
        visitor, "/api/screening/startback", {"agree": AGREE_EDGE, "bothersomeness": bother}
    ).json()
    assert body == {"total": total, "psychosocial": psychosocial, "risk": risk}


def test_start_back_all_zero_and_all_max(visitor: Client) -> None:
    none = {"agree": [False] * 8, "bothersomeness": "not at all"}
    every = {"agree": [True] * 8, "bothersomeness": "extremely"}
    assert post(visitor, "/api/screening/startback", none).json() == {
        "total": 0,
        "psychosocial": 0,
        "risk": "low",
    }
    assert post(visitor, "/api/screening/startback", every).json() == {
        "total": 9,
        "psychosocial": 5,
        "risk": "high",
    }


def test_odi_all_zero_all_max_and_missing_sections(visitor: Client) -> None:
    assert post(visitor, "/api/screening/odi", {"sections": [0] * 10}).json() == {
        "percent": 0.0,
        "band": "minimal disability",
        "answered": 10,
        "warning": None,
    }
    top = post(visitor, "/api/screening/odi", {"sections": [5] * 10}).json()
    assert (top["percent"], top["answered"]) == (100.0, 10)
    # Three sections left out: the denominator shrinks to 35 and a warning is given.
    thin = post(visitor, "/api/screening/odi", {"sections": [2] * 7 + [None] * 3}).json()
    assert thin["percent"] == 14 * 100 / 35
    assert thin["answered"] == 7
    assert "3 of the 10 sections" in thin["warning"]


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("/api/screening/startback", {"agree": [True] * 7, "bothersomeness": "slightly"}, "agree"),
        ("/api/screening/startback", {"agree": [True] * 9, "bothersomeness": "slightly"}, "agree"),
        (
            "/api/screening/startback",
            {"agree": AGREE_HIGH, "bothersomeness": "a lot"},
            "bothersomeness",
        ),
        ("/api/screening/startback", {"agree": AGREE_HIGH}, "bothersomeness"),
        ("/api/screening/startback", {"agree": [1] * 8, "bothersomeness": "slightly"}, "agree"),
        ("/api/screening/odi", {"sections": [1] * 9}, "sections"),
        ("/api/screening/odi", {"sections": [1] * 11}, "sections"),
        ("/api/screening/odi", {"sections": [1] * 9 + [6]}, "sections"),
        ("/api/screening/odi", {"sections": [-1] + [1] * 9}, "sections"),
        ("/api/screening/odi", {"sections": [None] * 10}, "sections"),
        ("/api/screening/odi", {"sections": [1] * 9 + [4.5]}, "sections"),
        ("/api/screening/odi", {"sections": [1] * 9 + ["4"]}, "sections"),
        ("/api/screening/rmdq", {"ticks": [True] * 23}, "ticks"),
        ("/api/screening/rmdq", {"ticks": ["yes"] * 24}, "ticks"),
        ("/api/screening/red-flags", {"flags": ["saddle_numbness", "nope"]}, "flags"),
        ("/api/screening/red-flags", {}, "flags"),
    ],
)
def test_issue_shapes_reject_bad_input_naming_the_field(
    visitor: Client, url: str, data: Any, field: str
) -> None:
    response = post(visitor, url, data)
    assert response.status_code == 422
    assert any(field in loc for loc in detail_locs(response)), response.json()


def test_odi_out_of_range_names_the_section_position(visitor: Client) -> None:
    response = post(visitor, "/api/screening/odi", {"sections": [1] * 9 + [6]})
    assert detail_locs(response)[0][-2:] == ["sections", 9]


@pytest.mark.django_db
def test_red_flags_post_gives_level_flags_and_advice(visitor: Client) -> None:
    body = post(visitor, "/api/screening/red-flags", {"flags": ["night_or_rest_pain"]}).json()
    assert body["level"] == "urgent_same_day"
    assert [f["id"] for f in body["flags"]] == ["night_or_rest_pain"]
    assert "today" in body["advice"]
    assert SafetyCheck.objects.count() == 0


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
    flags = ["saddle_numbness", "nope", "also_nope"]
    response = post(visitor, "/api/screening/triage", {"flags": flags})
    assert response.status_code == 422
    assert detail_field(response) == "flags"
    # Every unknown id, in order, and nothing about the known one.
    assert response.json()["detail"][0]["msg"] == "Unknown red-flag id: also_nope, nope"


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


def test_issue_shapes_are_described_in_the_openapi_schema() -> None:
    schema = api.get_openapi_schema()
    parts = schema["components"]["schemas"]

    def body(path: str) -> Any:
        ref = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        return parts[ref["schema"]["$ref"].rsplit("/", 1)[-1]]

    def answer(path: str) -> Any:
        ref = schema["paths"][path]["post"]["responses"][200]["content"]["application/json"]
        return parts[ref["schema"]["$ref"].rsplit("/", 1)[-1]]

    start = body("/api/screening/startback")["properties"]
    assert set(start) == {"agree", "bothersomeness"}
    assert (start["agree"]["minItems"], start["agree"]["maxItems"]) == (8, 8)
    assert start["bothersomeness"]["enum"] == [
        "not at all",
        "a little",
        "slightly",
        "moderately",
        "very much",
        "extremely",
    ]
    assert set(answer("/api/screening/startback")["properties"]) == {
        "total",
        "psychosocial",
        "risk",
    }
    sections = body("/api/screening/odi")["properties"]["sections"]
    assert (sections["minItems"], sections["maxItems"]) == (10, 10)
    assert {"type": "integer", "minimum": 0, "maximum": 5} in sections["items"]["anyOf"]
    assert set(answer("/api/screening/odi")["properties"]) == {
        "percent",
        "band",
        "answered",
        "warning",
    }
    ticks = body("/api/screening/rmdq")["properties"]["ticks"]
    assert (ticks["minItems"], ticks["maxItems"]) == (24, 24)
    assert set(answer("/api/screening/rmdq")["properties"]) == {"score"}
    assert set(body("/api/screening/change")["properties"]) == {
        "instrument",
        "baseline",
        "follow_up",
    }
    changed = answer("/api/screening/change")["properties"]
    assert {"points", "percent", "meets_absolute", "meets_relative", "meaningful", "note"} <= set(
        changed
    )
    assert "30 %" in changed["meaningful"]["description"]
    assert "4.0" in sections["description"]  # says whether 4.0 counts as a whole number
    assert set(body("/api/screening/red-flags")["properties"]) == {"flags"}
    assert {"level", "flags", "advice"} <= set(answer("/api/screening/red-flags")["properties"])
