"""The API keeps its contract: JSON everywhere under /api/, errors included, and a published
schema that says what each operation answers."""

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from hiphub.api import api
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served(visitor: Client) -> None:
    response = visitor.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "hiphub API"
    assert "/api/health" in schema["paths"]


def error_detail(response: Any, status: int) -> str:
    """The response is the API's JSON error with this status; returns its detail."""
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert isinstance(body["detail"], str) and body["detail"], body
    return body["detail"]


@pytest.mark.parametrize("path", ["/api/no-such-thing", "/api/nope", "/api/anatomy/nope/"])
def test_unknown_api_path_is_json_404(visitor: Client, path: str) -> None:
    assert "Not Found" in error_detail(visitor.get(path), 404)


def test_unknown_page_outside_the_api_is_still_a_page(visitor: Client) -> None:
    response = visitor.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"Page not found" in response.content


def test_wrong_method_is_json_405_with_allow(visitor: Client) -> None:
    response = visitor.delete("/api/health")
    assert "DELETE" in error_detail(response, 405)
    assert response["Allow"] == "GET"


def test_oversized_query_is_json_414(visitor: Client) -> None:
    response = visitor.get("/api/anatomy/pain", {"regions": "x" * 3000})
    assert "2048" in error_detail(response, 414)
    page = visitor.get("/anatomy/", {"q": "x" * 3000})
    assert page.status_code == 414 and page["Content-Type"].startswith("text/html")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_body_over_the_upload_limit_is_json_413(visitor: Client) -> None:
    body = json.dumps({"flags": ["x" * 2000]})
    response = visitor.post("/api/screening/triage", body, content_type="application/json")
    assert "too large" in error_detail(response, 413)
    page = visitor.post("/accounts/sign-in/", {"email": "x" * 2000})
    assert page.status_code == 413 and b"That upload is too large" in page.content


def test_body_over_the_site_limit_is_refused_before_it_is_read(visitor: Client) -> None:
    """A Content-Length over 3 MB is answered at once, for the API and for pages alike."""
    from hiphub.core.middleware import MAX_BODY_BYTES

    for path in ("/api/screening/triage", "/journal/import/"):
        response = visitor.generic(
            "POST",
            path,
            b"{}",
            content_type="application/json",
            CONTENT_LENGTH=str(MAX_BODY_BYTES + 1),
        )
        assert response.status_code == 413, path
    assert error_detail(
        visitor.generic(
            "POST",
            "/api/screening/triage",
            b"{}",
            "application/json",
            CONTENT_LENGTH=str(MAX_BODY_BYTES + 1),
        ),
        413,
    )


def test_malformed_json_is_json_400(visitor: Client) -> None:
    response = visitor.post("/api/screening/triage", "{not json", content_type="application/json")
    assert "parse" in error_detail(response, 400)


def test_a_server_error_under_the_api_is_json_500(alice, monkeypatch) -> None:
    from hiphub.journal import service

    def broken(user: object) -> dict[str, Any]:
        raise RuntimeError("planted failure")

    monkeypatch.setattr(service, "summary_for", broken)
    client = client_for(alice)
    client.raise_request_exception = False
    response = client.get("/api/journal/summary")
    assert "went wrong" in error_detail(response, 500)
    assert "planted failure" not in response.content.decode()


def test_a_server_error_on_a_page_is_still_a_page(alice, monkeypatch) -> None:
    from hiphub.journal import service

    def broken(user: object) -> dict[str, Any]:
        raise RuntimeError("planted failure")

    monkeypatch.setattr(service, "summary_for", broken)
    client = client_for(alice)
    client.raise_request_exception = False
    response = client.get("/journal/")
    assert response.status_code == 500 and b"Something went wrong" in response.content


def test_unauthorised_and_csrf_errors_are_json(visitor: Client, alice) -> None:
    assert error_detail(visitor.get("/api/sessions"), 401)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post("/api/sessions", "{}", content_type="application/json")
    assert "CSRF" in error_detail(response, 403)


# --- The published schema --------------------------------------------------------------------


def schema() -> dict[str, Any]:
    return api.get_openapi_schema()


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, methods in schema()["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_operation_documents_its_errors() -> None:
    for path, method, operation in operations():
        codes = {int(code) for code in operation["responses"]}
        assert 414 in codes, (method, path)
        if operation.get("parameters") or operation.get("requestBody"):
            assert 422 in codes, (method, path)
        if operation.get("requestBody"):
            assert {400, 413} <= codes, (method, path)
        if "{" in path:
            assert 404 in codes, (method, path)
        if operation.get("security"):
            assert 401 in codes, (method, path)
    summary = schema()["paths"]["/api/journal/summary"]["get"]["responses"]
    assert summary[401]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    created = schema()["paths"]["/api/sessions"]["post"]["responses"]
    assert {401, 403, 422} <= set(created)
    assert created[422]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ValidationError"
    )


