"""What the practice app keeps: invites, the links a client gives a therapist (with the scopes
the client chose), every time a therapist opened a client's data, home programmes with their
versions, and a member's reminder choices.

Everything here hangs off a user by a foreign key with on_delete=CASCADE, so deleting either
account removes the links, their access logs and programmes (accounts/personal_data.py).
State changes are the named methods below; the rules they follow are in the pure modules
(plan.py, adherence.py, alerts.py, reminders.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from hiphub.practice import plan

if TYPE_CHECKING:
    from hiphub.accounts.models import User

INVITE_VALID = timedelta(days=14)
LINK_VALID = timedelta(days=183)  # about six months; the client may renew it
# Letters and digits that cannot be mistaken for each other when read aloud or off a screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 8


class Scope(models.TextChoices):
    """What a client may share with a therapist, one switch each."""

    SESSIONS = "sessions", "Sessions: dates, routine, set-up, minutes, ratings before and after"
    QUESTIONNAIRES = "questionnaires", "Questionnaires: scores and bands"
    SAFETY = "safety", "Safety check: the level of the latest one and its date, never the answers"
    NOTES = "notes", "Notes: what you wrote about each session"

    @classmethod
    def short(cls, value: str) -> str:
        return {"sessions": "sessions", "questionnaires": "questionnaires",
                "safety": "safety check", "notes": "notes"}.get(value, value)


DEFAULT_SCOPES = (Scope.SESSIONS, Scope.QUESTIONNAIRES, Scope.SAFETY)


def clean_scopes(values: Iterable[str]) -> list[str]:
    """The scopes in the order of `Scope`, each once; ValueError naming any unknown one, or
    when there is none (a link that shares nothing has no reason to exist: revoke it)."""
    given = list(values)
    unknown = sorted({v for v in given if v not in Scope.values})
    if unknown:
        raise ValueError(
            f"unknown scope {', '.join(map(repr, unknown))}; choose from "
            + ", ".join(Scope.values)
        )
    if not given:
        raise ValueError("choose at least one thing to share, or stop sharing altogether")
    return [s for s in Scope.values if s in given]


def normalise_code(raw: str) -> str:
    """A code as typed ("k7qp m3xd", "K7QP-M3XD") in its stored form ("K7QPM3XD")."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def pretty_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


