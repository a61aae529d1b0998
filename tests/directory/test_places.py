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
        ("GB,SW1A,London",
         "1 tab-separated columns, expected 12 (is this a GeoNames postal-code file?)"),
        ("\t".join(GOOD.split("\t")[:10]),
         "10 tab-separated columns, expected 12 (is this a GeoNames postal-code file?)"),
        (GOOD + "\textra",
         "13 tab-separated columns, expected 12 (is this a GeoNames postal-code file?)"),
        (GOOD.replace("GB\t", "GBR\t", 1), "the country code 'GBR' is not two letters"),
        (GOOD.replace("GB\t", "G1\t", 1), "the country code 'G1' is not two letters"),
        (GOOD.replace("\tSW1A\t", "\t \t"), "the postal code is empty"),
        (GOOD.replace("\tSW1A\t", "\t- \t"), "the postal code is empty"),
        (GOOD.replace("\tLondon\t", "\t\t"), "the place name is empty"),
        (GOOD.replace("51.5010", "north"), "the latitude 'north' is not a number"),
        (GOOD.replace("-0.1416", "west"), "the longitude 'west' is not a number"),
        (GOOD.replace("51.5010", "95.1"),
         "latitude 95.1 / longitude -0.1416 is not a place on Earth"),
        (GOOD.replace("-0.1416", "nan"),
         "latitude 51.5010 / longitude nan is not a place on Earth"),
        (GOOD.replace("\t4", "\tfour"), "the accuracy 'four' is not a whole number"),
        # Written whole in the message, including a letter that ends the line.
        (GOOD.replace("\t4", "\tIX"), "the accuracy 'IX' is not a whole number"),
        # A superscript two passes str.isdigit() but is not a number int() reads.
        (GOOD.replace("\t4", "\t\u00b2"), "the accuracy '\u00b2' is not a whole number"),
        # Only the accuracy may be left off the end of a line: an empty longitude before an
        # empty accuracy is named as the longitude, not as a short line.
        (GOOD.replace("\t-0.1416\t4", "\t\t"), "the longitude '' is not a number"),
    ],
)
def test_a_bad_line_is_named_word_for_word(line: str, message: str) -> None:
    with pytest.raises(places.PlacesFileError) as caught:
        places.parse([GOOD, line, GOOD])
    assert caught.value.errors == [f"line 2: {message}"]


def test_a_line_is_read_column_by_column() -> None:
    line = "\t".join(
        ["gb", " NP20 ", " Newport ", "Wales", "WLS", "Newport", "", "Stow Hill", "", " 51.5842",
         "-2.9977 ", "6"]
    )
    assert places.parse_line(line + "\r\n", 7) == places.PlaceRow(
        country_code="GB",
        postal_code="NP20",
        place_name="Newport",
        admin_name1="Wales",
        admin_name2="Newport",
        latitude=51.5842,
        longitude=-2.9977,
        accuracy=6,
    )


def test_long_values_are_cut_to_what_the_places_table_holds() -> None:
    # Place: postal_code 20 characters, place_name 180, admin_name1 and admin_name2 100.
    cells = GOOD.split("\t")
    cells[1], cells[2], cells[3], cells[5] = "1" * 25, "n" * 200, "a" * 120, "b" * 120
    row = places.parse_line("\t".join(cells), 1)
    assert row.postal_code == "1" * 20
    assert row.place_name == "n" * 180
    assert (row.admin_name1, row.admin_name2) == ("a" * 100, "b" * 100)
    cells[1], cells[2], cells[3], cells[5] = "1" * 20, "n" * 180, "a" * 100, "b" * 100
    exact = places.parse_line("\t".join(cells), 1)
    assert (exact.postal_code, exact.place_name, exact.admin_name1, exact.admin_name2) == (
        "1" * 20, "n" * 180, "a" * 100, "b" * 100
    )


def test_every_bad_line_is_in_the_errors_message() -> None:
    with pytest.raises(places.PlacesFileError) as caught:
        places.parse(["GB", GOOD, GOOD.replace("\tLondon\t", "\t\t")])
    assert str(caught.value) == (
        "line 1: 1 tab-separated columns, expected 12 (is this a GeoNames postal-code file?); "
        "line 3: the place name is empty"
    )


def test_errors_stop_after_twenty_and_nothing_is_returned() -> None:
    with pytest.raises(places.PlacesFileError) as caught:
        places.parse(["bad line"] * 100)
    assert len(caught.value.errors) == 20 + 1
    assert caught.value.errors[-2].startswith("line 20: ")
    assert caught.value.errors[-1] == "(stopped after this many errors)"


def test_blank_lines_are_skipped_and_still_counted() -> None:
    rows = places.parse(["", GOOD, "   ", GOOD.replace("SW1A", "EC1A"), "\n"])
    assert [r.postal_code for r in rows] == ["SW1A", "EC1A"]
    with pytest.raises(places.PlacesFileError) as caught:
        places.parse([GOOD, "", "GB"])
    assert caught.value.errors[0].startswith("line 3: ")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(places.PlacesFileError) as caught:
        places.parse(["", "  "])
    assert caught.value.errors == ["the file holds no places"]


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
     ("Street 12 of a very long name", False),
     # At most ten letters and digits, whatever the spaces and dashes.
     ("AB12 345-678", True), ("AB12 345-6789", False)],
)
def test_looks_like_postcode(typed: str, postcode: bool) -> None:
    assert places.looks_like_postcode(typed) is postcode


def test_outward_part() -> None:
    assert places.outward_part("SW1A 1AA") == "SW1A"
    assert places.outward_part("SW1A") is None


def test_close_matches_keep_the_known_spelling() -> None:
    assert places.close_matches("guildfrod", ["Guildford", "Oxford", "Bristol"]) == ["Guildford"]
    assert places.close_matches("xyz", ["Guildford"]) == []


def test_close_matches_offer_five_at_most_unless_asked() -> None:
    districts = ["NP20", "NP21", "NP22", "NP23", "NP24", "NP25", "NP26"]
    found = places.close_matches("NP2", districts)
    assert len(found) == 5 and set(found) <= set(districts)
    assert len(places.close_matches("NP2", districts, limit=7)) == 7
    assert places.close_matches("np 21", districts, limit=1) == ["NP21"]


def test_rows_are_stored_in_batches_of_the_given_size() -> None:
    rows = places.parse([GOOD.replace("SW1A", f"SW{n}") for n in range(1, 6)])
    batches = list(places.chunks(rows, 2))
    assert [[r.postal_code for r in b] for b in batches] == [
        ["SW1", "SW2"], ["SW3", "SW4"], ["SW5"],
    ]
    assert list(places.chunks(rows, 5)) == [rows]
    assert list(places.chunks([], 2)) == []
