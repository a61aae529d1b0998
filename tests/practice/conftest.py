"""Shared ground for the practice tests: a link between a client and a therapist, sessions
in a client's journal, and a second therapist who must never see anything of alice's."""

from collections.abc import Iterable
from datetime import timedelta

import pytest
from django.utils import timezone

from hiphub.accounts.models import Role, User
from hiphub.journal.models import JournalSession
from hiphub.practice import plan
from hiphub.practice.models import Invite, Link, Programme
from tests.conftest import make_user

NOTE = "quokka on the windowsill"  # alice's private note: only the `notes` scope shows it


@pytest.fixture
def theo(db: None) -> User:
    """Another therapist, with no link to alice."""
    return make_user("theo", Role.THERAPIST)


def link(therapist: User, client: User, scopes: Iterable[str] = ("sessions",)) -> Link:
    """The client redeems a fresh invite of the therapist's, sharing `scopes`."""
    return Link.redeem(Invite.make(therapist).code, client, list(scopes))


def session(
    member: User, days_ago: float = 0, pain_before: int = 5, pain_after: int | None = 3,
    notes: str = "", variant: str = "knees_up",
) -> JournalSession:
    started = timezone.now() - timedelta(days=days_ago)
    return JournalSession.objects.create(
        user=member, protocol="positional_release", variant=variant, started_at=started,
        ended_at=started + timedelta(minutes=20), minutes=20, pain_before=pain_before,
        pain_after=pain_after, tension_before=6, tension_after=4, notes=notes,
    )


def three_a_week(linked: Link, variant: str = "knees_up", note: str = "") -> Programme:
    items = [plan.PlannedItem("positional_release", variant, 3, minutes=20)]
    return Programme.set_for(linked, plan.check_items(items), note)
