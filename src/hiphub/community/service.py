"""Posting, trusting, rate limiting and deleting: the rules shared by the form and the API."""

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from hiphub.community import aggregate, captcha, spam
from hiphub.community.forms import PostForm
from hiphub.community.models import ModerationDecision, Post, Status, UsedChallenge
from hiphub.core.clientip import client_ip as client_ip  # one home; views and API use it
from hiphub.core.parsing import object_id

PER_PAGE = 20
DELETE_SALT = "hiphub.community.delete"
DELETE_MAX_AGE = 7 * 24 * 3600
EDUCATION_PAGES = {"hip-and-back": ("How the hips and low back relate", "content:relate")}


class RateLimitedError(Exception):
    """Too many posts from one IP address or email; answered with 429."""

    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        super().__init__(
            f"You have posted several times in the last {minutes} minutes. Thank you for "
            f"joining in! Please wait a few minutes before posting again."
        )


class RejectedError(Exception):
    """The submission was refused; `form` holds the errors, by field."""

    def __init__(self, form: PostForm) -> None:
        super().__init__("the post was not accepted")
        self.form = form


@dataclass(frozen=True)
class Submitted:
    post: Post
    published: bool


# --- Hashing ------------------------------------------------------------------------------


def _salt() -> bytes:
    return (settings.COMMUNITY_IP_SALT or f"community:{settings.SECRET_KEY}").encode()


def private_hash(value: str) -> str:
    """A salted hash, so IP addresses and emails can be matched without being readable."""
    return hmac.new(_salt(), value.strip().lower().encode(), hashlib.sha256).hexdigest()


# --- Threads ------------------------------------------------------------------------------


def protocol_titles() -> dict[str, str]:
    from hiphub.selfcare.protocol import protocols

    return {pid: p.title for pid, p in protocols().items()}


def thread_known(thread: str) -> bool:
    kind, _, name = thread.partition(":")
    if kind == "page":
        return name in EDUCATION_PAGES
    return kind == "protocol" and name in protocol_titles()


def thread_title(thread: str) -> str:
    kind, _, name = thread.partition(":")
    if kind == "page":
        return EDUCATION_PAGES[name][0]
    return protocol_titles()[name]


def thread_url(thread: str) -> str:
    kind, _, name = thread.partition(":")
    if kind == "page":
        return reverse(EDUCATION_PAGES[name][1]) + "#community"
    return reverse("community:protocol", args=[name]) + "#community"


def thread_protocol(thread: str) -> str:
    kind, _, name = thread.partition(":")
    return name if kind == "protocol" else ""


def page_number(raw: str | None, count: int) -> int:
    """The page a `?page=` asks for, kept within the pages there are (as Paginator.get_page)."""
    pages = max(1, -(-count // PER_PAGE))
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), pages)


def thread_page(thread: str, number: int | str | None = 1, count: int | None = None) -> Page:
    """Published top-level posts, newest first, each with its published replies. Pass
    `count` (from thread_state) to spare the paginator its own counting query."""
    posts = (
        Post.objects.published()
        .filter(thread=thread, parent__isnull=True)
        .prefetch_related(
            Prefetch("replies", queryset=Post.objects.published().order_by("created_at", "id"))
        )
    )
    paginator = Paginator(posts, PER_PAGE)
    if count is not None:
        paginator.__dict__["count"] = count  # fills the cached_property in advance
    return paginator.get_page(number)


@dataclass(frozen=True)
class ThreadState:
    top_level: int  # published top-level posts: what the pages count
    version: str  # changes whenever what the thread shows could change


def thread_state(thread: str) -> ThreadState:
    """One query for the page count and a version that changes when a post is published or a
    moderator decides anything. The version is part of the cache key of a thread's rendered
    posts (thread.html); it comes from the database so every worker process agrees."""
    posts, decisions = Post._meta.db_table, ModerationDecision._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT SUM(CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END), COUNT(*), MAX(id), "  # noqa: S608 - table names from the models, values as parameters
            f"(SELECT MAX(id) FROM {decisions}) FROM {posts} WHERE thread = %s AND status = %s",
            [thread, Status.PUBLISHED],
        )
        top, shown, last, decided = cursor.fetchone()
    return ThreadState(int(top or 0), f"{shown}-{last}-{decided}")


def reply_target(thread: str, raw: str | None) -> Post | None:
    """The published top-level post a `?reply=<id>` link points at, if it is in this thread."""
    post_id = object_id(raw)
    if post_id is None:
        return None
    return Post.objects.published().filter(thread=thread, parent__isnull=True, pk=post_id).first()


def summary_for(protocol_id: str) -> aggregate.Summary:
    rows = Post.objects.published().filter(protocol=protocol_id)
    return aggregate.summarize(rows.values_list("pain_before", "pain_after"))


def pending_count() -> int:
    return Post.objects.pending().count()


