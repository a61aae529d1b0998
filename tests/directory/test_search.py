"""Reading the filters, ranking and loosening (directory/search.py): the rules the web page,
the API and the CLI share."""

from datetime import date
from typing import Any

import pytest

from hiphub.directory import search
from hiphub.directory.models import Oil
from hiphub.directory.search import Candidate, FilterError, Filters

TECHNIQUES = ("myofascial_release", "trigger_point", "swedish")
REGIONS = ("lumbar_paraspinal", "groin")


def parse(**query: Any) -> Filters:
    raw = {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    return search.parse_filters(
        raw, techniques=TECHNIQUES, regions=REGIONS, alert_regions=("saddle",)
    )


def test_nothing_given_is_no_filter() -> None:
    assert parse() == Filters()
    assert not parse().active
    # A web form sends every field, empty.
    assert parse(technique="", min_minutes="", oil="", near="", within_km="", q="") == Filters()


def test_every_filter_read() -> None:
    got = parse(
        technique=["trigger_point", "myofascial_release", "trigger_point"],
        min_minutes="60",
        region="groin",
        oil="little",
        accepting="true",
        near=" SW1A 1AA ",
        within_km="12.5",
        q="green",
    )
    assert got == Filters(
        techniques=("trigger_point", "myofascial_release"),
        min_minutes=60,
        regions=("groin",),
        oil="little",
        accepting=True,
        near="SW1A 1AA",
        within_km=12.5,
        q="green",
    )


def test_near_without_a_distance_means_25_km() -> None:
    assert parse(near="Oxford").within_km == 25


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"technique": "reiki"}, "technique", "Unknown technique 'reiki'"),
        ({"technique": "trigger_points"}, "technique", "Did you mean 'trigger_point'?"),
        ({"region": "elbow"}, "region", "Unknown area 'elbow'"),
        ({"region": "saddle"}, "region", "warning-sign area"),
        ({"min_minutes": "-10"}, "min_minutes", "whole minutes"),
        ({"min_minutes": "0"}, "min_minutes", "whole minutes"),
        ({"min_minutes": "60.5"}, "min_minutes", "whole minutes"),
        ({"min_minutes": "²"}, "min_minutes", "whole minutes"),
        ({"min_minutes": "481"}, "min_minutes", "1 to 480"),
        ({"oil": "lots"}, "oil", "none, little, normal"),
        ({"accepting": "maybe"}, "accepting", "true or false"),
        ({"near": "Oxford", "within_km": "-5"}, "within_km", "more than 0"),
        ({"near": "Oxford", "within_km": "0"}, "within_km", "more than 0"),
        ({"near": "Oxford", "within_km": "nan"}, "within_km", "kilometres"),
        ({"near": "Oxford", "within_km": "inf"}, "within_km", "kilometres"),
        ({"near": "Oxford", "within_km": "501"}, "within_km", "at most 500"),
        ({"near": "Oxford", "within_km": "ten"}, "within_km", "kilometres"),
        ({"within_km": "10"}, "within_km", "postcode or place"),
        ({"q": "x" * 101}, "q", "at most 100"),
    ],
)
def test_a_bad_filter_names_its_field(query: dict[str, str], field: str, words: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse(**query)
    assert caught.value.field == field
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("oil", "allowed"),
    [(None, ("none", "little", "normal")), ("none", ("none",)), ("little", ("none", "little")),
     ("normal", ("none", "little", "normal"))],
)
def test_oil_means_at_most_this_much(oil: str | None, allowed: tuple[str, ...]) -> None:
    assert Filters(oil=oil).oil_allowed() == allowed


def test_the_oil_levels_are_the_models() -> None:
    assert tuple(Oil.values) == search.OIL_ORDER


def test_filters_survive_a_round_trip_through_the_query_string() -> None:
    original = parse(technique="swedish", min_minutes="45", region=["groin"], oil="none",
                     accepting="false", near="Oxford", within_km="10", q="clinic")
    pairs = original.as_query()
    again: dict[str, list[str]] = {}
    for key, value in pairs:
        again.setdefault(key, []).append(value)
    assert parse(**again) == original


