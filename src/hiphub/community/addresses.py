"""Confirmed email addresses: the signed link we email, and the browser's proof.

Anyone can type an address they know, so an address alone proves nothing. When a post comes
from an address that is not confirmed in the poster's browser, we email that address a
signed link (valid 7 days; at most 3 such emails per address an hour). Opening it and
pressing "Confirm my address" records the address as confirmed (`ConfirmedAddress`,
salted hash only) and gives that browser a signed cookie naming the address's hash. A
post is trusted by its email only when it comes with that cookie and the address is still
confirmed: someone who merely knows the address has neither the email nor the cookie.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse

from hiphub.community.hashing import hash_from_signed, private_hash, signed_hash
from hiphub.community.models import ConfirmedAddress
from hiphub.core import throttle

CONFIRM_SALT = "hiphub.community.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
PROOF_SALT = "hiphub.community.proof"
PROOF_COOKIE = "hiphub_confirmed"
PROOF_MAX_AGE = 365 * 24 * 3600
EMAILS_PER_HOUR = 3


def confirm_token(email: str) -> str:
    return signed_hash(email, CONFIRM_SALT)


def hash_from_confirm_token(token: str) -> str | None:
    return hash_from_signed(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def proof_for(email_hash: str) -> str:
    """The cookie value that marks this browser as the one that confirmed the address."""
    return signing.dumps(email_hash, salt=PROOF_SALT)


def confirmed_here(email_hash: str, proof: str | None) -> bool:
    """Whether this address is confirmed and the browser posting carries the proof of it."""
    if not email_hash or not proof:
        return False
    try:
        proven = signing.loads(proof, salt=PROOF_SALT, max_age=PROOF_MAX_AGE)
    except signing.BadSignature:
        return False
    return proven == email_hash and ConfirmedAddress.is_confirmed(email_hash)


def send_confirmation(email: str, absolute_url: Callable[[str], str]) -> bool:
    """Email the address a link to confirm it, unless it had 3 in the last hour (anyone can
    post with any address, so this must not become a way to flood a mailbox); returns
    whether one was sent. The poster is told the same either way."""
    if not throttle.allow(
        "community_confirm_link", email, limit=EMAILS_PER_HOUR, per=timedelta(hours=1)
    ):
        return False
    link = absolute_url(reverse("community:confirm", args=[confirm_token(email)]))
    send_mail(
        f"Confirm your email address on {settings.SITE_NAME}",
        f"Someone (we hope you) posted on {settings.SITE_NAME} with this email address. "
        "The post waits for a moderator, like every post from an address we do not know "
        "yet.\n\nTo confirm that the address is yours, open this link within 7 days and "
        f"press \u201cConfirm my address\u201d:\n{link}\n\nAfter that, once a moderator has "
        "approved one of your posts, your later posts from the same browser appear without "
        "waiting.\n\nIf you did not post, ignore this email: nothing is published in your "
        "name without a moderator's approval.\n",
        None,
        [email],
    )
    return True


def forget(user: object) -> int:
    """Delete the confirmation of a member's own address (called when their account is
    deleted: the row holds no user, only the address's hash)."""
    email = str(getattr(user, "email", "") or "")
    if not email:
        return 0
    deleted, _ = ConfirmedAddress.objects.filter(email_hash=private_hash(email)).delete()
    return deleted