# --- Posting ------------------------------------------------------------------------------


def trusted(email_hash: str, user: Any) -> str | None:
    """Who has an approved post already: "member" (this verified member), "email" (someone
    giving the same email, which nobody has confirmed), or None."""
    published = Post.objects.published()
    verified = user is not None and getattr(user, "email_verified", False)
    if verified and published.filter(user=user).exists():
        return "member"
    return "email" if published.filter(email_hash=email_hash).exists() else None


# Anyone who knows an approved commenter's address could type it, so trust by email alone
# publishes plain text at once but holds any post with a link for a moderator.
EMAIL_TRUST_MAX_LINKS = 0


def _check_rate(ip_hash: str, email_hash: str) -> None:
    minutes = settings.COMMUNITY_RATE_MINUTES
    since = timezone.now() - timedelta(minutes=minutes)
    recent = Post.objects.filter(created_at__gte=since)
    limit = settings.COMMUNITY_RATE_POSTS
    if recent.filter(ip_hash=ip_hash).count() >= limit or (
        email_hash and recent.filter(email_hash=email_hash).count() >= limit
    ):
        raise RateLimitedError(minutes)


def _use_challenge(form: PostForm, data: Mapping[str, Any]) -> None:
    """Check the captcha; a validly signed challenge is spent whatever the answer."""
    try:
        opened = captcha.open_challenge(_one(data, "challenge"))
        try:
            with transaction.atomic():
                UsedChallenge.objects.create(nonce=opened.nonce)
        except IntegrityError:
            raise captcha.CaptchaError(
                "challenge", "This arithmetic question was already used. Please answer the new one."
            ) from None
        captcha.check_answer(opened, _one(data, "answer"))
    except captcha.CaptchaError as error:
        form.add_error(error.field, error.message)


def _one(data: Mapping[str, Any], key: str) -> Any:
    getter = getattr(data, "get", None)
    return getter(key) if getter else None


def submit(data: Mapping[str, Any], *, user: Any, ip: str) -> Submitted:
    """Check everything and store the post (published or held), or raise.

    RateLimitedError when over the limit (nothing stored); RejectedError with the form's
    errors for any bad field, the honeypot, or a wrong, expired or replayed captcha.
    """
    member = user if user is not None and user.is_authenticated else None
    form = PostForm(data, user=member)
    email = member.email if member else str(_one(data, "email") or "").strip()
    email_hash = private_hash(email) if email else ""
    ip_hash = private_hash(ip or "unknown")
    with transaction.atomic():
        _check_rate(ip_hash, email_hash)
        form.is_valid()
        if not (member and member.email_verified):  # verified members skip the captcha
            _use_challenge(form, data)
        if not form.errors:
            post = _create(form.cleaned_data, member, email, email_hash, ip_hash)
    if form.errors:
        raise RejectedError(form)
    if secrets.randbelow(200) == 0:
        UsedChallenge.prune()
    return Submitted(post, post.status == Status.PUBLISHED)


def _create(
    cleaned: dict[str, Any], member: Any, email: str, email_hash: str, ip_hash: str
) -> Post:
    thread = cleaned["thread"]
    protocol = thread_protocol(thread) or cleaned.get("protocol") or ""
    trust = trusted(email_hash, member)
    verdict = spam.decide(
        cleaned["text"],
        name=cleaned["display_name"],
        block_list=settings.COMMUNITY_BLOCK_LIST,
        trusted=trust is not None,
        max_links=spam.MAX_LINKS if trust == "member" else EMAIL_TRUST_MAX_LINKS,
    )
    return Post.objects.create(
        thread=thread,
        parent=cleaned.get("parent_post"),
        user=member,
        display_name=cleaned["display_name"],
        email=email,
        email_hash=email_hash,
        text=cleaned["text"],
        pain_before=cleaned.get("pain_before"),
        pain_after=cleaned.get("pain_after"),
        protocol=protocol,
        status=Status.PUBLISHED if verdict.publish else Status.PENDING,
        held_because="; ".join(verdict.reasons)[:300],
        ip_hash=ip_hash,
    )


# --- Deleting one's own posts -------------------------------------------------------------


def delete_token(email: str) -> str:
    return signing.dumps(private_hash(email), salt=DELETE_SALT)


def email_hash_from_token(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=DELETE_SALT, max_age=DELETE_MAX_AGE))
    except signing.BadSignature:
        return None


def send_delete_link(email: str, absolute_url: Any) -> bool:
    """Email a delete link if this address has posts; returns whether one was sent."""
    if not Post.objects.filter(email_hash=private_hash(email)).exists():
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


def delete_posts(email_hash: str) -> int:
    """Delete every post with this email (replies to them go too); returns how many were its."""
    mine = Post.objects.filter(email_hash=email_hash)
    count = mine.count()
    mine.delete()
    return count
