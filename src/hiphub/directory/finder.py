"""Running a search: the database narrows (indexed latitude/longitude box, then the plain
filters), search.rank measures the exact distance and orders, and the public shapes of a
listing are built here for the pages, the API and the CLI alike.

No email address is ever part of these shapes: the owner's account is not read at all.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.urls import get_script_prefix, reverse

from hiphub.directory import geo, search
from hiphub.directory.gazetteer import Located, UnknownPlaceError, locate
from hiphub.directory.models import Credential, CredentialStatus, Listing, is_stale
from hiphub.directory.search import FilterError, Filters

MAX_LIMIT = 200
PAGE = 20  # results per page, on the web and by default in the API and the CLI
# The columns a result shows; the rest of a listing is read only for its own page.
RESULT_COLUMNS = (
    "id", "name", "practice_name", "techniques", "hands_on_minutes", "regions", "oil",
    "accepting_new_clients", "confirmed_on", "place", "works_from_home", "travel_radius_km",
)


@dataclass(frozen=True)
class Found:
    filters: Filters
    origin: Located | None
    count: int
    page: list[tuple[dict[str, Any], float | None]]  # RESULT_COLUMNS of each listing
    verified: dict[int, tuple[date, str]]


def resolve(filters: Filters) -> Located | None:
    """Where `near` is, or FilterError naming `near` with close matches."""
    if not filters.near:
        return None
    try:
        return locate(filters.near)
    except UnknownPlaceError as exc:
        raise FilterError("near", exc.message) from None


def _narrowed(filters: Filters, origin: Located | None) -> Any:
    # One filter() call with every condition: each call copies the query, which was a good part
    # of a search's time. No ORDER BY: search.rank orders, and asking the database to sort
    # would let SQLite walk the confirmed_on index over every listing instead of the latitude
    # range.
    where = [Q(technique_tags__contains=f"|{technique}|") for technique in filters.techniques]
    where += [Q(region_tags__contains=f"|{region}|") for region in filters.regions]
    if filters.min_minutes is not None:
        where.append(Q(longest_minutes__gte=filters.min_minutes))
    if filters.oil is not None:
        where.append(Q(oil__in=filters.oil_allowed()))
    if filters.accepting is not None:
        where.append(Q(accepting_new_clients=filters.accepting))
    where += [
        Q(name__icontains=word) | Q(practice_name__icontains=word) for word in filters.q.split()
    ]
    if origin is not None and filters.within_km is not None:
        box = geo.bounding_box(origin.latitude, origin.longitude, filters.within_km)
        where.append(Q(latitude__range=(box.south, box.north)))
        sides = Q()
        for west, east in box.lon_ranges:
            sides |= Q(longitude__range=(west, east))
        where.append(sides)
    return Listing.objects.order_by().filter(*where)


def _ranked(filters: Filters, origin: Located | None) -> list[search.Ranked]:
    rows = _narrowed(filters, origin).values_list("id", "latitude", "longitude", "confirmed_on")
    candidates = list(map(search.Candidate._make, rows))
    point = (origin.latitude, origin.longitude) if origin is not None else None
    return search.rank(candidates, point, filters.within_km if point else None)


def _newest_verification(today: date) -> Any:
    """A listing's newest current verification, for use as a subquery on its row."""
    return (
        Credential.objects.current(today)
        .filter(listing=OuterRef("pk"), verified_on__isnull=False)
        .order_by("-verified_on", "-id")
    )


def verified_for(listing_ids: Iterable[int], today: date) -> dict[int, tuple[date, str]]:
    """For each listing with a current verified credential: the newest verification."""
    newest = _newest_verification(today)
    rows = Listing.objects.filter(pk__in=list(listing_ids)).values_list(
        "pk",
        Subquery(newest.values("verified_on")[:1]),
        Subquery(newest.values("method")[:1]),
    )
    return {pk: (on, method) for pk, on, method in rows if on is not None}


