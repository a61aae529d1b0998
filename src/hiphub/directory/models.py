"""Places, therapists' listings and their credentials.

A listing belongs to one therapist account (one each) and is written only by its owner
(or an operator's import). The owner's email lives on the account and is never copied
here: pages and the API show the listing, and visitors reach the therapist through the
relay form. A therapist who works from home is stored only at the rounded point shown to
the public (geo.round_home), never at the home address.
"""

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

STALE_AFTER = timedelta(days=90)
NAME_MAX = 80
TEXT_MAX = 2000


class Oil(models.TextChoices):
    """How much oil or lotion the therapist uses, least first (search.OIL_ORDER)."""

    NONE = "none", "No oil"
    LITTLE = "little", "A little oil"
    NORMAL = "normal", "Oil as in a usual massage"


class CredentialStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Could not be verified"


def _lat_lon_ok(prefix: str = "") -> Q:
    return Q(**{f"{prefix}latitude__gte": -90, f"{prefix}latitude__lte": 90}) & Q(
        **{f"{prefix}longitude__gte": -180, f"{prefix}longitude__lte": 180}
    )


class Place(models.Model):
    """One row of a GeoNames postal-code file (see places.py), loaded by an operator."""

    country_code = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=20)
    postal_key = models.CharField(max_length=20, db_index=True)  # places.postal_key
    place_name = models.CharField(max_length=180)
    name_key = models.CharField(max_length=180, db_index=True)  # places.name_key
    admin_name1 = models.CharField(max_length=100, blank=True)
    admin_name2 = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    accuracy = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["country_code"]),
            models.Index(fields=["latitude", "longitude"], name="place_lat_lon"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=_lat_lon_ok(), name="place_lat_lon_range"),
        ]

    def __str__(self) -> str:
        return f"{self.postal_code} {self.place_name} ({self.country_code})"


@dataclass(frozen=True)
class ListingDetails:
    """Everything a listing holds, checked and with its location resolved (editing.py)."""

    name: str
    practice_name: str
    what_to_expect: str
    languages: list[str]
    accessibility: str
    price_range: str
    website: str
    phone: str
    techniques: list[str]
    hands_on_minutes: list[int]
    regions: list[str]
    oil: str
    accepting_new_clients: bool
    location_text: str
    place: str
    latitude: float
    longitude: float
    works_from_home: bool
    travel_radius_km: int | None


def is_stale(confirmed_on: date, today: date) -> bool:
    """Not confirmed by its owner for more than STALE_AFTER (90 days)."""
    return confirmed_on < today - STALE_AFTER


def tags(ids: list[str]) -> str:
    """Ids as one searchable column: "|a|b|", so `contains "|a|"` matches whole ids only."""
    return "|" + "|".join(ids) + "|" if ids else ""


class ListingQuerySet(models.QuerySet["Listing"]):
    def stale(self, today: date) -> "ListingQuerySet":
        """The listings is_stale() is true of."""
        return self.filter(confirmed_on__lt=today - STALE_AFTER)


class Listing(models.Model):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listing"
    )
    name = models.CharField(max_length=NAME_MAX)
    practice_name = models.CharField(max_length=120, blank=True)
    what_to_expect = models.TextField(max_length=TEXT_MAX, blank=True)
    languages = models.JSONField(default=list, blank=True)
    accessibility = models.CharField(max_length=500, blank=True)
    price_range = models.CharField(max_length=100, blank=True)
    website = models.URLField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    techniques = models.JSONField(default=list)  # ids from techniques.toml, in the owner's order
    hands_on_minutes = models.JSONField(default=list)  # session lengths, hands-on time only
    regions = models.JSONField(default=list)  # anatomy body-region ids
    oil = models.CharField(max_length=8, choices=Oil.choices)
    accepting_new_clients = models.BooleanField()
    confirmed_on = models.DateField(db_index=True)  # the owner last said this is current
    reminded_on = models.DateField(null=True, blank=True)  # the one reminder, once stale
    location_text = models.CharField(max_length=100, blank=True)  # as typed; owner only
    place = models.CharField(max_length=200, blank=True)  # what the public sees
    latitude = models.FloatField()
    longitude = models.FloatField()
    works_from_home = models.BooleanField(default=False)
    travel_radius_km = models.PositiveSmallIntegerField(null=True, blank=True)
    # Kept in step with the lists above by apply(), for filtering in SQL on any database.
    longest_minutes = models.PositiveSmallIntegerField()
    technique_tags = models.CharField(max_length=400)
    region_tags = models.CharField(max_length=800)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[ListingQuerySet] = ListingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering: ClassVar = ["-confirmed_on", "id"]
        indexes: ClassVar = [
            # The search's box is a latitude range, then a longitude range. The other filter
            # columns ride along so that the database can decide every row from the index
            # alone, without reading the wide rows (docs/directory.md, "Speed").
            models.Index(
                fields=[
                    "latitude", "longitude", "accepting_new_clients", "longest_minutes", "oil",
                    "confirmed_on", "technique_tags", "region_tags",
                    # Last, so that PostgreSQL can answer from the index alone (an index-only
                    # scan, once autovacuum has marked the pages). SQLite's entries carry the
                    # id anyway; `include=` would do on PostgreSQL, but SQLite warns about it.
                    "id",
                ],
                name="listing_search",
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=_lat_lon_ok(), name="listing_lat_lon_range"),
            models.CheckConstraint(condition=Q(longest_minutes__gt=0), name="listing_minutes_gt_0"),
            models.CheckConstraint(condition=Q(oil__in=Oil.values), name="listing_oil_valid"),
            models.CheckConstraint(
                condition=Q(travel_radius_km__isnull=True) | Q(travel_radius_km__gt=0),
                name="listing_travel_radius_gt_0",
            ),
        ]

    def __str__(self) -> str:
        return f"listing {self.pk}: {self.name}"

    @classmethod
    def create_for(cls, owner: Any, details: ListingDetails, today: date) -> "Listing":
        listing = cls(owner=owner)
        listing._set(details, today)
        listing.save()
        return listing

    def apply(self, details: ListingDetails, today: date) -> None:
        """The owner saved the listing: every field at once, and that counts as confirming
        it (they have just looked at it)."""
        self._set(details, today)
        self.save()

    def _set(self, details: ListingDetails, today: date) -> None:
        for field in fields(details):
            setattr(self, field.name, getattr(details, field.name))
        self.longest_minutes = max(details.hands_on_minutes)
        self.technique_tags = tags(details.techniques)
        self.region_tags = tags(details.regions)
        self.confirmed_on = today
        self.reminded_on = None
        self.updated_at = timezone.now()

    def confirm_accepting(self, accepting: bool, today: date) -> None:
        """The owner says whether they take new clients, as of today."""
        self.accepting_new_clients = accepting
        self.confirmed_on = today
        self.reminded_on = None
        self.save(update_fields=["accepting_new_clients", "confirmed_on", "reminded_on"])

    def is_stale(self, today: date) -> bool:
        return is_stale(self.confirmed_on, today)

    def mark_reminded(self, today: date) -> None:
        self.reminded_on = today
        self.save(update_fields=["reminded_on"])


