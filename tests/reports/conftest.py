"""Shared ground for the report tests: alice with a journal, questionnaires answered twice,
a safety check, and a plan from tara."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from hiphub.accounts.models import User
from hiphub.journal.models import JournalSession
from hiphub.practice.models import Link, Scope
from hiphub.screening.models import QuestionnaireResult, SafetyCheck
from tests.practice.conftest import link, theo, three_a_week

__all__ = ["theo"]

ODI_FIRST = {f"s{i}": 3 for i in range(1, 11)}  # 60 %
ODI_LATEST = {f"s{i}": 1 for i in range(1, 11)}  # 20 %
START_BACK = {**{f"q{i}": 1 for i in range(1, 5)}, **{f"q{i}": 0 for i in range(5, 9)}, "q9": 1}


def fill(member: User, days: int = 20) -> None:
    """`days` daily sessions ending yesterday (pain before 7 falling to 4, after 2 lower),
    and every questionnaire: nrs, odi, rmdq twice (first and latest), start_back and pgic."""
    now = timezone.now()
    for n in range(days):
        started = now - timedelta(days=days - n)
        before = 7 - (3 * n) // max(days - 1, 1)
        JournalSession.objects.create(
            user=member, protocol="positional_release", variant="knees_up",
            started_at=started, ended_at=started + timedelta(minutes=20), minutes=20,
            pain_before=before, pain_after=before - 2, tension_before=6, tension_after=4,
            regions=["lumbar_paraspinal", "sacroiliac_joint"] if n == days - 1 else [],
        )
    first = now - timedelta(days=days)
    with time_machine.travel(first, tick=False):
        QuestionnaireResult.record(member, "nrs", {"pain": 7})
        QuestionnaireResult.record(member, "odi", ODI_FIRST)
        QuestionnaireResult.record(member, "rmdq", {f"r{i}": int(i <= 12) for i in range(1, 25)})
    with time_machine.travel(now - timedelta(hours=1), tick=False):
        QuestionnaireResult.record(member, "nrs", {"pain": 4})
        QuestionnaireResult.record(member, "odi", ODI_LATEST)
        QuestionnaireResult.record(member, "rmdq", {f"r{i}": int(i <= 10) for i in range(1, 25)})
        QuestionnaireResult.record(member, "start_back", START_BACK)
        QuestionnaireResult.record(member, "pgic", {"impression": 2})
        SafetyCheck.record(member, ["history_of_cancer"])


@pytest.fixture
def filled(alice: User) -> User:
    fill(alice)
    return alice


@pytest.fixture
def shared(filled: User, tara: User) -> Link:
    """alice shares sessions, questionnaires and her safety check with tara, who set a plan."""
    linked = link(tara, filled, [Scope.SESSIONS, Scope.QUESTIONNAIRES, Scope.SAFETY])
    three_a_week(linked)
    return linked
