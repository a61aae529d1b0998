"""Directory test ground: a small GeoNames-format places file (tests/directory/data/
places_gb.txt: a dozen invented-but-plausible rows for UK postcode districts, written for
these tests) and listings made through the same path as the web form and the API."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hiphub.accounts.models import Role, User
from hiphub.directory import editing, gazetteer, places
from hiphub.directory.models import Listing
from hiphub.directory.schemas import ListingIn
from tests.conftest import make_user

PLACES_FILE = Path(__file__).parent / "data" / "places_gb.txt"
TODAY = date(2026, 11, 24)  # FROZEN_NOW's date

# Where the fixture file puts a few postcode districts (latitude, longitude).
SW1A = (51.5010, -0.1416)
CR0 = (51.3727, -0.1099)
GU1 = (51.2362, -0.5704)
OX1 = (51.7520, -1.2577)


@pytest.fixture
def loaded_places(db: None) -> gazetteer.Loaded:
    with PLACES_FILE.open(encoding="utf-8") as handle:
        return gazetteer.load(places.parse(handle))


def listing_input(**overrides: Any) -> ListingIn:
    data: dict[str, Any] = {
        "name": "Tara Green",
        "practice_name": "Hip and Back Clinic",
        "techniques": ["myofascial_release", "trigger_point"],
        "hands_on_minutes": [60, 90],
        "regions": ["lumbar_paraspinal", "sacroiliac_joint", "upper_buttock"],
        "oil": "little",
        "accepting_new_clients": True,
        "postcode": "SW1A 1AA",
    }
    data.update(overrides)
    return ListingIn.model_validate({k: v for k, v in data.items() if v is not None})


def make_listing(owner: User, today: date = TODAY, **overrides: Any) -> Listing:
    listing, _ = editing.save_for(owner, listing_input(**overrides), today)
    return listing


def therapist(name: str) -> User:
    return make_user(name, Role.THERAPIST)
