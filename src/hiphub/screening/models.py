"""What hiphub keeps from screening: a member's safety checks and questionnaire results.

Visitors' answers are never stored here: they live in their server-side session only (see
gatekeeper.py), which is deleted when it goes stale.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models, transaction
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
        """Triage the flags answered yes and store the result (UnknownFlagError if unknown).

        A clinician's clearance lapses when the signs that would block self-care change.
        """
        level = redflags.triage(answered_yes)
        flags = sorted(set(answered_yes))
        with transaction.atomic():
            check = cls.objects.create(user=user, level=level.value, flags=flags)
            ClinicianClearance.lapse_unless_for(user, blocking_flags(flags), check.created_at)
        return check

    @classmethod
    def latest_for(cls, user: User) -> SafetyCheck | None:
        return cls.objects.filter(user=user).order_by("-created_at", "-pk").first()

    @property
    def level_enum(self) -> Level:
        return Level(self.level)

    @property
    def blocks_self_care(self) -> bool:
        return self.level_enum.blocks_self_care

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "safety_check",
            "id": self.pk,
            "level": self.level,
            "flags": list(self.flags),
            "created_at": self.created_at.isoformat(),
        }


def blocking_flags(flags: list[str] | tuple[str, ...]) -> list[str]:
    """The flags among these that would block self-care on their own, sorted."""
    known = redflags.load().flags
    return sorted(f for f in set(flags) if f in known and known[f].level.blocks_self_care)


class PreSessionCheck(models.Model):
    """The short "anything new?" check a member answered before a session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pre_session_checks"
    )
    yes = models.JSONField(default=list, blank=True)  # ids of the questions answered yes
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"pre-session check {self.pk}"

    @classmethod
    def record(cls, user: User, answered_yes: list[str]) -> PreSessionCheck:
        known = {q.id for q in redflags.load().pre_session}
        unknown = sorted(set(answered_yes) - known)
        if unknown:
            raise redflags.UnknownFlagError(unknown)
        return cls.objects.create(user=user, yes=sorted(set(answered_yes)))

    @classmethod
    def latest_for(cls, user: User) -> PreSessionCheck | None:
        return cls.objects.filter(user=user).order_by("-created_at", "-pk").first()

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "pre_session_check",
            "id": self.pk,
            "yes": list(self.yes),
            "created_at": self.created_at.isoformat(),
        }


class ClinicianClearance(models.Model):
    """A member's record that a doctor or physiotherapist assessed these warning signs since
    they began and said self-care is fine. It sets those signs aside for six months from the
    assessment, until the member's answers about blocking signs change (then it lapses)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clearances"
    )
    flags = models.JSONField(default=list)  # the cleared flags (all clearable)
    assessed_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    lapsed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-recorded_at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(lapsed_at__isnull=True)
                | models.Q(lapsed_at__gte=models.F("recorded_at")),
                name="clearance_lapses_after_recording",
            )
        ]

    def __str__(self) -> str:
        return f"clearance {self.pk} of {', '.join(self.flags)}"

    @classmethod
    def record(cls, user: User, flags: list[str], assessed_on: date) -> ClinicianClearance:
        """Store a clearance of these flags (ValueError if one cannot be cleared)."""
        redflags.check_known(flags)
        refused = sorted(set(flags) - set(redflags.clearable(flags)))
        if refused or not flags:
            raise ValueError("these signs cannot be cleared here: " + ", ".join(refused))
        return cls.objects.create(user=user, flags=sorted(set(flags)), assessed_on=assessed_on)

    @classmethod
    def active_for(cls, user: User) -> list[ClinicianClearance]:
        return list(cls.objects.filter(user=user, lapsed_at__isnull=True))

    @classmethod
    def lapse_unless_for(cls, user: User, blocking: list[str], when: Any) -> int:
        """End every active clearance whose flags are not exactly the blocking signs of a new
        check (a new sign, or a cleared one answered no, means the assessment is out of date)."""
        ended = 0
        for clearance in cls.active_for(user):
            if sorted(clearance.flags) != blocking:
                clearance.lapsed_at = when
                clearance.save(update_fields=["lapsed_at"])
                ended += 1
        return ended

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "clinician_clearance",
            "id": self.pk,
            "flags": list(self.flags),
            "assessed_on": self.assessed_on.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "lapsed_at": self.lapsed_at.isoformat() if self.lapsed_at else None,
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
    quick = [c.as_record() for c in PreSessionCheck.objects.filter(user=user).order_by("pk")]
    cleared = [c.as_record() for c in ClinicianClearance.objects.filter(user=user).order_by("pk")]
    results = [r.as_record() for r in QuestionnaireResult.objects.filter(user=user)]
    return checks + quick + cleared + results
