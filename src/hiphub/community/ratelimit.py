"""The posting rate limit: at most COMMUNITY_RATE_POSTS posts per COMMUNITY_RATE_MINUTES from
one IP address (hashed) and from one email (hashed).

Counting and storing must not interleave between two requests, or simultaneous posts all
count the same few earlier ones and all get in. `reserve` runs inside the caller's
transaction, before the post is stored in that same transaction:

- SQLite: the site opens every transaction with BEGIN IMMEDIATE (settings.py), so writers
  already take turns for the whole transaction.
- PostgreSQL: a transaction-level advisory lock per hashed key makes the posts from one
  address or email take turns; it is released when the transaction ends. Keys are locked in
  sorted order, so two posts sharing both keys cannot wait for each other.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from hiphub.community.models import Post

# The first half of PostgreSQL's two-part advisory lock key: this lock's kind, so it cannot
# collide with another feature's advisory locks.
LOCK_KIND = 0x636F6D6D  # "comm"


class RateLimitedError(Exception):
    """Too many posts from one IP address or email; answered with 429."""

    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        super().__init__(
            f"You have posted several times in the last {minutes} minutes. Thank you for "
            f"joining in! Please wait a few minutes before posting again."
        )


def _lock_id(key: str) -> int:
    """The second half of the advisory lock key: 32 bits of the (hex) hash, signed."""
    return int.from_bytes(bytes.fromhex(key[:8]), "big", signed=True)


def _take_turns(keys: list[str]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's IMMEDIATE transactions serialise writers already
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_KIND, _lock_id(key)])


def reserve(ip_hash: str, email_hash: str) -> None:
    """Raise RateLimitedError when either key has used up its posts; call inside the
    transaction that then stores the post."""
    assert connection.in_atomic_block, "reserve() must run inside the posting transaction"
    keys = sorted({ip_hash, email_hash} - {""})
    _take_turns(keys)
    minutes = settings.COMMUNITY_RATE_MINUTES
    recent = Post.objects.filter(created_at__gte=timezone.now() - timedelta(minutes=minutes))
    limit = settings.COMMUNITY_RATE_POSTS
    if recent.filter(ip_hash=ip_hash).count() >= limit or (
        email_hash and recent.filter(email_hash=email_hash).count() >= limit
    ):
        raise RateLimitedError(minutes)
