"""The site shell: pages, errors, headers and the health check."""

import json
import os
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from django.test import Client

from hiphub.core import emergency
from hiphub.screening.checks import check_emergency_number
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
    tel = 'Call <a class="tel" href="tel:999">999</a> or <a class="tel" href="tel:112">112</a>'
    assert tel in html


def test_emergency_number_is_configurable(visitor: Client, settings: object) -> None:
    settings.EMERGENCY_NUMBER = "+61 000"  # type: ignore[attr-defined]
    html = visitor.get("/help-now/").content.decode()
    assert 'Call <a class="tel" href="tel:+61000">+61 000</a> or go' in html
    # The footer of every page has the same link.
    assert 'call <a class="tel" href="tel:+61000">+61 000</a>.' in visitor.get("/").content.decode()


@pytest.mark.parametrize("value", ["", "   ", "call us", "9", "999 or", "112; 999", "0800-HELP"])
def test_a_bad_emergency_number_stops_start_up(settings: object, value: str) -> None:
    settings.EMERGENCY_NUMBER = value  # type: ignore[attr-defined]
    errors = [e for e in check_emergency_number() if e.id == "hiphub.E010"]
    assert len(errors) == 1
    assert "HIPHUB_EMERGENCY_NUMBER" in errors[0].msg


@pytest.mark.parametrize(
    ("value", "numbers"),
    [
        ("112", ["112"]),
        ("999 or 112", ["999", "112"]),
        ("911, 112", ["911", "112"]),
        ("000 / 112", ["000", "112"]),
        ("+44 20 7946-0000", ["+44 20 7946-0000"]),
        ("15 or 112", ["15", "112"]),
    ],  # France's emergency medical number has two digits
)
def test_good_emergency_numbers_pass(settings: object, value: str, numbers: list[str]) -> None:
    settings.EMERGENCY_NUMBER = value  # type: ignore[attr-defined]
    assert check_emergency_number() == []
    assert emergency.numbers(value) == numbers


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("  ", "it is empty; set it to your country's emergency number, e.g. 112"),
        (
            "call us or 9",
            "'call us', '9' is not a phone number; use digits, e.g. \"112\" or \"999 or 112\"",
        ),
    ],
)
def test_a_bad_emergency_number_is_explained_word_for_word(value: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        emergency.numbers(value)
    assert str(refused.value) == message


def test_serve_refuses_an_empty_emergency_number(tmp_path: Path) -> None:
    env = {**os.environ, "HIPHUB_DATA_DIR": str(tmp_path), "HIPHUB_EMERGENCY_NUMBER": ""}
    done = subprocess.run(
        [sys.executable, "-m", "hiphub", "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 2
    assert "HIPHUB_EMERGENCY_NUMBER" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


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
