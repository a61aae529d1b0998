"""The fair test's records: an experiment and its slots, each slot's condition drawn and
stored when the experiment starts. The design and the analysis are in experiment.py."""

from datetime import date, datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q

from hiphub.accounts.models import User
from hiphub.core.constraints import rating_ok
from hiphub.reports import experiment as design

SLOT_RATINGS = design.RATINGS


class Status(models.TextChoices):
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    STOPPED = "stopped", "Stopped early"


class Condition(models.TextChoices):
    A = design.A, "A"
    B = design.B, "B"


class AlreadyRunning(Exception):
    """A member has one fair test at a time."""


class AssignmentLocked(Exception):
    """The assignment is fixed once a slot has a rating (or the test has ended)."""


class NotRunning(Exception):
    """The test has already finished or been stopped."""


class Experiment(models.Model):
    """A member's randomised comparison of routine A with B (a plain rest of the same length,
    or a second routine) over 4 or 6 weeks of planned slots."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments"
    )
    routine_a = models.CharField(max_length=64)
    routine_b = models.CharField(max_length=64)  # a protocol id, or design.REST
    minutes = models.PositiveSmallIntegerField()  # the length of a rest slot
    weeks = models.PositiveSmallIntegerField()
    weekdays = models.JSONField()  # 0 = Monday
    block_size = models.PositiveSmallIntegerField()
    # A 128-bit seed from `secrets`, as hex (too long for a database integer); kept so the
    # assignment can be checked against it, and the Monte Carlo test repeated exactly.
    seed = models.CharField(max_length=40)
    first_day = models.DateField()
    last_day = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="running"), name="reports_one_running_test"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="reports_experiment_status_valid"
            ),
            models.CheckConstraint(condition=Q(weeks__in=design.WEEKS), name="reports_weeks_4_6"),
            models.CheckConstraint(
                condition=Q(block_size__in=design.BLOCK_SIZES), name="reports_block_2_4"
            ),
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="reports_days_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"fair test {self.pk} from {self.first_day}"

    @classmethod
    @transaction.atomic
    def start(
        cls,
        user: User,
        *,
        routine_a: str,
        routine_b: str,
        minutes: int,
        weeks: int,
        weekdays: list[int],
        block_size: int,
        first_day: date,
        seed: int,
        now: datetime,
    ) -> "Experiment":
        """Create the test with every slot's condition drawn now, before any session."""
        days = design.plan_days(first_day, weeks, weekdays)
        conditions = design.assign(len(days), block_size, seed)
        if cls.objects.filter(user=user, status=Status.RUNNING).exists():
            raise AlreadyRunning
        try:
            with transaction.atomic():
                test = cls.objects.create(
                    user=user, routine_a=routine_a, routine_b=routine_b, minutes=minutes,
                    weeks=weeks, weekdays=sorted(weekdays), block_size=block_size,
                    seed=f"{seed:x}", first_day=days[0], last_day=days[-1], created_at=now,
                )
        except IntegrityError:  # another request started one a moment ago
            raise AlreadyRunning from None
        ExperimentSlot.objects.bulk_create(
            ExperimentSlot(experiment=test, position=i, day=day, condition=condition)
            for i, (day, condition) in enumerate(zip(days, conditions, strict=True))
        )
        return test

    @property
    def seed_number(self) -> int:
        return int(self.seed, 16)

    @property
    def compares_with_rest(self) -> bool:
        return self.routine_b == design.REST

    def is_due_to_finish(self, today: date) -> bool:
        """Over once the morning after the last slot has passed."""
        return self.status == Status.RUNNING and (today - self.last_day).days > 1

    def state(self, today: date) -> str:
        """The status as of today: a running test past its last morning reads as finished."""
        return Status.FINISHED if self.is_due_to_finish(today) else self.status

    def logged(self) -> bool:
        return self.slots.exclude(rated_at=None).exists()

    def replace_assignment(self, conditions: list[str]) -> None:
        """Change the stored conditions: allowed only before the first slot is logged, and
        offered by no page or route (it exists so that the refusal is one tested rule)."""
        with transaction.atomic():
            locked = Experiment.objects.select_for_update().get(pk=self.pk)
            if locked.status != Status.RUNNING or locked.logged():
                raise AssignmentLocked(
                    "The assignment is fixed: a session has been logged or the test has ended."
                )
            slots = list(locked.slots.order_by("position"))
            if len(conditions) != len(slots) or set(conditions) - set(Condition.values):
                raise ValueError("one condition, A or B, for each slot")
            for slot, condition in zip(slots, conditions, strict=True):
                slot.condition = condition
            ExperimentSlot.objects.bulk_update(slots, ["condition"])

    def stop(self, now: datetime) -> None:
        """End the test early; the record and its ratings are kept and analysed as they are."""
        if self.status != Status.RUNNING:
            raise NotRunning
        self.status, self.ended_at = Status.STOPPED, now
        self.save(update_fields=["status", "ended_at"])

    def finish(self, now: datetime) -> None:
        """Record that the planned weeks are over."""
        if self.status != Status.RUNNING:
            raise NotRunning
        self.status, self.ended_at = Status.FINISHED, now
        self.save(update_fields=["status", "ended_at"])

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "fair_test",
            "routine_a": self.routine_a,
            "routine_b": self.routine_b,
            "minutes": self.minutes,
            "weeks": self.weeks,
            "weekdays": self.weekdays,
            "block_size": self.block_size,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "slots": [s.as_record() for s in self.slots.order_by("position")],
        }


class ExperimentSlot(models.Model):
    """One planned session of a fair test: its day, its condition and its three ratings."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField()
    day = models.DateField()
    condition = models.CharField(max_length=1, choices=Condition.choices)
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_morning = models.PositiveSmallIntegerField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)  # the first rating: "logged"
    rest_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["experiment", "day"], name="reports_one_slot_a_day"),
            models.UniqueConstraint(
                fields=["experiment", "position"], name="reports_slot_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(condition__in=Condition.values), name="reports_condition_valid"
            ),
            *(
                models.CheckConstraint(condition=rating_ok(f), name=f"reports_{f}_0_10")
                for f in SLOT_RATINGS
            ),
        ]

    def __str__(self) -> str:
        return f"slot {self.position} of test {self.experiment_id} on {self.day}"

    def rate(self, ratings: dict[str, int], now: datetime) -> None:
        """Store the ratings given (the callers check the day; see experiment.rating_refusal)."""
        for name, value in ratings.items():
            if name not in SLOT_RATINGS or not 0 <= value <= 10:
                raise ValueError(f"{name}: a rating from 0 to 10")
            setattr(self, name, value)
        if self.rated_at is None:
            self.rated_at = now
        self.save(update_fields=[*ratings, "rated_at"])

    def start_rest(self, now: datetime) -> None:
        if self.rest_started_at is None:
            self.rest_started_at = now
            self.save(update_fields=["rest_started_at"])

    def as_record(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "condition": self.condition,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "pain_morning": self.pain_morning,
        }
