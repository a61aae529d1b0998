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
     (math.nan, 0, False), (0, math.inf, False)],
)
def test_valid_point(lat: float, lon: float, ok: bool) -> None:
    assert geo.valid_point(lat, lon) is ok
