"""Finding a postcode or place name among the places an operator loaded, and loading them.

A postcode is matched whole, then (for files that list only districts, such as GeoNames'
GB.txt) by its first part: "SW1A 1AA" finds "SW1A". A place name is matched without case
or accents; when several places share the name, the one with the most postcodes wins and
its county or region is named. Anything else gets close matches (difflib) in the message.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Count

from hiphub.directory import geo, places
from hiphub.directory.models import Place

BATCH = 2000
# How long a worker keeps a place it found (a search by postcode asks for the same few places
# again and again). Places change only when the operator loads a file again; searches see
# a moved place within this time, and a newly loaded one at once (misses are not kept).
LOCATED_SECONDS = 300
_loads = [0]  # places loaded by this process: part of the cache key, so its own reads are fresh


class UnknownPlaceError(ValueError):
    def __init__(self, typed: str, suggestions: list[str], none_loaded: bool = False) -> None:
        self.typed = typed
        self.suggestions = suggestions
        if none_loaded:
            message = (
                "No postcodes or places are loaded on this site yet, so distances cannot be "
                "worked out. (The site's owner loads them with `hiphub directory load-places`.)"
            )
        else:
            message = f"We do not know the postcode or place {typed!r}."
            if suggestions:
                message += " Did you mean " + ", ".join(repr(s) for s in suggestions) + "?"
            else:
                message += " Please check the spelling, or try a nearby town."
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Located:
    label: str  # "SW1A, London" or "Camden, Greater London"
    place_name: str
    postal_code: str  # the code matched, or "" for a place name
    latitude: float
    longitude: float


def _by_postcode(typed: str) -> Located | None:
    keys = [places.postal_key(typed)]
    outward = places.outward_part(typed)
    if outward:
        keys.append(places.postal_key(outward))
    found = list(
        Place.objects.filter(postal_key__in=keys)
        .order_by("id")
        .values("postal_key", "postal_code", "place_name", "latitude", "longitude")[:100]
    )
    for key in keys:  # the whole postcode first, then its district
        rows = [r for r in found if r["postal_key"] == key]
        if rows:
            lat = sum(r["latitude"] for r in rows) / len(rows)
            lon = sum(r["longitude"] for r in rows) / len(rows)
            first = rows[0]
            return Located(
                label=f"{first['postal_code']}, {first['place_name']}",
                place_name=first["place_name"],
                postal_code=first["postal_code"],
                latitude=lat,
                longitude=lon,
            )
    return _by_district(typed)


def _by_district(typed: str) -> Located | None:
    """A district typed alone ("SW1A") in a file of whole postcodes ("SW1A 1AA", as in
    GeoNames' GB_full.txt): the centre of the district's postcodes."""
    district = typed.strip().upper()
    if " " in district:
        return None
    rows = Place.objects.filter(postal_code__startswith=f"{district} ")
    centre = rows.aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    if centre["lat"] is None:
        return None
    first = rows.order_by("id").values_list("place_name", flat=True).first() or ""
    return Located(
        label=f"{district}, {first}",
        place_name=first,
        postal_code=district,
        latitude=float(centre["lat"]),
        longitude=float(centre["lon"]),
    )


def _by_name(typed: str) -> Located | None:
    groups = list(
        Place.objects.filter(name_key=places.name_key(typed))
        .values("place_name", "admin_name1", "admin_name2")
        .annotate(n=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"))
        .order_by("-n", "admin_name1", "admin_name2")[:10]
    )
    if not groups:
        return None
    best = groups[0]
    label = best["place_name"]
    if len(groups) > 1:
        county = best["admin_name2"] if best["admin_name2"] != best["place_name"] else ""
        area = county or best["admin_name1"]
        label = f"{label}, {area}" if area else label
    return Located(
        label=label,
        place_name=best["place_name"],
        postal_code="",
        latitude=float(best["lat"]),
        longitude=float(best["lon"]),
    )


def _suggestions(typed: str) -> list[str]:
    """Close matches among postcodes (sharing the first two characters) or names (sharing
    the first letter): enough to catch a typo without reading every row."""
    if places.looks_like_postcode(typed):
        key = places.postal_key(typed)
        known = Place.objects.filter(postal_key__startswith=key[:2]).values_list(
            "postal_code", flat=True
        ).distinct()[:5000]
        return places.close_matches(typed.upper().strip(), known)
    key = places.name_key(typed)
    known = Place.objects.filter(name_key__startswith=key[:1]).values_list(
        "place_name", flat=True
    ).distinct()[:20000]
    return places.close_matches(typed.strip(), known)


def locate(typed: str) -> Located:
    """The place a visitor or therapist typed, or UnknownPlaceError with close matches.
    Places found are kept in the worker's cache for a few minutes (LOCATED_SECONDS)."""
    text = typed.strip()
    if not text:
        raise UnknownPlaceError(typed, [])
    key = f"place:{_loads[0]}:" + hashlib.sha256(text.casefold().encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = (_by_postcode(text) if places.looks_like_postcode(text) else None) or _by_name(
            text
        )
        if found is not None:
            cache.set(key, found, LOCATED_SECONDS)
    if found is not None:
        return found
    if not Place.objects.exists():
        raise UnknownPlaceError(text, [], none_loaded=True)
    raise UnknownPlaceError(text, _suggestions(text))


def nearest_name(lat: float, lon: float, within_km: float = 15.0) -> str:
    """The loaded place nearest a point, for a label when only coordinates are known."""
    box = geo.bounding_box(lat, lon, within_km)
    rows = Place.objects.filter(latitude__range=(box.south, box.north))
    best: tuple[float, str] | None = None
    for west, east in box.lon_ranges:
        for name, p_lat, p_lon in rows.filter(longitude__range=(west, east)).values_list(
            "place_name", "latitude", "longitude"
        )[:5000]:
            km = geo.distance_km(lat, lon, p_lat, p_lon)
            if km <= within_km and (best is None or km < best[0]):
                best = (km, name)
    return best[1] if best else ""


@dataclass(frozen=True)
class Loaded:
    countries: tuple[str, ...]
    rows: int
    replaced: int


def load(rows: list[places.PlaceRow]) -> Loaded:
    """Replace the places of every country in `rows` with `rows`, in one transaction, so a
    country can be loaded again after GeoNames updates its file."""
    countries = tuple(sorted({r.country_code for r in rows}))
    with transaction.atomic():
        replaced, _ = Place.objects.filter(country_code__in=countries).delete()
        for batch in places.chunks(rows, BATCH):
            Place.objects.bulk_create(
                Place(
                    country_code=r.country_code,
                    postal_code=r.postal_code,
                    postal_key=r.postal_key,
                    place_name=r.place_name,
                    name_key=r.name_key[:180],
                    admin_name1=r.admin_name1,
                    admin_name2=r.admin_name2,
                    latitude=r.latitude,
                    longitude=r.longitude,
                    accuracy=r.accuracy,
                )
                for r in batch
            )
    _loads[0] += 1
    return Loaded(countries=countries, rows=len(rows), replaced=replaced)
