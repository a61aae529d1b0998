"""The posting rate limit: at most COMMUNITY_RATE_POSTS posts per COMMUNITY_RATE_MINUTES from
one IP address (hashed) and from one email (hashed).

`reserve` runs inside the caller's transaction, before the post is stored in it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from hiphub.community.models import Post


class RateLimitedError(Exception):
    """Too many posts from one IP address or email; answered with 429."""

    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        super().__init__(
            f"You have posted several times in the last {minutes} minutes. Thank you for "
            f"joining in! Please wait a few minutes before posting again."
        )


def reserve(ip_hash: str, email_hash: str) -> None:
    """Raise RateLimitedError when either key has used up its posts; call inside the
    transaction that then stores the post."""
    assert connection.in_atomic_block, "reserve() must run inside the posting transaction"
    minutes = settings.COMMUNITY_RATE_MINUTES
    recent = Post.objects.filter(created_at__gte=timezone.now() - timedelta(minutes=minutes))
    limit = settings.COMMUNITY_RATE_POSTS
    if recent.filter(ip_hash=ip_hash).count() >= limit or (
        email_hash and recent.filter(email_hash=email_hash).count() >= limit
    ):
        raise RateLimitedError(minutes)
