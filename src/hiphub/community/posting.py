"""Storing a post: the rules shared by the page form and the API.

In one transaction: the rate limit (ratelimit.py), the form's checks, the captcha
(challenges.py), who is trusted, the spam verdict (spam.py) and the new row.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from hiphub.community import captcha, challenges, ratelimit, spam
from hiphub.community.forms import PostForm
from hiphub.community.hashing import private_hash
from hiphub.community.models import Post, Status, UsedChallenge
from hiphub.community.ratelimit import RateLimitedError

__all__ = ["RateLimitedError", "RejectedError", "Submitted", "submit", "trusted"]


class RejectedError(Exception):
    """The submission was refused; `form` holds the errors, by field."""

    def __init__(self, form: PostForm) -> None:
        super().__init__("the post was not accepted")
        self.form = form


@dataclass(frozen=True)
class Submitted:
    post: Post
    published: bool


def trusted(email_hash: str, member: Any) -> str | None:
    """Who has an approved post already: "member" (this verified member), "email" (someone
    giving the same email, which nobody has confirmed), or None."""
    published = Post.objects.published()
    if member is not None and member.email_verified and published.filter(user=member).exists():
        return "member"
    return "email" if published.filter(email_hash=email_hash).exists() else None


# Anyone who knows an approved commenter's address could type it, so trust by email alone
# publishes plain text at once but holds any post with a link for a moderator.
EMAIL_TRUST_MAX_LINKS = 0


def _one(data: Mapping[str, Any], key: str) -> Any:
    getter = getattr(data, "get", None)
    return getter(key) if getter else None


def submit(data: Mapping[str, Any], *, user: Any, ip: str) -> Submitted:
    """Check everything and store the post (published or held), or raise.

    RateLimitedError when over the limit (nothing stored); RejectedError with the form's
    errors for any bad field, the honeypot, or a wrong, expired or replayed captcha.
    """
    member = user if user is not None and user.is_authenticated else None
    verified = member is not None and member.email_verified
    form = PostForm(data, user=member)
    email = member.email if member else str(_one(data, "email") or "").strip()
    email_hash = private_hash(email) if email else ""
    ip_hash = private_hash(ip or "unknown")
    with transaction.atomic():
        ratelimit.reserve(ip_hash, email_hash)
        form.is_valid()
        if not verified:  # verified members skip the captcha
            try:
                challenges.spend(_one(data, "challenge"), _one(data, "answer"))
            except captcha.CaptchaError as error:
                form.add_error(error.field, error.message)
        if not form.errors:
            post = _create(form.cleaned_data, member, email, email_hash, ip_hash)
    if form.errors:
        raise RejectedError(form)
    if secrets.randbelow(200) == 0:
        UsedChallenge.prune()
    return Submitted(post, post.status == Status.PUBLISHED)


def _create(
    cleaned: dict[str, Any],
    member: Any,
    email: str,
    email_hash: str,
    ip_hash: str,
) -> Post:
    thread = cleaned["thread"]
    trust = trusted(email_hash, member)
    verdict = spam.decide(
        cleaned["text"],
        name=cleaned["display_name"],
        block_list=settings.COMMUNITY_BLOCK_LIST,
        trusted=trust is not None,
        max_links=spam.MAX_LINKS if trust == "member" else EMAIL_TRUST_MAX_LINKS,
    )
    return Post.objects.create(
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
