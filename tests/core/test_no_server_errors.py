"""Bad input never costs a 500: every route, fed junk, answers with a 2xx, 3xx or 4xx."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

JUNK_PARAMS = {"q": "x" * 200, "page": "-1", "region": "<script>", "session": "²", "reply": "²"}
JUNK_BODY = {
    "pain_before": "eleven",
    "minutes": "-5",
    "started_at": "not a date",
    "answers": "{",
    "flags": "nope",
    "challenge": "forged",
    "answer": "NaN",
    "thread": "page:../../etc",
    "parent": "²",
    "post": "²",
    "status": "x" * 3000,
    "action": "approve",
    "text": "\x00" * 10,
    "email": "not-an-email",
}
PATH_VALUES = {"int": "999999", "slug": "no-such-thing", "str": "no-such-thing", "path": "x/y"}


def site_paths() -> Iterator[str]:
    """Every HTML route (not the API, checked below), with junk in place of its parameters."""

    def walk(patterns: list, prefix: str) -> Iterator[str]:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route.startswith("api/"):
                    continue
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                yield "/" + re.sub(
                    r"<(?:(\w+):)?\w+>", lambda m: PATH_VALUES.get(m.group(1) or "str", "x"), route
                ).lstrip("^").rstrip("$")

    yield from walk(get_resolver().url_patterns, "")


# The same routes with real ids, so the junk reaches the forms behind them.
REAL = [
    "/anatomy/muscles/psoas_major/",
    "/self-care/positional_release/",
    "/self-care/positional_release/finish/",
    "/self-care/positional_release/audio/7.ogg",
    "/self-care/positional_release/audio/7.mp3",
    "/community/protocols/positional_release/",
    *(f"/check/{i}/" for i in ("start_back", "odi", "rmdq", "nrs", "pgic")),
    *(f"/check/{i}/result/" for i in ("start_back", "odi", "rmdq", "nrs", "pgic")),
]
PATHS = sorted({*site_paths(), *REAL})


@pytest.mark.parametrize("path", PATHS)
def test_junk_never_gives_a_server_error(path: str, alice, mo) -> None:
    for client in (Client(), client_for(alice), client_for(mo)):
        assert client.get(path, JUNK_PARAMS).status_code < 500, f"GET {path}"
        assert client.post(path, JUNK_BODY).status_code < 500, f"POST {path}"


API_CALLS = [
    ("post", "/api/sessions", "[]"),
    ("post", "/api/sessions", '{"started_at": "yesterday", "pain_before": 99}'),
    ("post", "/api/sessions", '{"started_at": "0001-01-01T00:00:00+05:00"}'),
    ("post", "/api/sessions", '{"started_at": "9999-12-31T23:00:00-05:00"}'),
    ("post", "/api/sessions", '{"started_at": "2099-01-01T00:00:00Z"}'),
    ("post", "/api/screening/red-flags", '"flags"'),
    ("post", "/api/screening/startback", '{"agree": "all", "bothersomeness": 3}'),
    ("post", "/api/screening/odi", '{"sections": [9, 9]}'),
    ("post", "/api/screening/rmdq", "null"),
    ("post", "/api/screening/change", '{"instrument": "odi", "baseline": "a"}'),
    ("post", "/api/screening/triage", "{}"),
    ("post", "/api/screening/score/odi", '{"answers": [1, 2]}'),
    ("post", "/api/community/posts", '{"text": 5}'),
    ("get", "/api/community/posts?page=abc&protocol=nope", None),
    ("get", "/api/community/summary?protocol=", None),
    ("get", "/api/anatomy/pain?regions=", None),
    ("get", "/api/anatomy/path?start=&end=", None),
    ("get", "/api/anatomy/muscles/%00", None),
    # A NUL character cannot be stored by PostgreSQL: once a 500 there, now a 422 everywhere.
    ("post", "/api/sessions", '{"started_at": "2026-11-20T08:00:00Z", "notes": "\\u0000"}'),
    ("post", "/api/sessions", '{"started_at": "2026-11-20T08:00:00Z", "regions": ["\\u0000"]}'),
    ("post", "/api/sessions", '{"started_at": "2026-11-20T08:00:00Z", "protocol": "\\u0000"}'),
    ("post", "/api/community/posts", '{"text": "\\u0000", "display_name": "\\u0000"}'),
    ("get", "/api/community/posts?protocol=%00", None),
]


@pytest.mark.parametrize(("method", "path", "body"), API_CALLS)
def test_api_junk_is_a_4xx(method: str, path: str, body: str | None, alice) -> None:
    for client in (Client(), client_for(alice)):
        if method == "get":
            response = client.get(path)
        else:
            response = client.post(path, body, content_type="application/json")
        assert 400 <= response.status_code < 500, (path, response.status_code)


def test_far_off_dates_are_refused_everywhere(alice, frozen) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hiphub.journal.models import JournalSession
    from hiphub.screening.models import SafetyCheck

    SafetyCheck.record(alice, [])
    client = client_for(alice)
    for moment in ("0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"):
        response = client.post(
            "/self-care/positional_release/finish/",
            {"minutes": 20, "pain_before": 5, "tension_before": 3, "started_at": moment},
        )
        assert response.status_code == 400
        upload = SimpleUploadedFile("j.csv", f"started_at\n{moment}\n".encode())
        page = client.post("/journal/import/", {"file": upload}, follow=True).content.decode()
        assert "Nothing was imported" in page
    assert JournalSession.objects.count() == 0
