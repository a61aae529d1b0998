"""The directory's emails to therapists, in one function so a scheduler can call it: today
`hiphub manage directory_reminders` from cron, later a task queue (issue 13).

- A listing not confirmed for 90 days gets one reminder; confirming or saving the listing
  starts the count again (and allows a later reminder).
- A verified credential past its expiry date gets one request to renew; the listing shows
  it as not verified from that day, and renewing sends it back to the moderators.

Each row is marked as soon as its email has gone, so a run that fails half-way sends the
rest next time and nobody gets the same email twice.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from hiphub.directory.models import STALE_AFTER, Credential, Listing


@dataclass(frozen=True)
class Sent:
    stale_reminders: int
    renewal_requests: int


def send_due(today: date, base_url: str) -> Sent:
    """Send every reminder and renewal request that is due today."""
    base = base_url.rstrip("/")
    my_listing = base + reverse("directory:my_listing")
    reminders = 0
    stale = (
        Listing.objects.stale(today)
        .filter(reminded_on__isnull=True, owner__is_active=True)
        .select_related("owner")
        .order_by("id")
    )
    for listing in stale:
        send_mail(
            f"Is your {settings.SITE_NAME} listing still right?",
            render_to_string(
                "directory/reminder_email.txt",
                {
                    "listing": listing,
                    "days": STALE_AFTER.days,
                    "site_name": settings.SITE_NAME,
                    "url": my_listing,
                },
            ),
            None,
            [listing.owner.email],
        )
        listing.mark_reminded(today)
        reminders += 1
    renewals = 0
    lapsed = (
        Credential.objects.lapsed(today)
        .filter(renewal_asked_on__isnull=True, listing__owner__is_active=True)
        .select_related("listing__owner")
        .order_by("id")
    )
    for credential in lapsed:
        send_mail(
            f"Your {credential.body} registration on {settings.SITE_NAME} has expired",
            render_to_string(
                "directory/renewal_email.txt",
                {"credential": credential, "site_name": settings.SITE_NAME, "url": my_listing},
            ),
            None,
            [credential.listing.owner.email],
        )
        credential.mark_renewal_asked(today)
        renewals += 1
    return Sent(stale_reminders=reminders, renewal_requests=renewals)
