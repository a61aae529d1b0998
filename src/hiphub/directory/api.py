"""The directory API: search and read listings (anyone), and a therapist's own listing
(signed in, CSRF token for writes). No answer ever holds an email address."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from hiphub.accounts.guards import therapist_of
from hiphub.accounts.models import User
from hiphub.anatomy.atlas import load as load_anatomy
from hiphub.api import InputError, NotFoundError
from hiphub.directory import editing, finder, search, techniques
from hiphub.directory.models import Credential, Listing
from hiphub.directory.schemas import (
    ConfirmIn,
    CredentialIn,
    CredentialOut,
    ListingIn,
    MyListingOut,
    SearchOut,
    TherapistDetailOut,
)
from hiphub.directory.search import FilterError

router = Router(tags=["directory"])


class DirectoryError(Schema):
    detail: str


class TherapistQuery(Schema):
    technique: list[str] = Field(
        default_factory=list,
        description="Offers this technique (repeat for several: all must match). Ids as in "
        "GET /api/directory/techniques.",
    )
    min_minutes: int | None = Field(
        default=None, description="Offers a session with at least this many hands-on minutes."
    )
    region: list[str] = Field(
        default_factory=list,
        description="Treats this body region (repeat: all must match); ids as in "
        "GET /api/anatomy/regions.",
    )
    oil: str | None = Field(
        default=None, description="Uses at most this much oil: none, little or normal."
    )
    accepting: bool | None = Field(default=None, description="Accepting new clients.")
    near: str | None = Field(
        default=None, description="A postcode or place name; results are sorted by distance."
    )
    within_km: float | None = Field(
        default=None, description=f"Distance from `near` (default {search.DEFAULT_WITHIN_KM:g})."
    )
    q: str | None = Field(default=None, description="Words in the name or practice name.")
    limit: int = Field(default=finder.PAGE, ge=1, le=finder.MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class TechniqueOut(Schema):
    id: str
    name: str
    short: str
    approach: bool
    url: str


def _filters(query: TherapistQuery) -> search.Filters:
    raw: dict[str, list[str]] = {"technique": query.technique, "region": query.region}
    for name in ("min_minutes", "oil", "near", "within_km", "q"):
        value = getattr(query, name)
        raw[name] = [] if value is None else [str(value)]
    if query.accepting is not None:
        raw["accepting"] = ["true" if query.accepting else "false"]
    atlas = load_anatomy()
    try:
        return search.parse_filters(
            raw,
            techniques=techniques.load().techniques,
            regions=atlas.body_regions,
            alert_regions=atlas.alert_regions,
        )
    except FilterError as error:
        raise InputError(error.field, error.message) from None


@router.get(
    "/therapists",
    response=SearchOut,
    summary="Search the therapist directory",
    description=(
        "Every filter is optional and they combine. Results are sorted by distance when "
        "`near` is given (nearest first, then the most recently confirmed), otherwise by the "
        "date each listing was last confirmed. Nobody can pay for a place in the order. "
        "When nothing matches, `loosen` says how many listings each loosened filter would "
        "find. An unknown technique or region, a distance of 0 or less, or a place that is "
        "not loaded is a 422 naming the field."
    ),
)
def therapists(request: HttpRequest, query: Query[TherapistQuery]) -> HttpResponse:
    filters = _filters(query)
    try:
        body = finder.search_body(
            filters, today=timezone.localdate(), limit=query.limit, offset=query.offset
        )
    except FilterError as error:
        raise InputError(error.field, error.message) from None
    # finder.search_body builds exactly SearchOut's fields from plain values (a test checks it
    # against the schema), so it is written out as it is: checking 20 results field by field
    # again here took about a tenth of the search's time (docs/performance.md).
    return HttpResponse(
        DjangoJSONEncoder().encode(body), content_type="application/json; charset=utf-8"
    )


@router.get("/therapists/{listing_id}", response=TherapistDetailOut, summary="One listing in full")
def therapist(request: HttpRequest, listing_id: int) -> dict[str, Any]:
    listing = Listing.objects.filter(pk=listing_id).first()
    if listing is None:
        raise NotFoundError(f"There is no listing {listing_id}.")
    return finder.detail_row(listing, timezone.localdate())


@router.get("/techniques", response=list[TechniqueOut], summary="The techniques a listing can name")
def technique_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "name": t.name,
            "short": t.short,
            "approach": t.approach,
            "url": f"/therapists/techniques/{t.slug}/",
        }
        for t in techniques.load().techniques.values()
    ]


# --- The signed-in therapist's own listing ------------------------------------------------


def _therapist(request: HttpRequest) -> User:
    try:
        return therapist_of(request)
    except PermissionDenied:
        raise HttpError(
            403,
            "Only a therapist can have a listing. A member with a confirmed email address "
            "becomes one with \u201cList my practice\u201d at /therapists/my-listing/.",
        ) from None


def _mine(user: User, today: date) -> dict[str, Any]:
    listing = Listing.objects.get(owner=user)
    return {**finder.detail_row(listing, today), "postcode": listing.location_text}


def _own_listing(user: User) -> Listing:
    listing = Listing.objects.filter(owner=user).first()
    if listing is None:
        raise NotFoundError("You have no listing yet; PUT /api/directory/my-listing makes one.")
    return listing


@router.get(
    "/my-listing",
    auth=django_auth,
    response={200: MyListingOut, 403: DirectoryError, 404: DirectoryError},
    summary="My listing (therapists)",
)
def my_listing(request: HttpRequest) -> dict[str, Any]:
    user = _therapist(request)
    _own_listing(user)
    return _mine(user, timezone.localdate())


@router.put(
    "/my-listing",
    auth=django_auth,
    response={200: MyListingOut, 201: MyListingOut, 403: DirectoryError},
    summary="Create or replace my listing (therapists)",
    description="Saving counts as confirming the listing as of today. 201 when it is new.",
)
def put_listing(request: HttpRequest, payload: ListingIn) -> tuple[int, dict[str, Any]]:
    user = _therapist(request)
    today = timezone.localdate()
    try:
        _, created = editing.save_for(user, payload, today)
    except editing.LocationError as error:
        raise InputError(error.field, error.message) from None
    return (201 if created else 200), _mine(user, today)


@router.post(
    "/my-listing/confirm",
    auth=django_auth,
    response={200: MyListingOut, 403: DirectoryError, 404: DirectoryError},
    summary="Confirm my listing is current, and whether I accept new clients",
)
def confirm(request: HttpRequest, payload: ConfirmIn) -> dict[str, Any]:
    user = _therapist(request)
    today = timezone.localdate()
    _own_listing(user).confirm_accepting(payload.accepting_new_clients, today)
    return _mine(user, today)


@router.delete(
    "/my-listing",
    auth=django_auth,
    response={204: None, 403: DirectoryError, 404: DirectoryError},
    summary="Remove my listing and its credentials",
)
def delete_listing(request: HttpRequest) -> tuple[int, None]:
    _own_listing(_therapist(request)).delete()
    return 204, None


@router.post(
    "/my-listing/credentials",
    auth=django_auth,
    response={201: CredentialOut, 403: DirectoryError, 404: DirectoryError},
    summary="Add a credential for a moderator to verify",
)
def add_credential(request: HttpRequest, payload: CredentialIn) -> tuple[int, dict[str, Any]]:
    listing = _own_listing(_therapist(request))
    if payload.expires_on is not None and payload.expires_on < timezone.localdate():
        raise InputError("expires_on", "That date has passed; renew the registration first.")
    credential = Credential.objects.create(listing=listing, **payload.dict())
    return 201, {
        "id": credential.pk,
        "body": credential.body,
        "number": credential.number,
        "jurisdiction": credential.jurisdiction,
        "expires_on": credential.expires_on,
        "verified": None,
        "status": credential.status,
    }


@router.delete(
    "/my-listing/credentials/{credential_id}",
    auth=django_auth,
    response={204: None, 403: DirectoryError},
    summary="Remove one of my credentials",
)
def delete_credential(request: HttpRequest, credential_id: int) -> tuple[int, None]:
    user = _therapist(request)
    with transaction.atomic():
        deleted, _ = Credential.objects.filter(pk=credential_id, listing__owner=user).delete()
    if not deleted:
        raise NotFoundError(f"You have no credential {credential_id}.")
    return 204, None
