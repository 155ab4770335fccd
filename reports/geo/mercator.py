"""Web Mercator (EPSG:3857) metres for drawing WGS-84 points on a flat map."""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6378137.0
MAX_LAT = 85.05112878


def to_mercator(lon: float, lat: float) -> tuple[float, float]:
    """Return (x, y) in EPSG:3857 metres, y growing northwards."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return (EARTH_RADIUS_M * math.radians(lon),
            EARTH_RADIUS_M * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def to_lon_lat(x: float, y: float) -> tuple[float, float]:
    """Return (lon, lat) in degrees of EPSG:3857 metres."""
    return (math.degrees(x / EARTH_RADIUS_M),
            math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS_M)) - math.pi / 2))


def ground_metres(mercator_metres: float, lat: float) -> float:
    """Return the true ground distance of a Mercator distance at latitude `lat`."""
    return mercator_metres * math.cos(math.radians(lat))
