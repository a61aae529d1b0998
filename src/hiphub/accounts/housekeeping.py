"""Deleting what has gone stale, with no cron job: `hiphub serve` runs `purge()` at start-up
and every worker runs it again at most once an hour (see accounts/sessions.py)."""

import logging
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from hiphub.accounts.models import User
from hiphub.core import throttle

log = logging.getLogger(__name__)


def purge() -> dict[str, int]:
    """Delete expired sessions (and with them visitors' answers), sign-in failures past
    their cool-off, email-throttle counts past their window, and sign-ups whose address
    was never confirmed. Returns how many of each were deleted."""
    now = timezone.now()
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    deleted = {
        "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
        "sign_in_failures": AccessAttempt.objects.filter(attempt_time__lt=now - cool_off).delete()[
            0
        ],
        "email_throttle": throttle.purge_expired(),
        "unconfirmed_sign_ups": User.objects.unconfirmed_since(now - User.CONFIRM_WITHIN).delete()[
            0
        ],
    }
    log.info("Housekeeping deleted %s", deleted)
    return deleted
