"""What a listing looks like on the way in (API, web form, JSON import) and on the way out.

ListingIn holds every rule a listing's fields must meet, so the three ways in cannot drift
apart; editing.py then resolves the location, which needs the database.
"""

import re
from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    AfterValidator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from hiphub.anatomy.atlas import load as load_anatomy
from hiphub.core.parsing import NUL_MESSAGE
from hiphub.directory import techniques as vocabulary
from hiphub.directory.search import MAX_MINUTES, OIL_ORDER

_PHONE = re.compile(r"^\+?[0-9 ()\-.]{5,40}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError(NUL_MESSAGE)
    return text.strip()


def _one_line(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise ValueError("must be a single line")
    return text


def _technique(value: str) -> str:
    known = vocabulary.load().techniques
    if value not in known:
        raise ValueError(
            f"unknown technique {value!r}; known: {', '.join(known)}"
        )
    return value


def _region(value: str) -> str:
    atlas = load_anatomy()
    if value in atlas.alert_regions:
        raise ValueError(f"{value!r} is a warning-sign area, not an area a therapist treats")
    if value not in atlas.body_regions:
        raise ValueError(
            f"unknown body region {value!r} (the ids are listed at /api/anatomy/regions)"
        )
    return value


def _enum_of(ids: Any) -> Any:
    def extra(schema: dict[str, Any]) -> None:
        schema["enum"] = list(ids())

    return extra


Text = Annotated[str, AfterValidator(_no_nul)]
Line = Annotated[str, AfterValidator(_no_nul), AfterValidator(_one_line)]
TechniqueId = Annotated[
    str, AfterValidator(_technique),
    Field(json_schema_extra=_enum_of(lambda: vocabulary.load().techniques)),
]
RegionId = Annotated[
    str, AfterValidator(_region),
    Field(json_schema_extra=_enum_of(lambda: load_anatomy().body_regions)),
]
Minutes = Annotated[StrictInt, Field(ge=1, le=MAX_MINUTES)]
OilLevel = Annotated[str, Field(json_schema_extra={"enum": list(OIL_ORDER)})]


class ListingIn(Schema):
    """A whole listing. The location is `postcode` (a postcode or place name loaded on the
    site) or `latitude` and `longitude`; a home address is shown rounded to about 1 km."""

    name: Line = Field(min_length=1, max_length=80, description="The name shown.")
    practice_name: Line = Field(default="", max_length=120)
    what_to_expect: Text = Field(default="", max_length=2000)
    languages: list[Annotated[Line, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=10
    )
    accessibility: Text = Field(default="", max_length=500)
    price_range: Line = Field(default="", max_length=100)
    website: Line = Field(default="", max_length=200)
    phone: Line = Field(default="", max_length=40)
    techniques: list[TechniqueId] = Field(min_length=1, max_length=20)
    hands_on_minutes: list[Minutes] = Field(
        min_length=1, max_length=6,
        description="Session lengths in minutes of hands-on time (not counting the talk "
        "before, undressing or dressing).",
    )
    regions: list[RegionId] = Field(min_length=1, max_length=30)
    oil: OilLevel
    accepting_new_clients: StrictBool
    latitude: StrictFloat | StrictInt | None = Field(default=None, ge=-90, le=90)
    longitude: StrictFloat | StrictInt | None = Field(
        default=None, ge=-180, le=180, validate_default=True
    )
    # After the coordinates, so its check can see them and name this field.
    postcode: Line = Field(
        default="", max_length=100, validate_default=True,
        description="A postcode or place name loaded on the site (or give latitude and "
        "longitude instead).",
    )
    works_from_home: StrictBool = False
    travel_radius_km: StrictInt | None = Field(
        default=None, ge=1, le=300, description="For mobile therapists: how far they travel."
    )

    @field_validator("oil")
    @classmethod
    def known_oil(cls, value: str) -> str:
        if value not in OIL_ORDER:
            raise ValueError(f"must be one of {', '.join(OIL_ORDER)}")
        return value

    @field_validator("website")
    @classmethod
    def a_web_address(cls, value: str) -> str:
        if value and not _URL.match(value):
            raise ValueError("must be a web address starting with https:// or http://")
        return value

    @field_validator("phone")
    @classmethod
    def a_phone_number(cls, value: str) -> str:
        if value and not _PHONE.match(value):
            raise ValueError("may hold only digits, spaces, +, brackets, dots and dashes")
        return value

    @field_validator("techniques", "regions", "languages", "hands_on_minutes")
    @classmethod
    def no_repeats(cls, value: list[Any]) -> list[Any]:
        return list(dict.fromkeys(value))

    @field_validator("longitude")
    @classmethod
    def both_coordinates(cls, value: float | None, info: ValidationInfo) -> float | None:
        if "latitude" in info.data and (info.data["latitude"] is None) != (value is None):
            raise ValueError("give both latitude and longitude, or neither")
        return value

    @field_validator("postcode")
    @classmethod
    def one_location(cls, value: str, info: ValidationInfo) -> str:
        if "latitude" not in info.data or "longitude" not in info.data:
            return value  # a coordinate is wrong, and says so itself
        has_point = info.data["latitude"] is not None
        if not value and not has_point:
            raise ValueError("give a postcode or place (or latitude and longitude)")
        if value and has_point:
            raise ValueError("give a postcode or coordinates, not both")
        return value


class VerifiedOut(Schema):
    on: date
    method: str


class TherapistOut(Schema):
    """One search result. `distance_km` is null unless the search was near a place."""

    id: int
    name: str
    practice_name: str
    techniques: list[str]
    hands_on_minutes: list[int]
    regions: list[str]
    oil: str
    accepting_new_clients: bool
    confirmed_on: date
    stale: bool = Field(description="Not confirmed for more than 90 days.")
    verified: VerifiedOut | None
    place: str
    distance_km: float | None
    works_from_home: bool
    travel_radius_km: int | None
    url: str


class LoosenOut(Schema):
    field: str
    label: str
    count: int


class NearOut(Schema):
    place: str
    latitude: float
    longitude: float
    within_km: float


class SearchOut(Schema):
    count: int
    results: list[TherapistOut]
    near: NearOut | None = None
    loosen: list[LoosenOut] = Field(
        default_factory=list,
        description="When nothing matches: how many would match with one filter loosened.",
    )


class CredentialOut(Schema):
    id: int
    body: str
    number: str
    jurisdiction: str
    expires_on: date | None
    verified: VerifiedOut | None
    status: str = Field(description="pending, verified, lapsed or rejected")


class TherapistDetailOut(TherapistOut):
    what_to_expect: str
    languages: list[str]
    accessibility: str
    price_range: str
    website: str
    phone: str
    credentials: list[CredentialOut]


class MyListingOut(TherapistDetailOut):
    """The owner's view adds what they typed as their location."""

    postcode: str


class CredentialIn(Schema):
    body: Line = Field(min_length=1, max_length=120, description="The register or association.")
    number: Line = Field(min_length=1, max_length=60)
    jurisdiction: Line = Field(min_length=1, max_length=80)
    expires_on: date | None = None


class ConfirmIn(Schema):
    accepting_new_clients: StrictBool


def field_errors(error: ValidationError) -> dict[str, str]:
    """pydantic's errors as {field: message}, the first per field, for forms and the CLI.
    A whole-listing rule says its field before a colon ("postcode: give ...")."""
    errors: dict[str, str] = {}
    for item in error.errors():
        message = str(item["msg"]).removeprefix("Value error, ")
        loc = [str(p) for p in item["loc"]]
        field = loc[0] if loc else "listing"
        if not loc and ": " in message:
            field, message = message.split(": ", 1)
        errors.setdefault(field, message)
    return errors
