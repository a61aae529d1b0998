"""The directory's search rules: reading the filters, ranking by distance, and which filter
to loosen when nothing matches. Pure: no ORM, no request (finder.py runs the query).

The same filters arrive from the web form, the API's query string and the CLI's options,
all as {name: [text, ...]}, so each is checked in one place and a mistake names its field.

Order is never for sale: nearest first, then the most recently confirmed, then the oldest
listing (a stable tie-break); without a place, the most recently confirmed first.
"""

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from hiphub.directory import geo
from hiphub.directory.places import close_matches

OIL_ORDER = ("none", "little", "normal")  # models.Oil holds the same values, least first
DEFAULT_WITHIN_KM = 25.0
MAX_WITHIN_KM = 500.0
MAX_MINUTES = 480
MAX_TEXT = 100
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}
FIELDS = ("technique", "min_minutes", "region", "oil", "accepting", "near", "within_km", "q")


class FilterError(ValueError):
    """A filter that cannot be used; `field` is its name in the query string."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Filters:
    techniques: tuple[str, ...] = ()  # offers every one of these
    min_minutes: int | None = None  # offers a session with at least this much hands-on time
    regions: tuple[str, ...] = ()  # treats every one of these
    oil: str | None = None  # uses at most this much oil
    accepting: bool | None = None
    near: str | None = None  # a postcode or place name
    within_km: float | None = None  # set whenever `near` is
    q: str = ""  # words in the name shown or the practice name

    @property
    def active(self) -> bool:
        return self != Filters()

    def oil_allowed(self) -> tuple[str, ...]:
        """The oil levels a listing may have: this one and every lighter one."""
        if self.oil is None:
            return OIL_ORDER
        return OIL_ORDER[: OIL_ORDER.index(self.oil) + 1]

    def as_query(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs (for links that loosen one of them)."""
        pairs: list[tuple[str, str]] = [("technique", t) for t in self.techniques]
        if self.min_minutes is not None:
            pairs.append(("min_minutes", str(self.min_minutes)))
        pairs += [("region", r) for r in self.regions]
        if self.oil is not None:
            pairs.append(("oil", self.oil))
        if self.accepting is not None:
            pairs.append(("accepting", "true" if self.accepting else "false"))
        if self.near:
            pairs.append(("near", self.near))
            if self.within_km is not None:
                pairs.append(("within_km", f"{self.within_km:g}"))
        if self.q:
            pairs.append(("q", self.q))
        return pairs


def _first(values: Sequence[str]) -> str:
    return values[0].strip() if values else ""


def _known(
    field: str, what: str, values: Sequence[str], known: Collection[str], hint: str
) -> tuple[str, ...]:
    chosen: list[str] = []
    for raw in values:
        value = raw.strip()
        if not value:
            continue
        if value not in known:
            near = close_matches(value, known, limit=1)
            maybe = f" Did you mean {near[0]!r}?" if near else ""
            raise FilterError(field, f"Unknown {what} {value!r}.{maybe} {hint}")
        if value not in chosen:
            chosen.append(value)
    return tuple(chosen)


