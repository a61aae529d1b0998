"""The self-care gate: closed until a recent clean safety check, for members and visitors."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from hiphub.accounts.models import User
from hiphub.screening.gate import (
    REASON_NO_CHECK,
    SESSION_KEY,
    record_visitor_check,
    self_care_gate,
)
from hiphub.screening.models import SafetyCheck
from hiphub.screening.redflags import Level

pytestmark = pytest.mark.django_db


def member_request(user: User):
    request = RequestFactory().get("/selfcare/")
    request.user = user
    request.session = SessionStore()
    return request


def visitor_request():
    request = RequestFactory().get("/selfcare/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def test_closed_when_the_member_has_never_checked(alice: User) -> None:
    gate = self_care_gate(member_request(alice))
    assert not gate.open
    assert gate.reason == REASON_NO_CHECK
    assert gate.level is None and gate.checked_at is None


def test_closed_after_an_emergency_check(alice: User, frozen) -> None:
    SafetyCheck.record(alice, ["saddle_numbness"])
    gate = self_care_gate(member_request(alice))
    assert not gate.open
    assert gate.level == "emergency"


def test_closed_after_an_urgent_check(alice: User, frozen) -> None:
    SafetyCheck.record(alice, ["night_or_rest_pain", "age_over_50_new_onset"])
    gate = self_care_gate(member_request(alice))
    assert (gate.open, gate.level) == (False, "urgent_same_day")


@pytest.mark.parametrize(
    ("flags", "level"), [([], "self_care"), (["not_improving_4_6_weeks"], "see_gp_soon")]
)
def test_open_after_a_clean_check(alice: User, frozen, flags, level) -> None:
    check = SafetyCheck.record(alice, flags)
    gate = self_care_gate(member_request(alice))
    assert gate.open
    assert gate.level == level
    assert gate.checked_at == check.created_at


def test_a_new_clean_check_reopens_the_gate(alice: User, frozen) -> None:
    SafetyCheck.record(alice, ["chest_pain"])
    assert not self_care_gate(member_request(alice)).open
    frozen.shift(timedelta(hours=3))
    SafetyCheck.record(alice, [])
    assert self_care_gate(member_request(alice)).open


def test_closes_again_after_24_hours(alice: User, frozen) -> None:
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(hours=23, minutes=59))
    assert self_care_gate(member_request(alice)).open
    frozen.shift(timedelta(minutes=2))
    gate = self_care_gate(member_request(alice))
    assert not gate.open
    assert gate.reason == REASON_NO_CHECK


def test_another_members_check_does_not_open_my_gate(alice: User, bob: User, frozen) -> None:
    SafetyCheck.record(bob, [])
    assert not self_care_gate(member_request(alice)).open


def test_visitor_gate_follows_the_session(frozen) -> None:
    request = visitor_request()
    assert self_care_gate(request).reason == REASON_NO_CHECK
    record_visitor_check(request, Level.EMERGENCY, ["saddle_numbness"])
    gate = self_care_gate(request)
    assert (gate.open, gate.level) == (False, "emergency")
    record_visitor_check(request, Level.SELF_CARE)
    assert self_care_gate(request).open
    frozen.shift(timedelta(hours=25))
    assert not self_care_gate(request).open
    assert SafetyCheck.objects.count() == 0


def test_visitor_session_in_the_documented_shape_is_read(frozen) -> None:
    request = visitor_request()
    request.session[SESSION_KEY] = {"level": "see_gp_soon", "at": "2026-11-24T08:00:00+00:00"}
    assert self_care_gate(request).open


@pytest.mark.parametrize(
    "junk",
    [
        "emergency",
        {"level": "nonsense", "at": "2026-11-24T08:00:00+00:00"},
        {"level": "self_care", "at": "yesterday"},
        {"level": "self_care"},
    ],
)
def test_unreadable_visitor_session_keeps_the_gate_closed(frozen, junk) -> None:
    request = visitor_request()
    request.session[SESSION_KEY] = junk
    gate = self_care_gate(request)
    assert not gate.open
    assert gate.reason == REASON_NO_CHECK