class Invite(models.Model):
    """A one-off code a therapist hands a client, valid for 14 days; the client redeems it."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_invites"
    )
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    redeemed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"invite {pretty_code(self.code)}"

    @property
    def pretty(self) -> str:
        return pretty_code(self.code)

    @classmethod
    def make(cls, therapist: User) -> Invite:
        now = timezone.now()
        for _ in range(5):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                with transaction.atomic():
                    return cls.objects.create(
                        therapist=therapist, code=code, created_at=now,
                        expires_at=now + INVITE_VALID,
                    )
            except IntegrityError:  # the same code drawn twice: draw again
                continue
        raise RuntimeError("could not draw an unused invite code")

    @classmethod
    def open_for(cls, therapist: User) -> models.QuerySet[Invite]:
        return cls.objects.filter(
            therapist=therapist, redeemed_at__isnull=True, expires_at__gt=timezone.now()
        )

    @classmethod
    def usable(cls, code: str) -> Invite | None:
        """The invite this code names while it can still be redeemed, else None."""
        return (
            cls.objects.select_related("therapist")
            .filter(code=normalise_code(code), redeemed_at__isnull=True,
                    expires_at__gt=timezone.now())
            .first()
        )


class LinkStatus(models.TextChoices):
    ACTIVE = "active", "Sharing"
    REVOKED = "revoked", "Stopped"


class LinkError(ValueError):
    """A link cannot be made or changed this way; the message says why, for the person."""


class Link(models.Model):
    """A client's consent for one therapist to see some of their data, until it expires or
    the client stops it. Only the client changes it."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_therapists"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_clients"
    )
    scopes = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=LinkStatus.choices, default=LinkStatus.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(client=models.F("therapist")), name="practice_link_not_self"
            ),
            models.CheckConstraint(
                condition=Q(status__in=LinkStatus.values), name="practice_link_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=LinkStatus.ACTIVE, revoked_at__isnull=True)
                | Q(status=LinkStatus.REVOKED, revoked_at__isnull=False),
                name="practice_link_revoked_has_time",
            ),
            models.UniqueConstraint(
                fields=["client", "therapist"],
                condition=Q(status=LinkStatus.ACTIVE),
                name="practice_one_active_link_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"link {self.pk}"

    # --- reading ---------------------------------------------------------------------

    def is_active(self, now: datetime | None = None) -> bool:
        return self.status == LinkStatus.ACTIVE and self.expires_at > (now or timezone.now())

    @property
    def state(self) -> str:
        """'sharing', 'expired' or 'stopped', for pages and the API."""
        if self.status == LinkStatus.REVOKED:
            return "stopped"
        return "sharing" if self.is_active() else "expired"

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def scope_names(self) -> list[str]:
        return [Scope.short(s) for s in self.scopes]

    @classmethod
    def for_client(cls, client: User) -> models.QuerySet[Link]:
        return cls.objects.filter(client=client).select_related("therapist")

    @classmethod
    def active_for_therapist(cls, therapist: User) -> models.QuerySet[Link]:
        return cls.objects.filter(
            therapist=therapist, status=LinkStatus.ACTIVE, expires_at__gt=timezone.now()
        ).select_related("client")

    @classmethod
    def active_for_client(cls, client: User) -> models.QuerySet[Link]:
        return cls.objects.filter(
            client=client, status=LinkStatus.ACTIVE, expires_at__gt=timezone.now()
        ).select_related("therapist")

    # --- changes (each only by the client) --------------------------------------------

    @classmethod
    def redeem(cls, invite_code: str, client: User, scopes: Iterable[str]) -> Link:
        """Turn an invite into a link sharing `scopes` (LinkError if the code is unusable,
        the client is the therapist, or they are linked already)."""
        chosen = clean_scopes(scopes)
        with transaction.atomic():
            invite = Invite.usable(invite_code)
            if invite is None:
                raise LinkError("That code is not valid: it may be mistyped, used or expired.")
            invite = Invite.objects.select_for_update().get(pk=invite.pk)
            if invite.redeemed_at is not None:
                raise LinkError("That code is not valid: it may be mistyped, used or expired.")
            if invite.therapist_id == client.pk:
                raise LinkError("This is your own invite; give it to a client.")
            if cls.active_for_client(client).filter(therapist_id=invite.therapist_id).exists():
                raise LinkError(
                    f"You already share with {invite.therapist}; change what you share there."
                )
            # An expired link of the same pair is closed, so the new one stands alone.
            now = timezone.now()
            cls.objects.filter(
                client=client, therapist_id=invite.therapist_id, status=LinkStatus.ACTIVE
            ).update(status=LinkStatus.REVOKED, revoked_at=now)
            invite.redeemed_at = now
            invite.save(update_fields=["redeemed_at"])
            return cls.objects.create(
                client=client, therapist_id=invite.therapist_id, scopes=chosen,
                created_at=now, expires_at=now + LINK_VALID,
            )

    def _require_open(self) -> None:
        if self.status != LinkStatus.ACTIVE:
            raise LinkError("Sharing with this therapist has stopped; make a new link instead.")

    def set_scopes(self, scopes: Iterable[str]) -> None:
        self._require_open()
        self.scopes = clean_scopes(scopes)
        self.save(update_fields=["scopes"])

    def renew(self) -> None:
        """Another six months from now."""
        self._require_open()
        self.expires_at = timezone.now() + LINK_VALID
        self.save(update_fields=["expires_at"])

    def revoke(self) -> None:
        """Stop sharing at once; the access log stays for the client to read."""
        if self.status == LinkStatus.REVOKED:
            return
        self.status = LinkStatus.REVOKED
        self.revoked_at = timezone.now()
        self.save(update_fields=["status", "revoked_at"])

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "link",
            "id": self.pk,
            "client": str(self.client),
            "therapist": str(self.therapist),
            "scopes": list(self.scopes),
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


class Channel(models.TextChoices):
    """How a therapist opened a client's data."""

    PAGE = "page", "on the website"
    API = "api", "through the API"
    DIGEST = "digest", "for the daily email"
    COMMAND_LINE = "command_line", "from the server's command line"


class AccessLog(models.Model):
    """One time a therapist's request read a client's data: which scopes, how and when.
    Written only by practice.access.client_data, the one door to a client's data."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="access_log")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    scopes = models.JSONField(default=list)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    what = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="practice_access_channel_valid"
            )
        ]

    def __str__(self) -> str:
        return f"access {self.pk}"

    @property
    def scope_names(self) -> list[str]:
        return [Scope.short(s) for s in self.scopes]

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "access",
            "link": self.link_id,
            "at": self.at.isoformat(),
            "scopes": list(self.scopes),
            "channel": self.channel,
            "what": self.what,
        }


class Programme(models.Model):
    """One version of the home programme a therapist set for a client (through their link).
    Editing adds a version; the newest is the plan."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="programmes")
    version = models.PositiveIntegerField()
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering: ClassVar = ["-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["link", "version"], name="practice_one_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="practice_version_1_up"),
        ]

    def __str__(self) -> str:
        return f"programme {self.link_id} v{self.version}"

    @classmethod
    def current_for(cls, link: Link) -> Programme | None:
        return cls.objects.filter(link=link).prefetch_related("items").first()

    @classmethod
    def set_for(cls, link: Link, items: Sequence[plan.PlannedItem], note: str) -> Programme:
        """Store a new version (plan.check_items has vetted the items)."""
        if not link.is_active():
            raise LinkError("This client no longer shares with you.")
        with transaction.atomic():
            Link.objects.select_for_update().get(pk=link.pk)
            last = cls.objects.filter(link=link).aggregate(v=models.Max("version"))["v"] or 0
            programme = cls.objects.create(link=link, version=last + 1, note=note.strip())
            ProgrammeItem.objects.bulk_create(
                ProgrammeItem(programme=programme, position=i, **item.fields())
                for i, item in enumerate(items)
            )
        return programme

    def planned(self) -> list[plan.PlannedItem]:
        return [item.planned() for item in self.items.all()]

    def previous(self) -> Programme | None:
        return (
            Programme.objects.filter(link_id=self.link_id, version__lt=self.version)
            .prefetch_related("items")
            .first()
        )

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "programme",
            "link": self.link_id,
            "version": self.version,
            "note": self.note,
            "created_at": self.created_at.isoformat(),
            "items": [item.fields() for item in self.planned()],
        }