class CredentialQuerySet(models.QuerySet["Credential"]):
    def current(self, today: date) -> "CredentialQuerySet":
        """Verified and not past their expiry."""
        return self.filter(status=CredentialStatus.VERIFIED).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )

    def lapsed(self, today: date) -> "CredentialQuerySet":
        return self.filter(status=CredentialStatus.VERIFIED, expires_on__lt=today)


class Credential(models.Model):
    """A registration or membership a therapist holds, checked by a moderator against the
    body's public register. Verification lasts until `expires_on`."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="credentials")
    body = models.CharField(max_length=120)  # "Complementary and Natural Healthcare Council"
    number = models.CharField(max_length=60)
    jurisdiction = models.CharField(max_length=80)
    expires_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=CredentialStatus.choices, default=CredentialStatus.PENDING
    )
    verified_on = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(max_length=200, blank=True)  # how it was checked
    decision_note = models.CharField(max_length=300, blank=True)
    renewal_asked_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[CredentialQuerySet] = CredentialQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status__in=CredentialStatus.values), name="credential_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=CredentialStatus.VERIFIED)
                | (Q(verified_on__isnull=False) & ~Q(method="")),
                name="credential_verified_says_how_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.number} ({self.get_status_display()})"

    def verify(self, moderator: Any, method: str, today: date) -> None:
        """A moderator found it on the public register: record how and when."""
        self.status = CredentialStatus.VERIFIED
        self.verified_on = today
        self.verified_by = moderator
        self.method = method
        self.decision_note = ""
        self.renewal_asked_on = None
        self.save()

    def reject(self, moderator: Any, note: str) -> None:
        self.status = CredentialStatus.REJECTED
        self.verified_on = None
        self.verified_by = moderator
        self.method = ""
        self.decision_note = note
        self.save()

    def renew(self, body: str, number: str, jurisdiction: str, expires_on: date | None) -> None:
        """The therapist changed it (a new expiry after renewing, say): it needs checking
        again, and the listing shows it as not verified until a moderator has."""
        self.body = body
        self.number = number
        self.jurisdiction = jurisdiction
        self.expires_on = expires_on
        self.status = CredentialStatus.PENDING
        self.verified_on = None
        self.verified_by = None
        self.method = ""
        self.decision_note = ""
        self.renewal_asked_on = None
        self.save()

    def is_current(self, today: date) -> bool:
        return self.status == CredentialStatus.VERIFIED and (
            self.expires_on is None or self.expires_on >= today
        )

    def has_lapsed(self, today: date) -> bool:
        return (
            self.status == CredentialStatus.VERIFIED
            and self.expires_on is not None
            and self.expires_on < today
        )

    def mark_renewal_asked(self, today: date) -> None:
        self.renewal_asked_on = today
        self.save(update_fields=["renewal_asked_on"])


def export_for(user: Any) -> list[dict[str, Any]]:
    """A therapist's listing and credentials, for their data export."""
    listing = Listing.objects.filter(owner=user).first()
    if listing is None:
        return []
    row: dict[str, Any] = {
        field.name: getattr(listing, field.name)
        for field in Listing._meta.concrete_fields
        if field.name not in ("owner", "longest_minutes", "technique_tags", "region_tags")
    }
    row["id"] = listing.pk
    for key in ("confirmed_on", "reminded_on", "created_at", "updated_at"):
        row[key] = row[key].isoformat() if row[key] else None
    row["credentials"] = [
        {
            "body": c.body,
            "number": c.number,
            "jurisdiction": c.jurisdiction,
            "expires_on": c.expires_on.isoformat() if c.expires_on else None,
            "status": c.status,
            "verified_on": c.verified_on.isoformat() if c.verified_on else None,
            "method": c.method,
        }
        for c in listing.credentials.all()
    ]
    return [row]
