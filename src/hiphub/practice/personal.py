"""The practice part of a member's data export (accounts/personal_data.py EXPORTERS).

Deleting an account needs nothing here: links (either side), their access logs, programmes
and reminder choices all go with the user through on_delete=CASCADE."""

from typing import Any

from django.db.models import Q

from hiphub.accounts.models import User
from hiphub.practice.models import AccessLog, Invite, Link, Programme, Reminders


def export_for(user: User) -> list[dict[str, Any]]:
    """Links as client and as therapist, each access log entry, every programme version,
    the invites made and the reminder choices; oldest first."""
    links = Link.objects.filter(Q(client=user) | Q(therapist=user)).order_by("created_at", "pk")
    rows = [link.as_record() for link in links.select_related("client", "therapist")]
    rows += [a.as_record() for a in AccessLog.objects.filter(link__in=links).order_by("at", "pk")]
    programmes = Programme.objects.filter(link__in=links).order_by("link", "version")
    rows += [p.as_record() for p in programmes.prefetch_related("items")]
    rows += [
        {"kind": "invite", "code": i.pretty, "created_at": i.created_at.isoformat(),
         "expires_at": i.expires_at.isoformat(),
         "redeemed_at": i.redeemed_at.isoformat() if i.redeemed_at else None}
        for i in Invite.objects.filter(therapist=user).order_by("created_at")
    ]
    reminders = Reminders.objects.filter(user=user).first()
    if reminders is not None:
        rows.append(reminders.as_record())
    return rows
