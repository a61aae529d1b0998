"""The self-care gate for a person (screening/gatekeeper.py): members' checks from the
database, visitors' from their session, and the journal's sessions."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils.timezone import now as timezone_now

from hiphub.accounts.models import User
from hiphub.journal.models import JournalSession
from hiphub.screening.gate import REASON_NO_CHECK, Needs
from hiphub.screening.gatekeeper import (
    SESSION_KEY,
    gate_for_user,
    note_visitor_session,
    record_clearance,
    record_full_check,
    record_pre_session,
    self_care_gate,
)
from hiphub.screening.models import ClinicianClearance, PreSessionCheck, SafetyCheck

pytestmark = pytest.mark.django_db


def member_request(user: User):
    request = RequestFactory().get("/self-care/")
    request.user = user
    request.session = SessionStore()
    return request


def visitor_request():
    request = RequestFactory().get("/self-care/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def session_for(user: User, at) -> JournalSession:
    return JournalSession.objects.create(user=user, started_at=at, pain_before=5)


def test_closed_when_the_member_has_never_checked(alice: User) -> None:
    gate = self_care_gate(member_request(alice))
    assert not gate.open
    assert gate.reason == REASON_NO_CHECK
    assert gate.level is None and gate.checked_at is None


def test_closed_after_an_emergency_check(alice: User, frozen) -> None:
    SafetyCheck.record(alice, ["saddle_numbness"])
    gate = self_care_gate(member_request(alice))
    assert not gate.open and gate.blocked
    assert gate.level == "emergency"


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


def test_member_with_a_clean_check_10_days_ago_answers_only_the_short_check(
    alice: User, frozen
) -> None:
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(hours=1))
    session_for(alice, timezone_now())
    frozen.shift(timedelta(days=10))
    gate = self_care_gate(member_request(alice))
    assert (gate.open, gate.needs) == (False, Needs.PRE_SESSION_CHECK)
    record_pre_session(member_request(alice), [])
    assert self_care_gate(member_request(alice)).open
    assert PreSessionCheck.objects.filter(user=alice).count() == 1


def test_a_yes_on_the_short_check_opens_the_full_check(alice: User, frozen) -> None:
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(days=10))
    record_pre_session(member_request(alice), ["new_leg_weakness_or_numbness"])
    gate = self_care_gate(member_request(alice))
    assert (gate.open, gate.needs) == (False, Needs.FULL_CHECK)
    frozen.shift(timedelta(minutes=2))
    record_full_check(member_request(alice), [])
    assert self_care_gate(member_request(alice)).open


def test_after_28_days_the_full_check_is_needed_again(alice: User, frozen) -> None:
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(days=28, seconds=1))
    record_pre_session(member_request(alice), [])
    gate = self_care_gate(member_request(alice))
    assert (gate.open, gate.needs) == (False, Needs.FULL_CHECK)


def test_another_members_check_does_not_open_my_gate(alice: User, bob: User, frozen) -> None:
    SafetyCheck.record(bob, [])
    assert not self_care_gate(member_request(alice)).open


def test_gate_for_user_reads_the_same_records(alice: User, frozen) -> None:
    SafetyCheck.record(alice, ["history_of_cancer"])
    assert gate_for_user(alice).blocked


def test_visitor_gate_follows_the_session_and_stores_nothing(frozen) -> None:
    request = visitor_request()
    assert self_care_gate(request).reason == REASON_NO_CHECK
    record_full_check(request, ["saddle_numbness"])
    gate = self_care_gate(request)
    assert (gate.open, gate.level) == (False, "emergency")
    record_full_check(request, [])
    assert self_care_gate(request).open
    # A second session needs the short check first.
    note_visitor_session(request, timezone_now())
    assert self_care_gate(request).needs == Needs.PRE_SESSION_CHECK
    frozen.shift(timedelta(minutes=30))
    record_pre_session(request, [])
    assert self_care_gate(request).open
    assert SafetyCheck.objects.count() == 0 and PreSessionCheck.objects.count() == 0


def test_visitor_emergency_is_not_undone_by_signing_in(alice: User, frozen) -> None:
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(minutes=5))
    request = member_request(alice)
    request.session[SESSION_KEY] = {
        "level": "emergency",
        "at": timezone_now().isoformat(),
        "flags": ["saddle_numbness"],
    }
    assert self_care_gate(request).blocked


@pytest.mark.parametrize(
    "junk",
    [
        "emergency",
        {"level": "nonsense", "at": "2026-11-24T08:00:00+00:00"},
        {"level": "self_care", "at": "yesterday"},
        {"level": "self_care", "at": "2026-11-24T08:00:00"},  # no time zone
        {"level": "self_care"},
    ],
)
def test_unreadable_visitor_session_keeps_the_gate_closed(frozen, junk) -> None:
    request = visitor_request()
    request.session[SESSION_KEY] = junk
    gate = self_care_gate(request)
    assert not gate.open
    assert gate.reason == REASON_NO_CHECK


def test_a_cleared_history_of_cancer_alone_lets_self_care_open(alice: User, frozen) -> None:
    SafetyCheck.record(alice, ["history_of_cancer"])
    assert self_care_gate(member_request(alice)).blocked
    record_clearance(member_request(alice), ["history_of_cancer"], date(2026, 11, 1))
    gate = self_care_gate(member_request(alice))
    assert gate.open and gate.cleared == ("history_of_cancer",)


def test_an_emergency_flag_cannot_be_cleared(alice: User, frozen) -> None:
    SafetyCheck.record(alice, ["saddle_numbness"])
    with pytest.raises(ValueError, match="cannot be cleared"):
        record_clearance(member_request(alice), ["saddle_numbness"], date(2026, 11, 1))
    with pytest.raises(ValueError):
        ClinicianClearance.record(alice, ["saddle_numbness"], date(2026, 11, 1))
    assert ClinicianClearance.objects.count() == 0
    assert self_care_gate(member_request(alice)).blocked


def test_clearance_lapses_when_the_answers_change(alice: User, frozen) -> None:
    SafetyCheck.record(alice, ["history_of_cancer"])
    record_clearance(member_request(alice), ["history_of_cancer"], date(2026, 11, 1))
    frozen.shift(timedelta(days=1))
    SafetyCheck.record(alice, ["history_of_cancer"])  # same answers: still cleared
    assert self_care_gate(member_request(alice)).open
    frozen.shift(timedelta(days=1))
    SafetyCheck.record(alice, ["history_of_cancer", "unexplained_weight_loss"])
    assert self_care_gate(member_request(alice)).blocked
    frozen.shift(timedelta(days=1))
    SafetyCheck.record(alice, ["history_of_cancer"])  # back as before: the clearance is gone
    assert self_care_gate(member_request(alice)).blocked
    assert ClinicianClearance.objects.get().lapsed_at is not None


def test_visitor_clearance_lives_in_the_session_and_lapses_too(frozen) -> None:
    request = visitor_request()
    record_full_check(request, ["infection_risk"])
    record_clearance(request, ["infection_risk"], date(2026, 10, 1))
    assert self_care_gate(request).open
    record_full_check(request, ["infection_risk", "thoracic_pain"])
    record_full_check(request, ["infection_risk"])
    assert self_care_gate(request).blocked
    assert ClinicianClearance.objects.count() == 0
