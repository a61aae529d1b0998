"""The site shell: pages, errors, headers and the health check."""

import json
import re
from itertools import pairwise

import pytest
from django.test import Client

from hiphub.screening.redflags import Level, flags_by_level, load, triage

pytestmark = pytest.mark.django_db


def test_home_links_to_help_now_and_carries_disclaimer(visitor: Client) -> None:
    response = visitor.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/help-now/"' in html
    assert "does not diagnose" in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html


def test_help_now_lists_every_red_flag_with_emergency_first(visitor: Client) -> None:
    html = visitor.get("/help-now/").content.decode()
    for flag in load().flags.values():
        assert flag.plain in html, flag.id
    assert html.index("Emergency: get help now") < html.index("Urgent: be seen today")
    assert html.index("Urgent: be seen today") < html.index("See a GP soon")
    assert "{emergency_number}" not in html
    assert "Call 999 or 112" in html


def test_emergency_number_is_configurable(visitor: Client, settings: object) -> None:
    settings.EMERGENCY_NUMBER = "911"  # type: ignore[attr-defined]
    html = visitor.get("/help-now/").content.decode()
    assert "Call 911" in html


def test_healthz_reports_database(visitor: Client) -> None:
    response = visitor.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True


@pytest.mark.parametrize(
    ("method", "path", "status", "title"),
    [
        ("get", "/no-such-page/", 404, "Page not found"),
        ("get", "/" + "x" * 300, 404, "Page not found"),
        ("post", "/", 405, "That action is not available here"),
        ("put", "/help-now/", 405, "That action is not available here"),
        ("delete", "/healthz", 405, "That action is not available here"),
        ("get", "/?q=" + "a" * 5000, 414, "That address is too long"),
    ],
)
def test_bad_requests_get_friendly_pages(
    visitor: Client, method: str, path: str, status: int, title: str
) -> None:
    response = getattr(visitor, method)(path)
    assert response.status_code == status
    html = response.content.decode()
    assert title in html
    assert "When to get help now" in html  # still inside the site shell


@pytest.mark.urls("tests.core.csrf_urls")
def test_expired_form_gets_friendly_403() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/csrf-probe/", {"x": "1"})
    assert response.status_code == 403
    assert "The form had expired" in response.content.decode()


def test_security_headers(visitor: Client) -> None:
    response = visitor.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_inline_script_or_style_in_shell(visitor: Client) -> None:
    html = visitor.get("/help-now/").content.decode()
    assert "<script>" not in html and "<style" not in html and " style=" not in html


def test_triage_levels_are_ordered() -> None:
    data = load()
    order = [Level.SELF_CARE, Level.SEE_GP_SOON, Level.URGENT_SAME_DAY, Level.EMERGENCY]
    ranks = [data.levels[level].rank for level in order]
    assert all(low < high for low, high in pairwise(ranks)), ranks
    assert [info.level for info in flags_by_level()] == order[:0:-1]  # most serious first
    # The most serious flag answered yes decides, in whatever order the answers come.
    one = {lv: next(f.id for f in data.flags.values() if f.level == lv) for lv in order[1:]}
    for i, lower in enumerate(order[1:], start=1):
        for higher in order[i + 1 :]:
            assert triage([one[lower], one[higher]]) == higher, (lower, higher)
            assert triage([one[higher], one[lower]]) == higher, (lower, higher)
    assert triage([]) == Level.SELF_CARE
    assert [level.blocks_self_care for level in order] == [False, False, True, True]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/check/safety/", "Safety check"),
        ("/check/odi/", "Questionnaires"),
        ("/anatomy/muscles/iliacus/", "Anatomy"),
        ("/anatomy/where-does-it-hurt/", "Where does it hurt?"),
        ("/", None),
    ],
)
def test_exactly_one_menu_entry_is_current(visitor: Client, path: str, current: str | None) -> None:
    html = visitor.get(path).content.decode()
    marked = re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', html)
    assert marked == ([current] if current else [])
