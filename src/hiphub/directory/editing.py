"""Writing a listing: from a checked ListingIn to the stored row, for the web form, the API
and the JSON import alike. The one step that needs the database is the location."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from hiphub.directory import gazetteer, geo
from hiphub.directory.models import Listing, ListingDetails
from hiphub.directory.schemas import ListingIn


@dataclass
class LocationError(ValueError):
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def details_from(data: ListingIn) -> ListingDetails:
    """The listing as stored: the location looked up (LocationError naming `postcode` when
    it is not loaded) and, for a home address, rounded to about 1 km before it is kept."""
    if data.postcode:
        try:
            found = gazetteer.locate(data.postcode)
        except gazetteer.UnknownPlaceError as exc:
            raise LocationError("postcode", exc.message) from None
        lat, lon = found.latitude, found.longitude
        # A postcode can narrow a home down to a street; the public sees the town only.
        place = found.place_name if data.works_from_home else found.label
    else:
        assert data.latitude is not None and data.longitude is not None  # ListingIn checks
        lat, lon = float(data.latitude), float(data.longitude)
        place = gazetteer.nearest_name(lat, lon)
    if data.works_from_home:
        lat, lon = geo.round_home(lat, lon)
    return ListingDetails(
        name=data.name,
        practice_name=data.practice_name,
        what_to_expect=data.what_to_expect,
        languages=list(data.languages),
        accessibility=data.accessibility,
        price_range=data.price_range,
        website=data.website,
        phone=data.phone,
        techniques=list(data.techniques),
        hands_on_minutes=sorted(data.hands_on_minutes),
        regions=list(data.regions),
        oil=data.oil,
        accepting_new_clients=data.accepting_new_clients,
        location_text=data.postcode,
        place=place,
        latitude=lat,
        longitude=lon,
        works_from_home=data.works_from_home,
        travel_radius_km=data.travel_radius_km,
    )


def save_for(owner: Any, data: ListingIn, today: date) -> tuple[Listing, bool]:
    """Create the owner's listing or replace its contents; returns (listing, created)."""
    details = details_from(data)
    with transaction.atomic():
        listing = Listing.objects.select_for_update().filter(owner=owner).first()
        if listing is None:
            return Listing.create_for(owner, details, today), True
        listing.apply(details, today)
    return listing, False


def as_input(listing: Listing) -> dict[str, Any]:
    """A stored listing in ListingIn's shape, to fill the edit form."""
    return {
        "name": listing.name,
        "practice_name": listing.practice_name,
        "what_to_expect": listing.what_to_expect,
        "languages": list(listing.languages),
        "accessibility": listing.accessibility,
        "price_range": listing.price_range,
        "website": listing.website,
        "phone": listing.phone,
        "techniques": list(listing.techniques),
        "hands_on_minutes": list(listing.hands_on_minutes),
        "regions": list(listing.regions),
        "oil": listing.oil,
        "accepting_new_clients": listing.accepting_new_clients,
        "postcode": listing.location_text,
        "works_from_home": listing.works_from_home,
        "travel_radius_km": listing.travel_radius_km,
    }
