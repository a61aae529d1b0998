"""Reading GeoNames postal-code files and the lookup keys (directory/places.py)."""

import pytest

from hiphub.directory import places
from tests.directory.conftest import PLACES_FILE

GOOD = "\t".join(
    ["GB", "SW1A", "London", "England", "ENG", "Greater London", "", "City of Westminster", "",
     "51.5010", "-0.1416", "4"]
)


def test_the_test_file_reads_whole() -> None:
    rows = places.parse(PLACES_FILE.read_text(encoding="utf-8").splitlines())
    assert len(rows) == 13
    first = rows[0]
    assert (first.country_code, first.postal_code, first.place_name) == ("GB", "SW1A", "London")
    assert (first.latitude, first.longitude, first.accuracy) == (51.501, -0.1416, 4)
    assert first.admin_name2 == "Greater London"
    assert rows[11].accuracy is None  # Manchester's accuracy column is empty


def test_a_line_without_the_accuracy_column_is_read() -> None:
    row = places.parse_line(GOOD.rsplit("\t", 1)[0], 1)
    assert row.accuracy is None and row.longitude == -0.1416


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("GB,SW1A,London", "1 tab-separated columns, expected 12"),
        (GOOD.replace("GB\t", "GBR\t", 1), "country code 'GBR' is not two letters"),
        (GOOD.replace("\tSW1A\t", "\t \t"), "postal code is empty"),
        (GOOD.replace("\tLondon\t", "\t\t"), "place name is empty"),
        (GOOD.replace("51.5010", "north"), "latitude 'north' is not a number"),
        (GOOD.replace("51.5010", "95.1"), "is not a place on Earth"),
        (GOOD.replace("-0.1416", "nan"), "is not a place on Earth"),
        (GOOD.replace("\t4", "\tfour"), "accuracy 'four' is not a whole number"),
    ],
)
def test_a_bad_line_is_named(line: str, message: str) -> None:
    with pytest.raises(places.PlacesFileError) as caught:
        places.parse([GOOD, line, GOOD])
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].startswith("line 2: ") and message in caught.value.errors[0]


def test_errors_stop_after_twenty_and_nothing_is_returned() -> None:
    with pytest.raises(places.PlacesFileError) as caught:
        places.parse(["bad line"] * 100)
    assert len(caught.value.errors) == places.MAX_ERRORS + 1
    assert caught.value.errors[-1] == "(stopped after this many errors)"


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(places.PlacesFileError, match="no places"):
        places.parse(["", "  "])


@pytest.mark.parametrize(
    ("typed", "key"),
    [("sw1a 1aa", "SW1A1AA"), (" SW1A-1AA ", "SW1A1AA"), ("1010", "1010"), ("k1a 0b1", "K1A0B1")],
)
def test_postal_key(typed: str, key: str) -> None:
    assert places.postal_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "key"),
    [("  Zürich ", "zurich"), ("NEWPORT", "newport"), ("Saint  Albans", "saint albans"),
     ("Łódź", "łodz")],
)
def test_name_key(typed: str, key: str) -> None:
    assert places.name_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "postcode"),
    [("SW1A 1AA", True), ("m1", True), ("10115", True), ("London", False), ("", False),
     ("Street 12 of a very long name", False)],
)
def test_looks_like_postcode(typed: str, postcode: bool) -> None:
    assert places.looks_like_postcode(typed) is postcode


def test_outward_part() -> None:
    assert places.outward_part("SW1A 1AA") == "SW1A"
    assert places.outward_part("SW1A") is None


def test_close_matches_keep_the_known_spelling() -> None:
    assert places.close_matches("guildfrod", ["Guildford", "Oxford", "Bristol"]) == ["Guildford"]
    assert places.close_matches("xyz", ["Guildford"]) == []
