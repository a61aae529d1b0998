"""Deleting one's own posts without an account: a signed link, emailed to the address the
posts were written with, valid 7 days; at most 3 such emails per address an hour."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from hiphub.community.hashing import hash_from_signed, private_hash, signed_hash
from hiphub.community.models import Post
from hiphub.core import throttle

DELETE_SALT = "hiphub.community.delete"
DELETE_MAX_AGE = 7 * 24 * 3600
EMAILS_PER_HOUR = 3


def delete_token(email: str) -> str:
    return signed_hash(email, DELETE_SALT)


def email_hash_from_token(token: str) -> str | None:
    return hash_from_signed(token, DELETE_SALT, DELETE_MAX_AGE)


def send_delete_link(email: str, absolute_url: Callable[[str], str]) -> bool:
    """Email a delete link if this address has posts and has not had 3 in the last hour;
    returns whether one was sent. (The page answers the same either way.)"""
    if not Post.objects.filter(email_hash=private_hash(email)).exists():
        return False
    if not throttle.allow(
        "community_delete_link", email, limit=EMAILS_PER_HOUR, per=timedelta(hours=1)
    ):
        return False
    link = absolute_url(reverse("community:delete_confirm", args=[delete_token(email)]))
    send_mail(
        f"Delete your posts on {settings.SITE_NAME}",
        "Someone (we hope you) asked to delete the comments and reports posted with this "
        f"email address on {settings.SITE_NAME}.\n\nOpen this link within 7 days to "
        f"confirm:\n{link}\n\nIf you did not ask, ignore this email and nothing changes.\n",
        None,
        [email],
    )
    return True
