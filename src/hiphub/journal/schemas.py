"""What a journal session looks like on the way in and out. One schema validates sessions
from the API, the web player and the terminal player alike."""

import re
from datetime import datetime, timedelta
from typing import Annotated, Any, Self

from django.utils import timezone
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from hiphub.anatomy.atlas import load as load_anatomy
from hiphub.core.parsing import NUL_MESSAGE
from hiphub.selfcare.protocol import UnknownProtocolError, protocols
from hiphub.selfcare.protocol import get as get_protocol

# Numbers are strict: the API refuses true or "6" where a number belongs (the CSV reader
# turns its text cells into numbers before they get here).
Rating = Annotated[StrictInt | None, Field(default=None, ge=0, le=10)]
EARLIEST_YEAR = 1900
DEFAULT_PROTOCOL = "positional_release"


_NUMBER = re.compile(r"\s*[+-]?[0-9.]+\s*")


def _written_time(value: Any) -> Any:
    """pydantic would read 0 or "1700000000" as seconds since 1970: a time must be written."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("must be a date and time written out, such as 2026-11-24T08:30:00+00:00")
    return value


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError(NUL_MESSAGE)
    return text


def _known_protocol(protocol_id: str) -> str:
    known = protocols()
    if protocol_id not in known:
        raise ValueError(f"unknown protocol {protocol_id!r}; known: {', '.join(sorted(known))}")
    return protocol_id


def _known_region(region_id: str) -> str:
    if region_id not in load_anatomy().body_regions:
        raise ValueError(
            f"unknown body region {region_id!r} (the ids are listed at /api/anatomy/regions)"
        )
    return region_id


def _enum_of(ids: Any) -> Any:
    """Lists the valid ids in the published schema, read when the schema is generated."""

    def extra(schema: dict[str, Any]) -> None:
        schema["enum"] = sorted(ids())

    return extra


Moment = Annotated[datetime, BeforeValidator(_written_time)]
Text = Annotated[str, AfterValidator(_no_nul)]
ProtocolId = Annotated[
    str, AfterValidator(_no_nul), AfterValidator(_known_protocol),
    Field(json_schema_extra=_enum_of(protocols)),
]
RegionId = Annotated[
    str, AfterValidator(_no_nul), AfterValidator(_known_region),
    Field(json_schema_extra=_enum_of(lambda: load_anatomy().body_regions)),
]


class SessionRecord(Schema):
    """A session as it is stored and read back. Records kept before the protocol and region
    checks of SessionIn existed are still read as they are."""

    protocol: Text = Field(default=DEFAULT_PROTOCOL, max_length=64)
    variant: Text = Field(
        default="",
        max_length=32,
        description="How the routine was set up: one of the protocol's variant ids "
        '(e.g. "thigh_pillows", "knees_up", "side_lying"), or empty.',
    )
    started_at: Moment
    ended_at: Moment | None = None
    minutes: StrictInt | None = Field(
        default=None,
        ge=0,
        le=240,
        description="Minutes actually spent: in the relaxation of a rest routine, or on the "
        "exercises of an exercise routine (0 when it was stopped at once).",
    )
    planned_minutes: StrictInt | None = Field(
        default=None, ge=1, le=240, description="The relaxation length chosen, if any."
    )
    cut_short: StrictBool | None = Field(
        default=None,
        description="True when the session ended before its chosen length or before every "
        "exercise was done; null when not known (sessions recorded before this was kept).",
    )
    done_steps: list[Annotated[str, Field(max_length=64)]] = Field(
        default_factory=list,
        max_length=50,
        description="The ids of the exercises completed, for an exercise routine.",
    )
    pain_before: Rating = None
    pain_after: Rating = None
    tension_before: Rating = None
    tension_after: Rating = None
    twitches: StrictBool | None = None
    regions: list[Text] = Field(default_factory=list, max_length=len(load_anatomy().body_regions))
    notes: Text = Field(default="", max_length=2000)

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


class SessionIn(SessionRecord):
    """A session to record, from the API, the web and terminal players and CSV import alike:
    the protocol must be one of the site's routines, the variant one of its set-ups and each
    region one of the body regions."""

    protocol: ProtocolId = Field(default=DEFAULT_PROTOCOL, max_length=64)
    regions: list[RegionId] = Field(
        default_factory=list, max_length=len(load_anatomy().body_regions)
    )

    @model_validator(mode="after")
    def a_variant_of_its_protocol(self) -> Self:
        """A variant, when given, must be one the protocol has."""
        if not self.variant:
            return self
        try:
            get_protocol(self.protocol).variant(self.variant)
        except UnknownProtocolError:
            return self  # the protocol itself is checked on its own
        except ValueError as exc:
            raise ValueError(f"variant: {exc}") from None
        return self


class SessionOut(SessionRecord):
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
