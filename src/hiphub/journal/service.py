"""The journal's operations on the database; the statistics themselves are in stats.py."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from hiphub.accounts.models import User
from hiphub.journal import stats
from hiphub.journal.models import JournalSession
from hiphub.journal.schemas import SessionIn

STATS_FIELDS = ("started_at", "pain_before", "pain_after", "tension_before", "tension_after")


def create_session(user: User, data: SessionIn) -> JournalSession:
    return JournalSession.objects.create(user=user, **data.model_dump())


@transaction.atomic
def import_sessions(user: User, sessions: Iterable[SessionIn]) -> int:
    """Store every session or none of them."""
    created = JournalSession.objects.bulk_create(
        [JournalSession(user=user, **s.model_dump()) for s in sessions], batch_size=500
    )
    return len(created)


def summary_for(user: User) -> dict[str, Any]:
    """The member's statistics, shaped like schemas.JournalSummary. One query."""
    zone = timezone.get_current_timezone()
    rows = (
        JournalSession.objects.filter(user=user)
        .order_by("started_at")
        .values_list(*STATS_FIELDS)
    )
    sessions = [stats.SessionRatings(when.astimezone(zone), *rest) for when, *rest in rows]
    return stats.summarise(sessions, today=timezone.localdate()).as_dict()


def sessions_for_export(user: User) -> list[JournalSession]:
    """The member's sessions, oldest first, for CSV and personal-data exports."""
    return list(JournalSession.objects.filter(user=user).order_by("started_at", "pk"))


def export_for(user: User) -> list[dict[str, Any]]:
    """Personal-data exporter (see accounts/personal_data.py): one dict per session."""
    return [session.as_record() for session in sessions_for_export(user)]
