"""Community posts, the moderation log, used captcha challenges and confirmed addresses.

A post's email address is private: it is stored only to trust a returning commenter, to
send a delete link and for moderators' eyes; no public page or API ever shows it. IP
addresses are never stored, only a salted hash (for the rate limit). A confirmed address is
stored only as that salted hash.
"""

from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F, Q
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
        indexes: ClassVar = [
            models.Index(fields=["thread", "status", "created_at"]),
            # The moderation queue and its count in every moderator's navigation read only the
            # few pending posts, however many are published.
            models.Index(fields=["status", "created_at"], name="post_status_created"),
        ]
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

    @classmethod
    def add(cls, **fields: Any) -> "Post":
        """Store a new post; a published one is counted in the tallies in the same
        transaction."""
        with transaction.atomic():
            post = cls.objects.create(**fields)
            if post.status == Status.PUBLISHED:
                _count(post, +1)
        return post

    def _decide(self, status: str, moderator: Any, action: str) -> "ModerationDecision":
        with transaction.atomic():
            while True:  # compare-and-set: a decision made meanwhile is read, not overwritten
                before = self.status
                if Post.objects.filter(pk=self.pk, status=before).update(status=status):
                    break
                self.refresh_from_db(fields=["status"])
            self.status = status
            if (before == Status.PUBLISHED) != (status == Status.PUBLISHED):
                _count(self, +1 if status == Status.PUBLISHED else -1)
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
        with transaction.atomic():
            decision = ModerationDecision.objects.create(
                post=None, post_ref=self.pk, moderator=moderator,
                action=ModerationDecision.Action.DELETE,
            )
            forget_posts(Post.objects.filter(pk=self.pk))
        return decision


class ThreadTally(models.Model):
    """One thread's running counts, changed in the same transaction as anything that changes
    what the thread shows: its published top-level posts (what its pages count) and a
    version that goes up with every change (part of the render cache's keys). A routine's
    thread also moves when a report of that routine is published elsewhere, since its page
    shows the routine's summary. `hiphub manage community_tallies` checks and rebuilds."""

    thread = models.CharField(max_length=80, unique=True)
    top_level = models.IntegerField(default=0)  # signed: drift shows as drift, never a 500
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.thread}: {self.top_level} posts, version {self.version}"

    @classmethod
    def bump(cls, thread: str, top_level: int = 0) -> None:
        ThreadTally.objects.bulk_create([ThreadTally(thread=thread)], ignore_conflicts=True)
        ThreadTally.objects.filter(thread=thread).update(
            top_level=F("top_level") + top_level, version=F("version") + 1
        )

    @classmethod
    def state(cls, thread: str) -> tuple[int, int]:
        """(published top-level posts, version); one indexed row, whatever the thread's size."""
        # Plain SQL: this runs on every view of a cached page, where building the ORM query
        # would cost more than the rest of the request.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT top_level, version FROM {cls._meta.db_table} WHERE thread = %s",  # noqa: S608 - the table name is ours, the value a parameter
                [thread],
            )
            row = cursor.fetchone()
        return (max(int(row[0]), 0), int(row[1])) if row else (0, 0)


class RatingTally(models.Model):
    """How many published reports of a routine gave one (pain before, pain after) pair: at
    most 121 rows a routine, from which its summary is computed (aggregate.summarize)."""

    protocol = models.CharField(max_length=64)
    pain_before = models.PositiveSmallIntegerField()
    pain_after = models.PositiveSmallIntegerField()
    reports = models.IntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["protocol", "pain_before", "pain_after"], name="rating_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.protocol} {self.pain_before}→{self.pain_after}: {self.reports}"

    @classmethod
    def add(cls, protocol: str, before: int, after: int, reports: int) -> None:
        keys = {"protocol": protocol, "pain_before": before, "pain_after": after}
        RatingTally.objects.bulk_create([RatingTally(**keys)], ignore_conflicts=True)
        RatingTally.objects.filter(**keys).update(reports=F("reports") + reports)


def _counts(posts: "list[Post]", sign: int) -> None:
    """Add (sign +1) or take out (-1) published posts from the tallies, one update a row."""
    top_level: dict[str, int] = {}
    ratings: dict[tuple[str, int, int], int] = {}
    for post in posts:
        top_level[post.thread] = top_level.get(post.thread, 0) + (post.parent_id is None)
        if post.protocol and post.pain_before is not None and post.pain_after is not None:
            pair = (post.protocol, post.pain_before, post.pain_after)
            ratings[pair] = ratings.get(pair, 0) + 1
            top_level.setdefault(f"protocol:{post.protocol}", 0)  # its page shows the summary
    for thread, count in sorted(top_level.items()):  # one order: no deadlock between two
        ThreadTally.bump(thread, sign * count)
    for (protocol, before, after), count in sorted(ratings.items()):
        RatingTally.add(protocol, before, after, sign * count)


def _count(post: "Post", sign: int) -> None:
    _counts([post], sign)


def forget_posts(posts: models.QuerySet[Post]) -> int:
    """Delete these posts and the replies under them (the foreign key cascades), taking the
    published ones out of the tallies in the same transaction. Returns how many of `posts`
    there were."""
    with transaction.atomic():
        ids = list(posts.values_list("pk", flat=True))
        going = Post.objects.published().filter(Q(pk__in=ids) | Q(parent_id__in=ids))
        _counts(list(going.select_for_update().order_by("pk")), -1)
        Post.objects.filter(pk__in=ids).delete()
    return len(ids)


def forget_member_posts(user: Any) -> int:
    """A member's posts, deleted with their account (accounts.personal_data.ERASERS)."""
    return forget_posts(Post.objects.filter(user=user))


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
        count = forget_posts(Post.objects.filter(email_hash=email_hash))
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
