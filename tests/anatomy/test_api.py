import json

import pytest
from django.conf import settings
from django.test import Client
from typer.testing import CliRunner


def test_muscle_detail(visitor: Client) -> None:
    data = visitor.get("/api/anatomy/muscles/psoas_major").json()
    assert data["roots"] == ["L1", "L2", "L3"]
    assert data["ease_joints"] == {"hip": ["flexion"]}
    assert data["ease_summary"] == "Hip bent"
    assert {"t12", "l5"} <= {a["bone"] for a in data["origins"]}
    assert [a["landmark"] for a in data["insertions"]] == ["femur_lesser_trochanter"]
    assert data["sources"][0]["name"]


def test_unknown_muscle_is_a_json_404_with_a_suggestion(visitor: Client) -> None:
    response = visitor.get("/api/anatomy/muscles/piriformus")
    assert response.status_code == 404
    assert "piriformis" in response.json()["detail"]


def test_pain_candidates_and_caveat(visitor: Client) -> None:
    response = visitor.get("/api/anatomy/pain", {"regions": ["sacroiliac_joint", "lower_buttock"]})
    data = response.json()
    assert response.status_code == 200
    assert "quadratus_lumborum" in [c["muscle"] for c in data["candidates"][:3]]
    assert "not a diagnosis" in data["caveat"]
    assert [o["id"] for o in data["other_sources"]] == ["sacroiliac_joint"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/anatomy/pain?regions=elbow", "regions"),
        ("/api/anatomy/pain", "regions"),
        ("/api/anatomy/path?start=psoas_major&end=nope", "end"),
        ("/api/anatomy/path?start=psoas_major", "end"),
    ],
)
def test_bad_input_is_422_naming_the_field(visitor: Client, url: str, field: str) -> None:
    response = visitor.get(url)
    assert response.status_code == 422
    assert field in [str(part) for item in response.json()["detail"] for part in item["loc"]]


def test_hub_path_connected_compensators_regions(visitor: Client) -> None:
    hub = visitor.get("/api/anatomy/hub").json()
    assert hub["regions"][0]["id"] == "pelvis" and hub["regions"][0]["muscles"] == 22
    path = visitor.get("/api/anatomy/path?start=psoas_major&end=piriformis").json()["path"]
    assert [s["kind"] for s in path] == ["muscle", "bone", "muscle"]
    connected = visitor.get("/api/anatomy/muscles/piriformis/connected").json()
    assert "gluteus_maximus" in [c["muscle"] for c in connected]
    compensators = visitor.get("/api/anatomy/muscles/piriformis/compensators").json()
    assert compensators, "piriformis shares its actions with other rotators"
    assert all(c["reason"].startswith("also ") for c in compensators)
    regions = visitor.get("/api/anatomy/regions").json()
    assert len(regions) == 25  # 24 body regions and the saddle area
    assert {r["id"]: r["red_flag"] for r in regions}["saddle"] == "saddle_numbness"
    assert {r["id"]: r["red_flag"] for r in regions}["groin"] is None
    assert len(visitor.get("/api/anatomy/muscles").json()) >= 23


runner = CliRunner()


@pytest.mark.parametrize(
    ("url", "args"),
    [
        ("/api/anatomy/hub", ["hub"]),
        (
            "/api/anatomy/path?start=latissimus_dorsi&end=semitendinosus",
            ["path", "latissimus_dorsi", "semitendinosus"],
        ),
        ("/api/anatomy/pain?regions=groin&regions=calf", ["pain", "groin", "calf"]),
        ("/api/anatomy/pain?regions=greater_trochanter", ["pain", "greater_trochanter"]),
        ("/api/anatomy/pain?regions=saddle&regions=groin", ["pain", "saddle", "groin"]),
        ("/api/anatomy/regions", ["regions"]),
    ],
)
def test_the_api_and_the_cli_answer_with_the_same_body(visitor: Client, cli_app, url, args) -> None:
    api = visitor.get(url)
    assert api.status_code == 200
    result = runner.invoke(cli_app, ["anatomy", *args, "--json"])
    assert result.exit_code in (0, 3), result.output
    assert json.loads(result.stdout) == api.json()


def test_the_envelopes(visitor: Client) -> None:
    hub = visitor.get("/api/anatomy/hub").json()
    assert list(hub) == ["regions"]
    assert set(hub["regions"][0]) == {"id", "name", "muscles", "muscle_ids", "bones", "betweenness"}
    assert hub["regions"][0]["muscles"] == len(hub["regions"][0]["muscle_ids"])
    path = visitor.get("/api/anatomy/path?start=psoas_major&end=iliacus").json()
    assert list(path) == ["path"]
    assert [s["id"] for s in path["path"]] == ["psoas_major", "femur", "iliacus"]
    pain = visitor.get("/api/anatomy/pain", {"regions": ["groin"]}).json()
    assert set(pain) == {"regions", "candidates", "other_sources", "safety", "alerts", "caveat"}
    assert pain["safety"] is None and pain["alerts"] == []
    assert pain["other_sources"][0]["id"] == "hip_joint"


def test_outer_hip_pain_ranks_the_gluteals_first(visitor: Client) -> None:
    data = visitor.get("/api/anatomy/pain", {"regions": ["greater_trochanter"]}).json()
    assert data["candidates"][0]["muscle"] in ("gluteus_medius", "gluteus_minimus")
    assert data["candidates"][1]["muscle"] in ("gluteus_medius", "gluteus_minimus")
    assert data["candidates"][0]["leading_cause"] == ["greater_trochanter"]


def test_the_saddle_area_answers_with_the_emergency_advice(visitor: Client) -> None:
    response = visitor.get("/api/anatomy/pain", {"regions": ["saddle", "groin"]})
    assert response.status_code == 200
    data = response.json()
    assert data["candidates"] == [] and data["other_sources"] == []
    assert data["safety"]["level"] == "emergency"
    assert data["safety"]["blocks_self_care"] is True
    assert settings.EMERGENCY_NUMBER in data["safety"]["advice"]
    assert [f["id"] for f in data["safety"]["flags"]] == ["saddle_numbness"]
    assert data["alerts"][0]["region"] == "saddle"
    assert "hiphub does not suggest muscles" in data["alerts"][0]["note"]


def test_the_schema_documents_the_anatomy_routes(visitor: Client) -> None:
    paths = visitor.get("/api/openapi.json").json()["paths"]
    assert {"/api/anatomy/muscles/{muscle_id}", "/api/anatomy/pain", "/api/anatomy/hub"} <= set(
        paths
    )
    schemas = visitor.get("/api/openapi.json").json()["components"]["schemas"]
    assert set(schemas["HubOut"]["properties"]) == {"regions"}
    assert set(schemas["PathOut"]["properties"]) == {"path"}
    assert "candidates" in schemas["PainOut"]["properties"]
    assert "safety" in schemas["PainOut"]["properties"]
