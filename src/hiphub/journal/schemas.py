"""What a journal session looks like on the way in and out. One schema validates sessions
from the API, the web player and the terminal player alike."""

from datetime import datetime, timedelta
from typing import Annotated, Any, Self

from django.utils import timezone
from ninja import Schema
from pydantic import Field, ValidationError, field_validator, model_validator

from hiphub.anatomy.atlas import load as load_anatomy

Rating = Annotated[int | None, Field(default=None, ge=0, le=10)]
EARLIEST_YEAR = 1900


class SessionIn(Schema):
    protocol: str = Field(default="positional_release", max_length=64)
    variant: str = Field(
        default="",
        max_length=32,
        description="How the routine was set up: one of the protocol's variant ids "
        '(e.g. "thigh_pillows", "knees_up", "side_lying"), or empty.',
    )
    started_at: datetime
    ended_at: datetime | None = None
    minutes: int | None = Field(default=None, ge=1, le=240)
    pain_before: Rating = None
    pain_after: Rating = None
    tension_before: Rating = None
    tension_after: Rating = None
    twitches: bool | None = None
    regions: list[str] = Field(default_factory=list, max_length=len(load_anatomy().body_regions))
    notes: str = Field(default="", max_length=2000)

    @field_validator("started_at", "ended_at")
    @classmethod
    def a_real_time(cls, value: datetime | None) -> datetime | None:
        """A time between 1900 and tomorrow; without an offset it is read in the site's zone
        (as the web form and CSV import do)."""
        if value is None:
            return None
        now = timezone.now()
        if value.year < EARLIEST_YEAR or value.year > now.year + 1:
            raise ValueError(f"must be a date between {EARLIEST_YEAR} and today")
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_current_timezone())
        if value > now + timedelta(days=1):
            raise ValueError("cannot be in the future")
        return value

    @model_validator(mode="after")
    def ends_after_it_starts(self) -> Self:
        if self.ended_at is None:
            return self
        if self.ended_at < self.started_at:
            raise ValueError("ended_at: a session cannot end before it starts")
        return self

    @model_validator(mode="after")
    def a_variant_of_its_protocol(self) -> Self:
        """A variant, when given, must be one the protocol has."""
        from hiphub.selfcare.protocol import UnknownProtocolError, get

        if not self.variant:
            return self
        try:
            get(self.protocol).variant(self.variant)
        except UnknownProtocolError:
            return self  # the protocol itself is checked on its own
        except ValueError as exc:
            raise ValueError(f"variant: {exc}") from None
        return self


class SessionOut(SessionIn):
    id: int


class ChangeSummary(Schema):
    """Before/after statistics for one measure; see journal/stats.py for the definitions."""

    measure: str
    pairs: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None = Field(
        description="Mean of before − after: positive means lower after the session (the "
        "pages say it in words: 'pain went down by 2.1 points (6.5 → 4.4)')."
    )
    ci95: list[float] | None = Field(
        description="95 % t interval for mean_change (before − after), treating sessions as "
        "independent, which they are not: optimistic."
    )
    median_change: float | None = Field(description="Median of before − after.")
    wilcoxon_p: float | None
    wilcoxon_note: str
    responders: int = Field(description="Sessions whose rating fell by 2 points or more.")
    responder_rate: float | None = Field(
        description="responders among sessions that started at 2 or more (room for a 2-point "
        "fall); null when there are none."
    )
    zero_baseline: int = Field(description="Sessions that started at 0.")
    trend_per_week: float | None = Field(
        description="Theil–Sen slope of the before ratings over time, points per week: "
        "negative means they are falling."
    )
    trend_ci95: list[float] | None
    trend_points: int
    interpretation: list[str]


class JournalSummary(Schema):
    sessions: int
    pain: ChangeSummary
    tension: ChangeSummary
    trend_per_week: float | None  # Theil–Sen slope of before-session pain, points per week
    sessions_per_week: float  # average over the last four weeks
    last_four_weeks: list[int]  # sessions in each of the last four 7-day spans, oldest first
    weekly_counts: list[int]  # sessions in each calendar week, first session to last
    first_week: str | None  # Monday of the first week in weekly_counts
    mean_sessions_per_week: float | None
    interpretation: list[str]


def field_errors(error: ValidationError) -> dict[str, str]:
    """pydantic's errors as {field: message}, for forms and the CLI."""
    errors: dict[str, str] = {}
    for item in error.errors():
        message = str(item["msg"]).removeprefix("Value error, ")
        field = ".".join(str(part) for part in item["loc"]) or "session"
        if ": " in message and not item["loc"]:
            field, message = message.split(": ", 1)
        errors.setdefault(field, message)
    return errors


def parse_session(data: dict[str, Any]) -> SessionIn:
    return SessionIn.model_validate(data)
