"""Distances on the Earth's surface, the box that holds a circle around a point, and the
rounding of a home address to about a kilometre. Pure: numbers in, numbers out.

The Earth is treated as a sphere of the mean radius (6,371.0088 km, IUGG). Against the
ellipsoid that is off by at most about 0.5 % — 125 m in 25 km — which is well inside what
a postcode's centre tells us about where someone actually is.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # along a meridian: about 111.2 km
HOME_GRID_KM = 1.0  # a home address is shown on a grid of about this size


@dataclass(frozen=True)
class Box:
    """Latitude and longitude ranges in degrees. `west > east` when the box crosses the
    180th meridian; `lon_ranges` then gives the two pieces."""

    south: float
    north: float
    west: float
    east: float

    @property
    def lon_ranges(self) -> tuple[tuple[float, float], ...]:
        if self.west <= self.east:
            return ((self.west, self.east),)
        return ((self.west, 180.0), (-180.0, self.east))


def valid_point(lat: float, lon: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance by the haversine formula (stable for short distances)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distances_km(lat: float, lon: float, points: Iterable[tuple[float, float]]) -> list[float]:
    """distance_km from one point to many, with the origin's part worked out once (the
    search measures hundreds of candidates per request)."""
    phi1 = math.radians(lat)
    cos1 = math.cos(phi1)
    to_rad = math.pi / 180
    diameter = 2 * EARTH_RADIUS_KM
    sin, cos, asin, sqrt = math.sin, math.cos, math.asin, math.sqrt
    found = []
    for lat2, lon2 in points:
        phi2 = lat2 * to_rad
        a = sin((phi2 - phi1) / 2) ** 2 + cos1 * cos(phi2) * sin((lon2 - lon) * to_rad / 2) ** 2
        found.append(diameter * asin(min(1.0, sqrt(a))))
    return found


def bounding_box(lat: float, lon: float, radius_km: float) -> Box:
    """The smallest latitude/longitude box holding every point within `radius_km` of the
    centre, so an indexed range query finds all candidates before the exact distance.

    Longitude: the circle's widest east-west reach is not at the centre's latitude but
    where a great circle through the centre touches it, asin(sin r / cos lat) either side
    (the formula of J. P. Matuschek, "Finding points within a distance of a
    latitude/longitude using bounding coordinates"). Near a pole every longitude counts.
    """
    if radius_km < 0:
        raise ValueError("the radius cannot be negative")
    angular = radius_km / EARTH_RADIUS_KM
    south = lat - math.degrees(angular)
    north = lat + math.degrees(angular)
    if south <= -90 or north >= 90:
        return Box(max(south, -90.0), min(north, 90.0), -180.0, 180.0)
    reach = math.sin(angular) / math.cos(math.radians(lat))
    if reach >= 1:
        return Box(south, north, -180.0, 180.0)
    d_lon = math.degrees(math.asin(reach))
    west, east = lon - d_lon, lon + d_lon
    if west < -180:
        west += 360
    if east > 180:
        east -= 360
    return Box(south, north, west, east)


def round_home(lat: float, lon: float, grid_km: float = HOME_GRID_KM) -> tuple[float, float]:
    """A home address moved to the centre of its cell on a grid about `grid_km` across, so
    the public map point is never more than about 0.7 × grid_km from the home and says
    nothing finer. The east-west step widens with latitude to stay about `grid_km`."""
    lat_step = grid_km / KM_PER_DEGREE
    lat_cell = math.floor(lat / lat_step)
    public_lat = (lat_cell + 0.5) * lat_step
    public_lat = max(-90.0, min(90.0, public_lat))
    cos_lat = max(math.cos(math.radians(public_lat)), 0.01)
    lon_step = lat_step / cos_lat
    lon_cell = math.floor((lon + 180) / lon_step)
    public_lon = (lon_cell + 0.5) * lon_step - 180
    if public_lon > 180:
        public_lon -= 360
    return round(public_lat, 5), round(public_lon, 5)
