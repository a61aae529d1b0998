"""Loading places and finding what people type (directory/gazetteer.py)."""

from typing import Any

import pytest

from hiphub.directory import gazetteer, places
from hiphub.directory.gazetteer import UnknownPlaceError
from hiphub.directory.models import Place
from tests.directory.conftest import PLACES_FILE

pytestmark = pytest.mark.django_db


def test_loading_a_country_again_replaces_it(loaded_places: gazetteer.Loaded) -> None:
    assert loaded_places.countries == ("GB",) and loaded_places.rows == 13
    again = gazetteer.load(places.parse(PLACES_FILE.read_text().splitlines()[:3]))
    assert again.replaced == 13
    assert Place.objects.count() == 3


@pytest.mark.parametrize(
    ("typed", "label", "lat"),
    [
        ("SW1A", "SW1A, London", 51.5010),
        ("sw1a 1aa", "SW1A, London", 51.5010),  # a full postcode finds its district
        ("CR0 2XX", "CR0, Croydon", 51.3727),
        ("oxford", "Oxford", 51.7520),
        ("  GUILDFORD ", "Guildford", 51.2362),
        ("London", "London", (51.5010 + 51.5178) / 2),  # the centre of its postcodes
        ("Newport", "Newport, Wales", (51.5842 + 51.5900) / 2),  # two in Wales, one on Wight
    ],
)
def test_locate(loaded_places: gazetteer.Loaded, typed: str, label: str, lat: float) -> None:
    found = gazetteer.locate(typed)
    assert found.label == label
    assert found.latitude == pytest.approx(lat)


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("Guildfrod", "Guildford"), ("Oxfrd", "Oxford"), ("SW1B", "SW1A"), ("Edinbrugh", "Edinburgh")],
)
def test_an_unknown_place_gets_close_matches(
    loaded_places: gazetteer.Loaded, typed: str, suggestion: str
) -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        gazetteer.locate(typed)
    assert suggestion in caught.value.suggestions
    assert f"Did you mean '{suggestion}'" in caught.value.message


def test_nothing_close_says_so(loaded_places: gazetteer.Loaded) -> None:
    with pytest.raises(UnknownPlaceError, match="check the spelling"):
        gazetteer.locate("Zzyzx")


def test_with_no_places_loaded_the_message_says_how_to_load_them(db: None) -> None:
    with pytest.raises(UnknownPlaceError, match="hiphub directory load-places"):
        gazetteer.locate("SW1A")


def test_nearest_name(loaded_places: gazetteer.Loaded) -> None:
    assert gazetteer.nearest_name(51.50, -0.14) == "London"
    assert gazetteer.nearest_name(0.0, 0.0) == ""


def test_a_district_finds_the_centre_of_its_whole_postcodes(db: None) -> None:
    """Files of whole postcodes (GeoNames' GB_full.txt) list "SW1A 1AA", not "SW1A"."""
    rows = [
        "\t".join(["GB", code, "London", "England", "ENG", "", "", "", "", lat, lon, "6"])
        for code, lat, lon in (
            ("SW1A 1AA", "51.5010", "-0.1416"),
            ("SW1A 2AA", "51.5034", "-0.1276"),
            ("SW1E 5ND", "51.4975", "-0.1357"),
        )
    ]
    gazetteer.load(places.parse(rows))
    assert gazetteer.locate("SW1A 2AA").latitude == pytest.approx(51.5034)
    district = gazetteer.locate("sw1a")
    assert district.label == "SW1A, London"
    assert district.latitude == pytest.approx((51.5010 + 51.5034) / 2)


def test_a_place_found_once_is_not_looked_up_again(
    loaded_places: gazetteer.Loaded, django_assert_num_queries: Any
) -> None:
    first = gazetteer.locate("SW1A 1AA")
    with django_assert_num_queries(0):
        assert gazetteer.locate("sw1a 1aa") == first


def test_loading_places_again_is_seen_at_once_by_the_loading_process(
    loaded_places: gazetteer.Loaded,
) -> None:
    assert gazetteer.locate("Oxford").latitude == pytest.approx(51.7520)
    moved = [
        row.replace("51.752", "51.9") if "Oxford" in row else row
        for row in PLACES_FILE.read_text().splitlines()
    ]
    gazetteer.load(places.parse(moved))
    assert gazetteer.locate("Oxford").latitude == pytest.approx(51.9)


def test_a_place_not_found_is_found_as_soon_as_it_is_loaded(db: None) -> None:
    with pytest.raises(UnknownPlaceError):
        gazetteer.locate("Oxford")
    gazetteer.load(places.parse(PLACES_FILE.read_text().splitlines()))
    assert gazetteer.locate("Oxford").label == "Oxford"
