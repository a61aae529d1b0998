from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from hiphub.core.constraints import rating_ok as _rating_ok

RATING_FIELDS = ("pain_before", "pain_after", "tension_before", "tension_after")


class JournalSession(models.Model):
    """One self-care session of a member: when, how long, and how they felt before and after."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_sessions"
    )
    protocol = models.CharField(max_length=64, default="positional_release")
    # How the routine was set up (a variant id of the protocol, e.g. "side_lying"); blank for
    # sessions recorded before variants existed or imported without one.
    variant = models.CharField(max_length=32, blank=True)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # Minutes actually spent relaxing (rest routines) or exercising (exercise routines), as
    # the server measured them, never more than chosen; `planned_minutes` is what was chosen.
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    cut_short = models.BooleanField(null=True, blank=True)  # None: not known (older sessions)
    done_steps = models.JSONField(default=list, blank=True)  # exercises completed
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    tension_before = models.PositiveSmallIntegerField(null=True, blank=True)
    tension_after = models.PositiveSmallIntegerField(null=True, blank=True)
    twitches = models.BooleanField(null=True, blank=True)
    regions = models.JSONField(default=list, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-started_at"]
        indexes: ClassVar = [models.Index(fields=["user", "started_at"])]
        constraints: ClassVar = [
            *(
                models.CheckConstraint(condition=_rating_ok(f), name=f"journal_{f}_0_10")
                for f in RATING_FIELDS
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="journal_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=0, minutes__lte=240),
                name="journal_minutes_0_240",
            ),
            models.CheckConstraint(
                condition=Q(planned_minutes__isnull=True)
                | Q(planned_minutes__gte=1, planned_minutes__lte=240),
                name="journal_planned_minutes_1_240",
            ),
        ]

    def __str__(self) -> str:
        return f"session {self.pk} on {self.started_at:%Y-%m-%d}"

    @property
    def variant_name(self) -> str:
        """The set-up's name as the routine calls it ("On your side"), or the stored id."""
        from hiphub.selfcare.protocol import UnknownProtocolError, get

        if not self.variant:
            return ""
        try:
            return get(self.protocol).variant(self.variant).name
        except (UnknownProtocolError, ValueError):
            return self.variant

    @property
    def routine_title(self) -> str:
        """The routine's title ("Hip and trunk strengthening"), or the stored id."""
        from hiphub.selfcare.protocol import UnknownProtocolError, get

        try:
            return get(self.protocol).title
        except UnknownProtocolError:
            return self.protocol

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "protocol": self.protocol,
            "variant": self.variant,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "minutes": self.minutes,
            "planned_minutes": self.planned_minutes,
            "cut_short": self.cut_short,
            "done_steps": self.done_steps,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "tension_before": self.tension_before,
            "tension_after": self.tension_after,
            "twitches": self.twitches,
            "regions": self.regions,
            "notes": self.notes,
        }
