import pytest
from django.test import Client


def test_muscle_detail(visitor: Client) -> None:
    data = visitor.get("/api/anatomy/muscles/psoas_major").json()
    assert data["roots"] == ["L1", "L2", "L3"]
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
    assert visitor.get("/api/anatomy/hub").json()[0]["region"] == "pelvis"
    path = visitor.get("/api/anatomy/path?start=psoas_major&end=piriformis").json()
    assert [s["kind"] for s in path] == ["muscle", "bone", "muscle"]
    connected = visitor.get("/api/anatomy/muscles/piriformis/connected").json()
    assert "gluteus_maximus" in [c["muscle"] for c in connected]
    compensators = visitor.get("/api/anatomy/muscles/piriformis/compensators").json()
    assert all(c["reason"] for c in compensators)
    assert len(visitor.get("/api/anatomy/regions").json()) == 23
    assert len(visitor.get("/api/anatomy/muscles").json()) >= 23


def test_the_schema_documents_the_anatomy_routes(visitor: Client) -> None:
    paths = visitor.get("/api/openapi.json").json()["paths"]
    assert {"/api/anatomy/muscles/{muscle_id}", "/api/anatomy/pain", "/api/anatomy/hub"} <= set(
        paths
    )
