"""Community posts, the moderation log, used captcha challenges and confirmed addresses.

A post's email address is private: it is stored only to trust a returning commenter, to
send a delete link and for moderators' eyes; no public page or API ever shows it. IP
addresses are never stored, only a salted hash (for the rate limit). A confirmed address is
stored only as that salted hash.
"""

from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from hiphub.core.constraints import rating_ok

TEXT_MAX = 4000
NAME_MAX = 60


class Status(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    SPAM = "spam", "Spam"


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> "PostQuerySet":
        return self.filter(status=Status.PUBLISHED)

    def pending(self) -> "PostQuerySet":
        return self.filter(status=Status.PENDING)


class Post(models.Model):
    """A report or comment in a thread ("page:<slug>" or "protocol:<id>"), or a reply."""

    thread = models.CharField(max_length=80, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community_posts",
    )
    display_name = models.CharField(max_length=NAME_MAX)
    email = models.EmailField()  # private
    email_hash = models.CharField(max_length=64, db_index=True)
    text = models.TextField(max_length=TEXT_MAX)
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    protocol = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    held_because = models.CharField(max_length=300, blank=True)
    ip_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects: ClassVar[PostQuerySet] = PostQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["thread", "status", "created_at"])]
        constraints: ClassVar = [
            models.CheckConstraint(condition=rating_ok("pain_before"), name="post_before_0_10"),
            models.CheckConstraint(condition=rating_ok("pain_after"), name="post_after_0_10"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="post_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"post {self.pk} by {self.display_name}"

    @property
    def has_ratings(self) -> bool:
        return self.pain_before is not None and self.pain_after is not None

    def _decide(self, status: str, moderator: Any, action: str) -> "ModerationDecision":
        self.status = status
        self.save(update_fields=["status"])
        return ModerationDecision.objects.create(
            post=self, post_ref=self.pk, moderator=moderator, action=action
        )

    def approve(self, moderator: Any) -> "ModerationDecision":
        return self._decide(Status.PUBLISHED, moderator, ModerationDecision.Action.APPROVE)

    def reject(self, moderator: Any) -> "ModerationDecision":
        return self._decide(Status.REJECTED, moderator, ModerationDecision.Action.REJECT)

    def mark_spam(self, moderator: Any) -> "ModerationDecision":
        return self._decide(Status.SPAM, moderator, ModerationDecision.Action.SPAM)

    def delete_by(self, moderator: Any) -> "ModerationDecision":
        decision = ModerationDecision.objects.create(
            post=None, post_ref=self.pk, moderator=moderator,
            action=ModerationDecision.Action.DELETE,
        )
        self.delete()
        return decision


class ModerationDecision(models.Model):
    """Who decided what about which post, and when. Kept after the post is deleted."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        SPAM = "spam", "Marked as spam"
        DELETE = "delete", "Deleted"

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    post_ref = models.PositiveBigIntegerField()  # the post's id, kept after deletion
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} post {self.post_ref} at {self.decided_at:%Y-%m-%d %H:%M}"


class UsedChallenge(models.Model):
    """A captcha nonce that has been answered once; the unique key refuses a replay."""

    nonce = models.CharField(max_length=32, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.nonce

    @classmethod
    def prune(cls, older_than: timedelta = timedelta(hours=1)) -> int:
        """Forget nonces older than any token could be (tokens live 30 minutes)."""
        deleted, _ = cls.objects.filter(used_at__lt=timezone.now() - older_than).delete()
        return deleted


class ConfirmedAddress(models.Model):
    """An email address whose owner opened the confirmation link we sent it; only the salted
    hash (hashing.private_hash) is kept, never the address."""

    email_hash = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "confirmed addresses"

    def __str__(self) -> str:
        return f"address {self.email_hash[:12]}… confirmed {self.confirmed_at:%Y-%m-%d}"

    @classmethod
    def confirm(cls, email_hash: str) -> "ConfirmedAddress":
        """Record the confirmation (again is fine: the first date is kept)."""
        found, _ = cls.objects.get_or_create(email_hash=email_hash)
        return found

    @classmethod
    def is_confirmed(cls, email_hash: str) -> bool:
        return bool(email_hash) and cls.objects.filter(email_hash=email_hash).exists()


def delete_written_with(email_hash: str) -> int:
    """Delete every post written with this email (replies to them go too) and forget that
    the address was confirmed; returns how many posts were its own."""
    with transaction.atomic():
        mine = Post.objects.filter(email_hash=email_hash)
        count = mine.count()
        mine.delete()
        ConfirmedAddress.objects.filter(email_hash=email_hash).delete()
    return count


def export_for(user: Any) -> list[dict[str, Any]]:
    """A member's own posts, for their data export."""
    return [
        {
            "id": p.pk,
            "thread": p.thread,
            "parent": p.parent_id,
            "display_name": p.display_name,
            "email": p.email,
            "text": p.text,
            "pain_before": p.pain_before,
            "pain_after": p.pain_after,
            "protocol": p.protocol,
            "status": p.status,
            "created_at": p.created_at.isoformat(),
        }
        for p in Post.objects.filter(user=user).order_by("created_at")
    ]
