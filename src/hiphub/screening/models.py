"""What hiphub keeps from screening: a member's safety checks and questionnaire results.

Visitors' answers are never stored here (only in their browser session; see gate.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from hiphub.screening import questionnaires, redflags
from hiphub.screening.redflags import Level

if TYPE_CHECKING:
    from hiphub.accounts.models import User


class SafetyLevel(models.TextChoices):
    SELF_CARE = Level.SELF_CARE.value, "Self-care is reasonable"
    SEE_GP_SOON = Level.SEE_GP_SOON.value, "See a GP soon"
    URGENT_SAME_DAY = Level.URGENT_SAME_DAY.value, "Urgent: be seen today"
    EMERGENCY = Level.EMERGENCY.value, "Emergency: get help now"


class SafetyCheck(models.Model):
    """One completed safety check: the level reached and the flags answered yes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_checks"
    )
    level = models.CharField(max_length=20, choices=SafetyLevel.choices)
    flags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"safety check {self.pk}: {self.level}"

    @classmethod
    def record(cls, user: User, answered_yes: list[str]) -> SafetyCheck:
        """Triage the flags answered yes and store the result (UnknownFlagError if unknown)."""
        level = redflags.triage(answered_yes)
        return cls.objects.create(user=user, level=level.value, flags=sorted(set(answered_yes)))

    @classmethod
    def latest_for(cls, user: User) -> SafetyCheck | None:
        return cls.objects.filter(user=user).order_by("-created_at", "-pk").first()

    @property
    def level_enum(self) -> Level:
        return Level(self.level)

    @property
    def blocks_self_care(self) -> bool:
        return self.level_enum.blocks_self_care

    def is_recent(self, now: datetime | None = None) -> bool:
        from hiphub.screening.gate import GATE_WINDOW

        now = now or timezone.now()
        return now - self.created_at <= GATE_WINDOW

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "safety_check",
            "id": self.pk,
            "level": self.level,
            "flags": list(self.flags),
            "created_at": self.created_at.isoformat(),
        }


class QuestionnaireResult(models.Model):
    """One completed questionnaire of a member, with its answers and score."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_results"
    )
    instrument = models.CharField(max_length=32)
    answers = models.JSONField(default=dict)
    total = models.FloatField()
    percent = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=32, blank=True)
    label = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        indexes: ClassVar = [models.Index(fields=["user", "instrument", "created_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} result {self.pk}"

    @classmethod
    def record(
        cls, user: User, instrument_id: str, answers: dict[str, int | None]
    ) -> QuestionnaireResult:
        """Score the answers (AnswerError if they are bad) and store the result."""
        result = questionnaires.score(instrument_id, answers)
        return cls.objects.create(
            user=user,
            instrument=instrument_id,
            answers=dict(answers),
            total=float(result.total),
            percent=result.percent,
            band=result.band or "",
            label=result.label or result.band_label or "",
        )

    @classmethod
    def latest_for(cls, user: User, instrument_id: str) -> QuestionnaireResult | None:
        return (
            cls.objects.filter(user=user, instrument=instrument_id)
            .order_by("-created_at", "-pk")
            .first()
        )

    def score(self) -> questionnaires.Score:
        """The full score, worked out again from the stored answers."""
        return questionnaires.score(self.instrument, self.answers)

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "questionnaire_result",
            "id": self.pk,
            "instrument": self.instrument,
            "answers": dict(self.answers),
            "total": self.total,
            "percent": self.percent,
            "band": self.band,
            "label": self.label,
            "created_at": self.created_at.isoformat(),
        }


def export_for(user: User) -> list[dict[str, Any]]:
    """Every safety check and questionnaire result of this user, oldest first."""
    checks = [c.as_record() for c in SafetyCheck.objects.filter(user=user).order_by("created_at")]
    results = [r.as_record() for r in QuestionnaireResult.objects.filter(user=user)]
    return checks + results