def test_a_code_a_route_documents_may_also_carry_the_handlers_error(alice) -> None:
    """POST /api/sessions documents 403 for a closed self-care gate; a failed CSRF check is a
    403 too, with only a detail, and the published schema must allow both (Schemathesis)."""
    refused = schema()["paths"]["/api/sessions"]["post"]["responses"][403]
    options = refused["content"]["application/json"]["schema"]["anyOf"]
    assert {"$ref": "#/components/schemas/Error"} in options
    assert {"$ref": "#/components/schemas/RefusalOut"} in options
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    body = strict.post("/api/sessions", "{}", content_type="application/json").json()
    assert set(body) == {"detail"}


def test_two_different_schemas_cannot_share_a_name() -> None:
    """ninja files every model under its class name, so two different models called alike
    (as SourceOut once was: a nullable url in anatomy, a required one in screening) would
    publish only one of them, and the other's answers would break the schema."""
    from ninja import Router, Schema

    from hiphub.api import HiphubAPI, SchemaNameClash

    def source_out(url_type: type) -> type[Schema]:
        return type("SourceOut", (Schema,), {"__annotations__": {"url": url_type}})

    first, second = source_out(str | None), source_out(str)
    trial = HiphubAPI(urls_namespace="clash-trial")
    router = Router()
    router.get("/a", response=first)(lambda request: {"url": None})
    router.get("/b", response=second)(lambda request: {"url": "x"})
    trial.add_router("/", router)
    with pytest.raises(SchemaNameClash, match="SourceOut"):
        trial.get_openapi_schema(path_prefix="")
    assert api.get_openapi_schema()  # the real API has no such clash


def test_anatomy_sources_without_a_link_match_the_schema(visitor: Client) -> None:
    published = schema()["components"]["schemas"]["SourceOut"]["properties"]["url"]
    assert {"type": "null"} in published["anyOf"]
    nulls = 0
    for muscle in visitor.get("/api/anatomy/muscles").json():
        sources = visitor.get(f"/api/anatomy/muscles/{muscle['id']}").json()["sources"]
        nulls += sum(source["url"] is None for source in sources)
    assert nulls > 0  # the case the schema once left out is real data


# --- Strict numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"instrument": "nrs", "baseline": 6, "follow_up": False},
        {"instrument": "nrs", "baseline": True, "follow_up": 2},
        {"instrument": "nrs", "baseline": "6", "follow_up": 2},
    ],
)
def test_change_refuses_booleans_and_strings_as_scores(visitor: Client, body: dict) -> None:
    response = visitor.post(
        "/api/screening/change", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    fields = {item["loc"][-1] for item in response.json()["detail"]}
    assert fields & {"baseline", "follow_up"}, fields


def test_change_takes_whole_and_decimal_numbers(visitor: Client) -> None:
    for body in (
        {"instrument": "nrs", "baseline": 6, "follow_up": 2},
        {"instrument": "odi", "baseline": 40.5, "follow_up": 20.0},
    ):
        response = visitor.post(
            "/api/screening/change", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 200, response.content


def test_odi_reads_a_whole_float_as_that_section_value(visitor: Client) -> None:
    def odi(sections: list) -> Any:
        return visitor.post(
            "/api/screening/odi",
            json.dumps({"sections": sections}),
            content_type="application/json",
        )

    as_ints = odi([4, 3, 2, 1, 0, 5, 4, 3, 2, 1])
    as_floats = odi([4.0, 3, 2, 1, 0, 5, 4, 3, 2, 1])
    assert as_floats.status_code == 200 and as_floats.json() == as_ints.json()
    for bad in (4.5, True, "4"):
        response = odi([bad, 3, 2, 1, 0, 5, 4, 3, 2, 1])
        assert response.status_code == 422, bad
        assert response.json()["detail"][0]["loc"][:3] == ["body", "payload", "sections"]
    described = schema()["components"]["schemas"]["OdiIn"]["properties"]["sections"]
    assert "4.0 is read as 4" in described["description"]


# --- NUL characters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/screening/triage", {"flags": ["a\u0000b"]}, ["body", "flags", 0]),
        ("/api/screening/score/odi", {"answers": {"s1\u0000": 1}}, ["body", "answers", "s1\x00"]),
        ("/api/community/posts", {"text": "hi\u0000", "display_name": "A"}, ["body", "text"]),
    ],
)
def test_a_nul_anywhere_in_an_api_body_is_a_422_naming_it(
    visitor: Client, path: str, body: dict, field: list
) -> None:
    response = visitor.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert detail[0]["loc"] == field and "NUL" in detail[0]["msg"]


def test_a_nul_in_a_query_is_a_422_naming_it(visitor: Client) -> None:
    response = visitor.get("/api/anatomy/pain?regions=groin%00")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "regions", 0]
