import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served(visitor: Client) -> None:
    response = visitor.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "hiphub API"
    assert "/api/health" in schema["paths"]


def test_unknown_api_path_is_json_404(visitor: Client) -> None:
    response = visitor.get("/api/no-such-thing")
    assert response.status_code == 404
