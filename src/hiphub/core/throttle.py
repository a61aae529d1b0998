"""At most N uses of an action per key within a time window, shared by every worker process.

Use it wherever one address could be made to receive a flood of email (password resets,
confirmation links, "delete my posts" links)::

    from datetime import timedelta
    from hiphub.core import throttle

    if throttle.allow("password_reset", email, limit=3, per=timedelta(hours=1)):
        send_the_email()
    # else: answer exactly as if it had been sent

`allow(action, value, *, limit, per) -> bool` records a use and returns True while fewer
than `limit` uses of `action` for `value` happened in the last `per`; otherwise it records
nothing and returns False. The window slides: a use becomes available again `per` after
the oldest counted one. `value` is compared after stripping and lower-casing, and only a
salted hash of it is stored (keyed by the secret key), never the address itself.

The state lives in the database (`core.ThrottleBucket`, one row per action and key), so
every gunicorn worker sees the same counts; the check and the record happen in one
transaction holding the row's lock (SQLite serialises writers anyway), so simultaneous
requests cannot slip past the limit. `purge_expired()` deletes rows whose window has
passed; it runs with the other housekeeping (see `hiphub.core.housekeeping`).
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hiphub.core.models import ThrottleBucket


def decide(
    hits: Sequence[datetime], now: datetime, *, limit: int, per: timedelta
) -> tuple[bool, list[datetime]]:
    """Whether one more use may happen at `now`, and the uses to remember afterwards
    (those still inside the window, plus `now` when it is allowed). A use stamped after
    `now` still counts: another process's clock, or a request that took the lock later."""
    recent = sorted(hit for hit in hits if hit > now - per)
    if len(recent) >= limit:
        return False, recent
    return True, [*recent, now]


def key_for(action: str, value: str) -> str:
    """The stored stand-in for `value`: a salted hash, the same for any letter case."""
    return salted_hmac(
        "hiphub.core.throttle", f"{action}:{value.strip().lower()}", algorithm="sha256"
    ).hexdigest()


def allow(action: str, value: str, *, limit: int, per: timedelta) -> bool:
    """Record one use of `action` for `value` and return True, unless `limit` uses already
    happened within `per`; then record nothing and return False."""
    if limit < 1 or per <= timedelta(0):
        raise ValueError("limit must be at least 1 and per longer than zero")
    key = key_for(action, value)
    with transaction.atomic():
        # Make sure the row exists (a concurrent insert of the same row is simply skipped,
        # after waiting for it), then lock it: every worker then reads the hits the one
        # before it wrote. A fresh SELECT ... FOR UPDATE, rather than get_or_create's
        # insert-or-fetch, so no path can read the row without its lock.
        ThrottleBucket.objects.bulk_create(
            [ThrottleBucket(action=action, key=key, expires_at=timezone.now())],
            ignore_conflicts=True,
        )
        bucket = ThrottleBucket.objects.select_for_update().get(action=action, key=key)
        allowed, kept = decide(bucket.hit_times(), timezone.now(), limit=limit, per=per)
        bucket.keep(kept, per)
    return allowed


def purge_expired() -> int:
    """Delete the buckets whose every use is older than its window; returns how many."""
    deleted, _ = ThrottleBucket.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
