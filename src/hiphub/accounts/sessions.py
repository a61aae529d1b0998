"""Server-side sessions that slide while used and die when idle.

Sessions are rows in the database (settings.SESSION_ENGINE); the cookie holds only a random
key. Each save pushes the row's expiry to SESSION_COOKIE_AGE (2 hours) from now, or 30 days
for a member who ticked "keep me signed in". Saving on every request
(SESSION_SAVE_EVERY_REQUEST) would cost a database write per page view for everyone with a
session; instead `SlidingSessionMiddleware` saves a session only when its last save is at
least TOUCH_EVERY old, so an active session costs one write per five minutes, and an idle
one expires between 1 h 55 and 2 h after its last use.

Expired rows are deleted by `hiphub.accounts.housekeeping.purge`, which `hiphub serve` runs
at start-up and each worker runs again at most once an hour, after answering a request: no
cron job is needed, on one machine or several.
"""

import time
from collections.abc import Callable
from datetime import timedelta

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

REMEMBER_ME_AGE = timedelta(days=30)
TOUCH_EVERY = timedelta(minutes=5)
PURGE_EVERY = timedelta(hours=1)
TOUCHED_KEY = "_touched"


def touch(session: SessionBase, now: float) -> None:
    """Mark an existing, non-empty session for saving when its last save is old enough, so
    that saving moves its expiry along. New and empty sessions are left alone."""
    if session.session_key is None:
        return  # no cookie, or a new session that is saved anyway if it gets data
    if not any(key != TOUCHED_KEY for key in session.keys()):  # noqa: SIM118 (not a dict)
        return  # expired or empty: do not bring it back
    last = session.get(TOUCHED_KEY)
    if not isinstance(last, int | float) or now - last >= TOUCH_EVERY.total_seconds():
        session[TOUCHED_KEY] = int(now)


class SlidingSessionMiddleware:
    """Keeps a used session alive (see `touch`) and runs the hourly housekeeping."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.next_purge: float | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        now = time.time()
        touch(request.session, now)
        if self.next_purge is None:
            self.next_purge = now + PURGE_EVERY.total_seconds()  # `serve` purged at start-up
        elif now >= self.next_purge:
            self.next_purge = now + PURGE_EVERY.total_seconds()
            from hiphub.accounts import housekeeping

            housekeeping.purge()
        return response
