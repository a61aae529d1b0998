"""Storing a post: the rules shared by the page form and the API.

In one transaction: the rate limit (ratelimit.py), the form's checks, the captcha
(challenges.py), who is trusted, the spam verdict (spam.py) and the new row. After it, the
address is sent a confirmation link when the poster's browser has not proved it
(addresses.py).
"""

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from hiphub.community import addresses, captcha, challenges, ratelimit, spam
from hiphub.community.forms import PostForm
from hiphub.community.hashing import private_hash
from hiphub.community.models import Post, Status, UsedChallenge
from hiphub.community.ratelimit import RateLimitedError

__all__ = ["RateLimitedError", "RejectedError", "Submitted", "submit", "trust"]


class RejectedError(Exception):
    """The submission was refused; `form` holds the errors, by field."""

    def __init__(self, form: PostForm) -> None:
        super().__init__("the post was not accepted")
        self.form = form


@dataclass(frozen=True)
class Submitted:
    post: Post
    published: bool
    confirmation_sent: bool  # a link to confirm the address was emailed (or would have been)


def trust(email_hash: str, member: Any, address_proven: bool) -> tuple[bool, str]:
    """Whether the author is trusted, and if not, why (for the moderators' queue).

    Trusted: a member with a verified email who has an approved post, or an address with an
    approved post that is confirmed in the browser posting (`addresses.confirmed_here`).
    """
    published = Post.objects.published()
    if member is not None and member.email_verified and published.filter(user=member).exists():
        return True, ""
    if email_hash and published.filter(email_hash=email_hash).exists():
        if address_proven:
            return True, ""
        return False, "an approved commenter's email, not confirmed by whoever posted"
    return False, spam.FIRST_POST


def _one(data: Mapping[str, Any], key: str) -> Any:
    getter = getattr(data, "get", None)
    return getter(key) if getter else None


def submit(
    data: Mapping[str, Any],
    *,
    user: Any,
    ip: str,
    proof: str | None = None,
    absolute_url: Callable[[str], str] | None = None,
) -> Submitted:
    """Check everything and store the post (published or held), or raise.

    `proof` is the browser's confirmed-address cookie, if any; `absolute_url` turns a path
    into a link for the confirmation email (no email is sent without it).
    RateLimitedError when over the limit (nothing stored); RejectedError with the form's
    errors for any bad field, the honeypot, or a wrong, expired or replayed captcha.
    """
    member = user if user is not None and user.is_authenticated else None
    verified = member is not None and member.email_verified
    form = PostForm(data, user=member)
    email = member.email if member else str(_one(data, "email") or "").strip()
    email_hash = private_hash(email) if email else ""
    ip_hash = private_hash(ip or "unknown")
    proven = not verified and addresses.confirmed_here(email_hash, proof)
    with transaction.atomic():
        ratelimit.reserve(ip_hash, email_hash)
        form.is_valid()
        if not verified:  # verified members skip the captcha
            try:
                challenges.spend(_one(data, "challenge"), _one(data, "answer"))
            except captcha.CaptchaError as error:
                form.add_error(error.field, error.message)
        if not form.errors:
            post = _create(form.cleaned_data, member, email, email_hash, ip_hash, proven)
    if form.errors:
        raise RejectedError(form)
    if secrets.randbelow(200) == 0:
        UsedChallenge.prune()
    confirm = not verified and not proven
    if confirm and absolute_url is not None:
        addresses.send_confirmation(email, absolute_url)
    return Submitted(post, post.status == Status.PUBLISHED, confirm)


def _create(
    cleaned: dict[str, Any],
    member: Any,
    email: str,
    email_hash: str,
    ip_hash: str,
    address_proven: bool,
) -> Post:
    thread = cleaned["thread"]
    trusted, why_not = trust(email_hash, member, address_proven)
    verdict = spam.decide(
        cleaned["text"],
        name=cleaned["display_name"],
        block_list=settings.COMMUNITY_BLOCK_LIST,
        trusted=trusted,
        untrusted_because=why_not,
    )
    return Post.add(
        thread=thread.key,
        parent=cleaned.get("parent_post"),
        user=member,
        display_name=cleaned["display_name"],
        email=email,
        email_hash=email_hash,
        text=cleaned["text"],
        pain_before=cleaned.get("pain_before"),
        pain_after=cleaned.get("pain_after"),
        protocol=thread.protocol or cleaned.get("protocol") or "",
        status=Status.PUBLISHED if verdict.publish else Status.PENDING,
        held_because="; ".join(verdict.reasons)[:300],
        ip_hash=ip_hash,
    )