# --- Ranking ---------------------------------------------------------------------------------

ORIGIN = (51.5010, -0.1416)


def cand(pk: int, lat: float, lon: float, confirmed: date) -> Candidate:
    return Candidate(pk, lat, lon, confirmed)


def test_nearest_first_then_most_recently_confirmed_then_oldest_listing() -> None:
    same_place = (51.60, -0.1416)
    ranked = search.rank(
        [
            cand(1, 51.70, -0.1416, date(2026, 11, 1)),  # farthest
            cand(2, *same_place, date(2026, 1, 1)),  # near, confirmed long ago
            cand(3, *same_place, date(2026, 11, 20)),  # near, confirmed recently
            cand(4, *same_place, date(2026, 11, 20)),  # the same: the older id first
        ],
        ORIGIN,
        25,
    )
    assert [r.id for r in ranked] == [3, 4, 2, 1]
    assert ranked[0].distance_km == pytest.approx(11.0, abs=0.1)


def test_beyond_the_distance_is_left_out_even_inside_the_box() -> None:
    corner = (51.5010 + 0.2, -0.1416 + 0.3)  # inside a 25 km box, 29 km away
    ranked = search.rank([cand(1, *corner, date(2026, 11, 1))], ORIGIN, 25)
    assert ranked == []


def test_without_a_place_the_most_recently_confirmed_come_first() -> None:
    ranked = search.rank(
        [cand(1, 0, 0, date(2026, 1, 1)), cand(2, 50, 50, date(2026, 6, 1))], None, None
    )
    assert [(r.id, r.distance_km) for r in ranked] == [(2, None), (1, None)]


def test_loosenings_name_each_active_filter_once() -> None:
    filters = parse(technique="swedish", min_minutes="45", region="groin", oil="none",
                    accepting="true", near="Oxford", within_km="10", q="clinic")
    found = {lo.field: lo for lo in search.loosenings(filters)}
    assert set(found) == {"within_km", "accepting", "oil", "min_minutes", "technique", "region",
                          "q"}
    assert found["within_km"].filters.within_km == 20
    assert found["within_km"].label == "within 20 km"
    assert found["technique"].filters == filters.__class__(**{**filters.__dict__, "techniques": ()})


def test_nothing_to_loosen_without_filters_and_no_wider_than_the_maximum() -> None:
    assert search.loosenings(Filters()) == []
    widest = parse(near="Oxford", within_km="500")
    assert search.loosenings(widest) == []


# --- Word for word, and the exact edges (written to kill mutants, docs/quality.md) ----------


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"technique": "reiki"}, "technique",
         "Unknown technique 'reiki'. The techniques are listed at /therapists/techniques/."),
        ({"technique": "trigger_points"}, "technique",
         "Unknown technique 'trigger_points'. Did you mean 'trigger_point'? The techniques are "
         "listed at /therapists/techniques/."),
        ({"region": "elbow"}, "region",
         "Unknown area 'elbow'. The areas are hiphub's body regions, listed at "
         "/api/anatomy/regions."),
        ({"region": "saddle"}, "region",
         "'saddle' is a warning-sign area, not one therapists treat. If you have numbness there, "
         "see /help-now/ straight away."),
        ({"accepting": "maybe"}, "accepting",
         "Accepting must be true or false (or left out for either)."),
        ({"near": "Oxford", "within_km": "-5"}, "within_km",
         "Give the distance as a number of kilometres, more than 0 and at most 500."),
        ({"within_km": "10"}, "within_km",
         "Give a postcode or place (near) to measure the distance from."),
    ],
)
def test_each_refusal_word_for_word(query: dict[str, str], field: str, message: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse(**query)
    assert (caught.value.field, caught.value.message, str(caught.value)) == (
        field, message, message
    )


def test_an_empty_value_among_several_is_skipped_not_the_end() -> None:
    assert parse(technique=["", "swedish"]).techniques == ("swedish",)
    assert parse(region=[" ", "groin"]).regions == ("groin",)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"min_minutes": "1"}, Filters(min_minutes=1)),
        ({"min_minutes": "480"}, Filters(min_minutes=480)),
        ({"near": "Oxford", "within_km": "0.5"}, Filters(near="Oxford", within_km=0.5)),
        ({"near": "Oxford", "within_km": "500"}, Filters(near="Oxford", within_km=500)),
        ({"q": "x" * 100}, Filters(q="x" * 100)),
    ],
)
def test_the_ends_of_each_range_are_allowed(query: dict[str, str], expected: Filters) -> None:
    assert parse(**query) == expected


