"""Distances, the search box and the rounding of home addresses (directory/geo.py)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiphub.directory import geo


def vector_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """An independent great-circle distance: the angle between two unit vectors."""

    def unit(lat: float, lon: float) -> tuple[float, float, float]:
        phi, lam = math.radians(lat), math.radians(lon)
        return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))

    a, b = unit(lat1, lon1), unit(lat2, lon2)
    cross = (
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    )
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return geo.EARTH_RADIUS_KM * math.atan2(math.hypot(*cross), dot)


def destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point `km` from (lat, lon) along `bearing` degrees, on the sphere."""
    delta = km / geo.EARTH_RADIUS_KM
    phi, lam, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(
        math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta)
    )
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi),
        math.cos(delta) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((51.5074, -0.1278), (51.5074, -0.1278), 0.0),
        ((0.0, 0.0), (1.0, 0.0), 111.195),  # one degree of a meridian
        ((51.5074, -0.1278), (48.8566, 2.3522), 343.56),  # London to Paris
        ((0.0, 0.0), (0.0, 180.0), math.pi * geo.EARTH_RADIUS_KM),  # half way round
        ((0.0, 179.9), (0.0, -179.9), 22.239),  # across the 180th meridian
    ],
)
def test_distance_km(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert geo.distance_km(*a, *b) == pytest.approx(km, abs=0.01)


lats = st.floats(min_value=-85, max_value=85)
lons = st.floats(min_value=-180, max_value=180)


@given(lats, lons, lats, lons)
def test_haversine_agrees_with_the_vector_angle(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    assert geo.distance_km(lat1, lon1, lat2, lon2) == pytest.approx(
        vector_km(lat1, lon1, lat2, lon2), abs=1e-6
    )


def _inside(box: geo.Box, lat: float, lon: float) -> bool:
    return box.south <= lat <= box.north and any(w <= lon <= e for w, e in box.lon_ranges)


@given(
    st.floats(min_value=-89, max_value=89),
    lons,
    st.floats(min_value=0.1, max_value=500),
    st.floats(min_value=0, max_value=360),
    st.floats(min_value=0, max_value=0.999),
)
def test_every_point_within_the_radius_is_inside_the_box(
    lat: float, lon: float, radius: float, bearing: float, fraction: float
) -> None:
    point = destination(lat, lon, bearing, radius * fraction)
    assert _inside(geo.bounding_box(lat, lon, radius), *point)


def test_the_box_is_tight_enough_to_be_worth_an_index() -> None:
    box = geo.bounding_box(51.5, -0.12, 25)
    assert box.north - box.south == pytest.approx(2 * 25 / geo.KM_PER_DEGREE, rel=1e-6)
    assert 0.7 < box.east - box.west < 0.75  # about 25 km each way at 51.5° N


def test_a_box_across_the_180th_meridian_has_two_pieces() -> None:
    box = geo.bounding_box(-17.7, 179.9, 50)  # Fiji
    assert len(box.lon_ranges) == 2
    assert _inside(box, -17.7, -179.8) and _inside(box, -17.7, 179.7)
    assert not _inside(box, -17.7, 0.0)


def test_near_a_pole_every_longitude_counts() -> None:
    box = geo.bounding_box(89.9, 10, 50)
    assert box.lon_ranges == ((-180.0, 180.0),) and box.north == 90


def test_a_negative_radius_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        geo.bounding_box(51.5, 0, -1)


@given(st.floats(min_value=-80, max_value=80), lons)
def test_a_home_is_shown_within_about_a_kilometre(lat: float, lon: float) -> None:
    shown = geo.round_home(lat, lon)
    assert geo.distance_km(lat, lon, *shown) <= 0.75


def test_homes_in_the_same_cell_are_shown_at_the_same_point() -> None:
    """The public point says which cell, nothing finer: two houses 300 m apart in one
    cell cannot be told apart."""
    one = geo.round_home(51.50101, -0.14159)
    other = geo.round_home(51.50101 + 0.001, -0.14159 + 0.001)
    assert one == other
    assert one != (51.50101, -0.14159)


@pytest.mark.parametrize(
    ("lat", "lon", "ok"),
    [(0, 0, True), (90, 180, True), (-90, -180, True), (90.1, 0, False), (0, 181, False),
     (math.nan, 0, False), (0, math.inf, False), (-90.1, 0, False), (0, -180.1, False)],
)
def test_valid_point(lat: float, lon: float, ok: bool) -> None:
    assert geo.valid_point(lat, lon) is ok


# --- Exact edges (written to kill mutants, docs/quality.md) ----------------------------------


@given(lats, lons, st.lists(st.tuples(lats, lons), max_size=5))
def test_many_distances_are_each_the_single_distance(
    lat: float, lon: float, points: list[tuple[float, float]]
) -> None:
    assert geo.distances_km(lat, lon, points) == pytest.approx(
        [geo.distance_km(lat, lon, *p) for p in points], abs=1e-6
    )


def test_many_distances_across_the_180th_meridian_and_far_apart() -> None:
    points = [(0.0, -179.9), (48.8566, 2.3522), (-33.87, 151.21), (0.0, 0.0)]
    assert geo.distances_km(0.0, 179.9, points) == pytest.approx(
        [22.239, geo.distance_km(0.0, 179.9, 48.8566, 2.3522),
         geo.distance_km(0.0, 179.9, -33.87, 151.21), geo.distance_km(0.0, 179.9, 0.0, 0.0)],
        abs=0.01,
    )
    assert geo.distances_km(51.5074, -0.1278, [(48.8566, 2.3522)]) == pytest.approx(
        [343.56], abs=0.01
    )


def test_a_radius_of_zero_is_the_point_itself_and_the_refusal_word_for_word() -> None:
    assert geo.bounding_box(51.5, 0.25, 0) == geo.Box(51.5, 51.5, 0.25, 0.25)
    with pytest.raises(ValueError) as caught:
        geo.bounding_box(51.5, 0, -0.001)
    assert str(caught.value) == "the radius cannot be negative"


@pytest.mark.parametrize("lat", [90.0, -90.0])
def test_a_point_at_a_pole_covers_every_longitude(lat: float) -> None:
    assert geo.bounding_box(lat, 10, 0) == geo.Box(lat, lat, -180.0, 180.0)


def test_near_the_south_pole_the_box_stops_at_minus_90() -> None:
    box = geo.bounding_box(-89.9, 20, 50)
    assert box.south == -90 and box.lon_ranges == ((-180.0, 180.0),)
    assert box.north == pytest.approx(-89.9 + 50 / geo.KM_PER_DEGREE)


def test_a_circle_whose_edge_reaches_the_pole_to_the_last_bit_covers_every_longitude() -> None:
    # Found by search: the circle stops a rounding error short of the south pole, so the
    # pole test lets it through, and sin(r) / cos(lat) is exactly 1.
    lat, radius = -2.35382676590838, 9745.823264926941
    box = geo.bounding_box(lat, 0, radius)
    degrees = math.degrees(radius / geo.EARTH_RADIUS_KM)
    assert box == geo.Box(lat - degrees, lat + degrees, -180.0, 180.0)
    assert box.south > -90


def test_a_box_reaching_west_across_the_180th_meridian_wraps_too() -> None:
    box = geo.bounding_box(-17.7, -179.9, 50)
    assert len(box.lon_ranges) == 2
    assert _inside(box, -17.7, 179.8) and _inside(box, -17.7, -179.5)
    assert box.west == pytest.approx(-179.9 - 0.4720 + 360, abs=0.001)


def test_a_home_is_put_on_the_grid_exactly() -> None:
    # Cells of 1 km: 0.008993° of latitude, and at 51.5° N 0.01445° of longitude.
    assert geo.round_home(51.50101, -0.14159) == (51.49958, -0.13459)
    assert geo.round_home(-33.8688, 151.2093) == (-33.8729, 151.21358)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(0.0, 179.9999), (0.0, 180.0), (0.0, -180.0), (-17.7, 179.999), (45.0, 179.995),
     (89.999, 10.0), (-89.999, -10.0), (90.0, 0.0), (-90.0, 0.0)],
)
def test_a_home_at_the_edges_of_the_map_is_shown_at_a_real_place_nearby(
    lat: float, lon: float
) -> None:
    shown = geo.round_home(lat, lon)
    assert geo.valid_point(*shown), shown
    assert geo.distance_km(lat, lon, *shown) <= 0.75


@pytest.mark.parametrize("lat", [90.0, -90.0])
def test_a_cell_that_would_reach_past_the_pole_is_shown_at_the_pole(lat: float) -> None:
    # On a grid of 0.5 km the last cell's centre would be 90.0017°: it is shown at the pole.
    shown = geo.round_home(lat, 0.0, grid_km=0.5)
    assert shown[0] == lat and geo.valid_point(*shown)