def find(filters: Filters, *, today: date, limit: int = PAGE, offset: int = 0) -> Found:
    """One page of results and the total count; FilterError for a place not loaded."""
    origin = resolve(filters)
    ranked = _ranked(filters, origin)
    window = ranked[offset : offset + max(0, min(limit, MAX_LIMIT))]
    # Plain values, not model objects: a page of results needs no more, and is read faster.
    # The newest verification comes in the same query, as two small subqueries per row.
    newest = _newest_verification(today)
    rows = Listing.objects.filter(pk__in=[r.id for r in window]).values(
        *RESULT_COLUMNS,
        verified_on=Subquery(newest.values("verified_on")[:1]),
        verified_method=Subquery(newest.values("method")[:1]),
    )
    by_id: dict[int, dict[str, Any]] = {}
    verified: dict[int, tuple[date, str]] = {}
    for row in rows:
        on, method = row.pop("verified_on"), row.pop("verified_method")
        by_id[row["id"]] = row
        if on is not None:
            verified[row["id"]] = (on, method)
    page = [(by_id[r.id], r.distance_km) for r in window if r.id in by_id]
    return Found(filters=filters, origin=origin, count=len(ranked), page=page, verified=verified)


def loosened_counts(found: Found) -> list[tuple[search.Loosening, int]]:
    """For an empty result: how many listings each loosened filter would find."""
    counts = []
    for loosening in search.loosenings(found.filters):
        origin = found.origin if loosening.filters.near else None
        counts.append((loosening, len(_ranked(loosening.filters, origin))))
    return counts


# --- Public shapes ------------------------------------------------------------------------


def _verified(pair: tuple[date, str] | None) -> dict[str, Any] | None:
    return {"on": pair[0], "method": pair[1]} if pair else None


@functools.cache
def _listing_url_pattern(script_prefix: str) -> str:
    marker = 987654321  # an id no listing has, replaced by the real one
    return reverse("directory:listing", args=[marker]).replace(str(marker), "{}")


def listing_url(listing_id: int) -> str:
    """reverse("directory:listing", args=[listing_id]), reversed once per process: a page of
    results needs twenty, and reversing was a tenth of a search's time."""
    return _listing_url_pattern(get_script_prefix()).format(int(listing_id))


def result_row(
    listing: dict[str, Any],
    distance_km: float | None,
    verified: tuple[date, str] | None,
    today: date,
) -> dict[str, Any]:
    """A search result, from a listing's RESULT_COLUMNS."""
    return {
        **listing,
        "stale": is_stale(listing["confirmed_on"], today),
        "verified": _verified(verified),
        "distance_km": None if distance_km is None else round(distance_km, 1),
        "url": listing_url(listing["id"]),
    }


def credential_status(credential: Credential, today: date) -> str:
    if credential.has_lapsed(today):
        return "lapsed"
    return str(credential.status)


def detail_row(listing: Listing, today: date) -> dict[str, Any]:
    verified = verified_for([listing.pk], today).get(listing.pk)
    columns = {name: getattr(listing, name) for name in RESULT_COLUMNS}
    row = result_row(columns, None, verified, today)
    row.update(
        what_to_expect=listing.what_to_expect,
        languages=list(listing.languages),
        accessibility=listing.accessibility,
        price_range=listing.price_range,
        website=listing.website,
        phone=listing.phone,
        credentials=[
            {
                "id": c.pk,
                "body": c.body,
                "number": c.number,
                "jurisdiction": c.jurisdiction,
                "expires_on": c.expires_on,
                "verified": _verified((c.verified_on, c.method))
                if c.is_current(today) and c.verified_on
                else None,
                "status": credential_status(c, today),
            }
            for c in listing.credentials.exclude(status=CredentialStatus.REJECTED)
        ],
    )
    return row


def search_body(
    filters: Filters, *, today: date, limit: int = PAGE, offset: int = 0
) -> dict[str, Any]:
    """The API's answer, which `hiphub directory search --json` prints too."""
    found = find(filters, today=today, limit=limit, offset=offset)
    near = None
    if found.origin is not None and filters.within_km is not None:
        near = {
            "place": found.origin.label,
            "latitude": round(found.origin.latitude, 5),
            "longitude": round(found.origin.longitude, 5),
            "within_km": filters.within_km,
        }
    loosen = []
    if found.count == 0 and filters.active:
        loosen = [
            {"field": lo.field, "label": lo.label, "count": n}
            for lo, n in loosened_counts(found)
            if n
        ]
    return {
        "count": found.count,
        "results": [
            result_row(listing, km, found.verified.get(listing["id"]), today)
            for listing, km in found.page
        ],
        "near": near,
        "loosen": loosen,
    }