@pytest.mark.parametrize(
    ("word", "accepting"),
    [("true", True), ("1", True), ("Yes", True), ("on", True),
     ("false", False), ("0", False), ("no", False), ("OFF", False), ("", None)],
)
def test_accepting_reads_yes_and_no_words(word: str, accepting: bool | None) -> None:
    assert parse(accepting=word).accepting is accepting


def test_the_query_string_of_every_filter() -> None:
    filters = Filters(techniques=("swedish",), min_minutes=45, regions=("groin",), oil="none",
                      accepting=True, near="Oxford", within_km=12.5, q="clinic")
    assert filters.as_query() == [
        ("technique", "swedish"), ("min_minutes", "45"), ("region", "groin"), ("oil", "none"),
        ("accepting", "true"), ("near", "Oxford"), ("within_km", "12.5"), ("q", "clinic"),
    ]
    assert Filters(accepting=False).as_query() == [("accepting", "false")]


def test_without_a_distance_every_candidate_is_ranked_by_distance() -> None:
    ranked = search.rank(
        [cand(1, 52.5, -0.1416, date(2026, 1, 1)), cand(2, 51.6, -0.1416, date(2026, 1, 1))],
        ORIGIN,
        None,
    )
    assert [r.id for r in ranked] == [2, 1]
    assert ranked[1].distance_km == pytest.approx(111.1, abs=0.1)


def test_a_listing_exactly_at_the_distance_is_kept() -> None:
    there = cand(1, 51.7, -0.1416, date(2026, 1, 1))
    (km,) = search.geo.distances_km(*ORIGIN, [(there.latitude, there.longitude)])
    assert search.rank([there], ORIGIN, km) == [search.Ranked(1, km)]


@pytest.mark.parametrize(
    ("within", "wider"),
    [(5, 15), (10, 20), (50, 100), (300, 500)],
)
def test_a_wider_search_doubles_the_distance_or_adds_10_km(within: float, wider: float) -> None:
    (loosening,) = search.loosenings(Filters(near="Oxford", within_km=within))
    assert loosening.label == f"within {wider} km"
    assert loosening.filters == Filters(near="Oxford", within_km=wider)


def test_each_loosening_word_for_word_and_what_it_drops() -> None:
    filters = Filters(techniques=("swedish",), min_minutes=45, regions=("groin",), oil="little",
                      accepting=False, q="clinic")
    assert search.loosenings(filters) == [
        search.Loosening("accepting", "whether or not accepting new clients",
                         Filters(techniques=("swedish",), min_minutes=45, regions=("groin",),
                                 oil="little", q="clinic")),
        search.Loosening("oil", "with any amount of oil",
                         Filters(techniques=("swedish",), min_minutes=45, regions=("groin",),
                                 accepting=False, q="clinic")),
        search.Loosening("min_minutes", "with any session length",
                         Filters(techniques=("swedish",), regions=("groin",), oil="little",
                                 accepting=False, q="clinic")),
        search.Loosening("technique", "with any technique",
                         Filters(min_minutes=45, regions=("groin",), oil="little",
                                 accepting=False, q="clinic")),
        search.Loosening("region", "for any area",
                         Filters(techniques=("swedish",), min_minutes=45, oil="little",
                                 accepting=False, q="clinic")),
        search.Loosening("q", "without the name search",
                         Filters(techniques=("swedish",), min_minutes=45, regions=("groin",),
                                 oil="little", accepting=False)),
    ]


def test_normal_oil_is_already_any_oil_so_it_is_not_loosened() -> None:
    assert search.loosenings(Filters(oil="normal")) == []
    assert [lo.field for lo in search.loosenings(Filters(oil="little"))] == ["oil"]