def _number(field: str, raw: str, message: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise FilterError(field, message) from None
    if not math.isfinite(value):
        raise FilterError(field, message)
    return value


def parse_filters(
    query: Mapping[str, Sequence[str]],
    *,
    techniques: Collection[str],
    regions: Collection[str],
    alert_regions: Collection[str] = (),
) -> Filters:
    """Read the filters from {name: [values]}; FilterError naming the first bad one. Empty
    values count as not given (a web form sends every field)."""
    get: Callable[[str], Sequence[str]] = lambda name: query.get(name) or ()  # noqa: E731
    chosen_techniques = _known(
        "technique", "technique", get("technique"), techniques,
        "The techniques are listed at /therapists/techniques/.",
    )
    for region in get("region"):
        if region.strip() in alert_regions:
            raise FilterError(
                "region",
                f"{region.strip()!r} is a warning-sign area, not one therapists treat. If you "
                "have numbness there, see /help-now/ straight away.",
            )
    chosen_regions = _known(
        "region", "area", get("region"), regions,
        "The areas are hiphub's body regions, listed at /api/anatomy/regions.",
    )
    minutes_raw = _first(get("min_minutes"))
    min_minutes = None
    if minutes_raw:
        message = f"Give the shortest hands-on time you want as whole minutes, 1 to {MAX_MINUTES}."
        if not minutes_raw.isascii() or not minutes_raw.isdigit():
            raise FilterError("min_minutes", message)
        min_minutes = int(minutes_raw)
        if not 1 <= min_minutes <= MAX_MINUTES:
            raise FilterError("min_minutes", message)
    oil = _first(get("oil")) or None
    if oil is not None and oil not in OIL_ORDER:
        raise FilterError("oil", f"Oil must be one of {', '.join(OIL_ORDER)} (at most that much).")
    accepting_raw = _first(get("accepting")).lower()
    accepting = None
    if accepting_raw in TRUE_WORDS:
        accepting = True
    elif accepting_raw in FALSE_WORDS:
        accepting = False
    elif accepting_raw:
        raise FilterError("accepting", "Accepting must be true or false (or left out for either).")
    near = _first(get("near"))[:MAX_TEXT] or None
    within_raw = _first(get("within_km"))
    within_km = None
    if within_raw:
        message = (
            "Give the distance as a number of kilometres, more than 0 and at most "
            f"{MAX_WITHIN_KM:g}."
        )
        within_km = _number("within_km", within_raw, message)
        if not 0 < within_km <= MAX_WITHIN_KM:
            raise FilterError("within_km", message)
        if near is None:
            raise FilterError(
                "within_km", "Give a postcode or place (near) to measure the distance from."
            )
    if near is not None and within_km is None:
        within_km = DEFAULT_WITHIN_KM
    q = _first(get("q"))
    if len(q) > MAX_TEXT:
        raise FilterError("q", f"Please search with at most {MAX_TEXT} characters.")
    return Filters(
        techniques=chosen_techniques,
        min_minutes=min_minutes,
        regions=chosen_regions,
        oil=oil,
        accepting=accepting,
        near=near,
        within_km=within_km,
        q=q,
    )


# --- Ranking ------------------------------------------------------------------------------


class Candidate(NamedTuple):
    """What ranking needs of a listing that passed the database's filters (a named tuple:
    a search builds hundreds of these per request, straight from database rows)."""

    id: int
    latitude: float
    longitude: float
    confirmed_on: date


class Ranked(NamedTuple):
    id: int
    distance_km: float | None


def rank(
    candidates: Sequence[Candidate],
    origin: tuple[float, float] | None,
    within_km: float | None,
) -> list[Ranked]:
    """Nearest first (dropping those beyond `within_km`), then the most recently confirmed,
    then the lowest id; without an origin, the most recently confirmed first."""
    if origin is None:
        ordered = sorted(candidates, key=lambda c: (-c.confirmed_on.toordinal(), c.id))
        return [Ranked(c.id, None) for c in ordered]
    kms = geo.distances_km(*origin, ((c.latitude, c.longitude) for c in candidates))
    limit = math.inf if within_km is None else within_km
    measured = [
        (km, -c.confirmed_on.toordinal(), c.id)
        for km, c in zip(kms, candidates, strict=True)
        if km <= limit
    ]
    measured.sort()
    return [Ranked(cid, km) for km, _, cid in measured]


# --- When nothing matches -----------------------------------------------------------------


@dataclass(frozen=True)
class Loosening:
    field: str
    label: str  # "without the technique filter", "within 50 km"
    filters: Filters


def loosenings(filters: Filters) -> list[Loosening]:
    """Each way of loosening one filter, in the order a person would likely try them."""
    found = []
    if filters.near and filters.within_km is not None and filters.within_km < MAX_WITHIN_KM:
        wider = min(MAX_WITHIN_KM, max(filters.within_km * 2, filters.within_km + 10))
        found.append(
            Loosening("within_km", f"within {wider:g} km", replace(filters, within_km=wider))
        )
    if filters.accepting is not None:
        found.append(Loosening("accepting", "whether or not accepting new clients",
                               replace(filters, accepting=None)))
    if filters.oil is not None and filters.oil != OIL_ORDER[-1]:
        found.append(Loosening("oil", "with any amount of oil", replace(filters, oil=None)))
    if filters.min_minutes is not None:
        found.append(Loosening("min_minutes", "with any session length",
                               replace(filters, min_minutes=None)))
    if filters.techniques:
        found.append(Loosening("technique", "with any technique", replace(filters, techniques=())))
    if filters.regions:
        found.append(Loosening("region", "for any area", replace(filters, regions=())))
    if filters.q:
        found.append(Loosening("q", "without the name search", replace(filters, q="")))
    return found