class ProgrammeItem(models.Model):
    """One routine of a programme: how often a week, and for how long or how many times."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    protocol = models.CharField(max_length=64)
    variant = models.CharField(max_length=32, blank=True)
    times_per_week = models.PositiveSmallIntegerField()
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    repetitions = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(times_per_week__gte=1, times_per_week__lte=7),
                name="practice_item_1_to_7_a_week",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=False, repetitions__isnull=True)
                | Q(minutes__isnull=True, repetitions__isnull=False),
                name="practice_item_minutes_or_repetitions",
            ),
            models.UniqueConstraint(
                fields=["programme", "protocol"], name="practice_item_one_per_routine"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.protocol} × {self.times_per_week}"

    def planned(self) -> plan.PlannedItem:
        return plan.PlannedItem(
            protocol=self.protocol,
            variant=self.variant,
            times_per_week=self.times_per_week,
            minutes=self.minutes,
            repetitions=self.repetitions,
        )


class ReminderWindow(models.TextChoices):
    EARLY = "06-09", "Early, 6 to 9 in the morning"
    MORNING = "09-12", "Morning, 9 to 12"
    AFTERNOON = "12-17", "Afternoon, 12 to 5"
    EVENING = "17-21", "Evening, 5 to 9"

    @classmethod
    def hours(cls, value: str) -> tuple[int, int]:
        start, end = value.split("-")
        return int(start), int(end)


class Reminders(models.Model):
    """A member's reminder choices: email on planned days in a window, and the calendar feed's
    secret address. Paused after two reminders in a row went without a session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_reminders"
    )
    email = models.BooleanField(default=False)
    window = models.CharField(
        max_length=8, choices=ReminderWindow.choices, default=ReminderWindow.EVENING
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)
    unanswered = models.PositiveSmallIntegerField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(window__in=ReminderWindow.values), name="practice_window_valid"
            )
        ]

    def __str__(self) -> str:
        return f"reminders of {self.user_id}"

    @classmethod
    def of(cls, user: User) -> Reminders:
        found, _ = cls.objects.get_or_create(user=user)
        return found

    def choose(self, *, email: bool, window: str) -> None:
        """Turn email reminders on or off and pick the window; choosing again resumes them."""
        if window not in ReminderWindow.values:
            raise ValueError(f"unknown window {window!r}")
        self.email, self.window = email, window
        self.unanswered, self.paused_at = 0, None
        self.save(update_fields=["email", "window", "unanswered", "paused_at"])

    def note_sent(self, when: datetime, answered_since_last: bool) -> None:
        """A reminder went out at `when`; count the last one as unanswered if no session came."""
        self.unanswered = 0 if answered_since_last or self.last_sent_at is None else (
            self.unanswered + 1
        )
        self.last_sent_at = when
        self.save(update_fields=["last_sent_at", "unanswered"])

    def pause(self, when: datetime, answered_since_last: bool) -> None:
        self.unanswered = self.unanswered + (0 if answered_since_last else 1)
        self.paused_at = when
        self.save(update_fields=["unanswered", "paused_at"])

    def new_feed(self) -> str:
        """A new secret calendar address; the old one (if any) stops working."""
        self.feed_token = secrets.token_urlsafe(24)
        self.save(update_fields=["feed_token"])
        return self.feed_token

    def stop_feed(self) -> None:
        self.feed_token = None
        self.save(update_fields=["feed_token"])

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "reminders",
            "email": self.email,
            "window": self.window,
            "last_sent_at": self.last_sent_at.isoformat() if self.last_sent_at else None,
            "unanswered": self.unanswered,
            "paused_at": self.paused_at.isoformat() if self.paused_at else None,
            "calendar_feed": self.feed_token is not None,
        }


class JobRun(models.Model):
    """One periodic job claimed for one time slot, so that several workers (on several
    machines) queue it once: the unique constraint lets only the first claim in."""

    job = models.CharField(max_length=40)
    slot = models.DateTimeField()
    claimed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["job", "slot"], name="practice_job_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"

    @classmethod
    def claim(cls, job: str, slot: datetime) -> bool:
        """True for the one caller that claims this job's slot first."""
        try:
            with transaction.atomic():
                cls.objects.create(job=job, slot=slot)
        except IntegrityError:
            return False
        return True

    @classmethod
    def forget_before(cls, cutoff: datetime) -> int:
        return cls.objects.filter(slot__lt=cutoff).delete()[0]
