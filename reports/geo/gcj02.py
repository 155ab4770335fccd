"""GCJ-02 ("火星坐标", China's published-map offset) to WGS-84, so every exported point is EPSG:4326.

The offset is the publicly documented GCJ-02 formula; the inverse is found by fixed-point
iteration (a few steps to 1e-9°, far below GPS accuracy).
"""

from __future__ import annotations

import math

_AXIS = 6378245.0                       # Krasovsky 1940 semi-major axis, as the formula uses
_ECCENTRICITY_SQ = 0.00669342162296594323
_INVERSE_TOLERANCE = 1e-9
_INVERSE_STEPS = 30


def _lat_shift(x: float, y: float) -> float:
    shift = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    shift += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    shift += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    shift += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return shift


def _lon_shift(x: float, y: float) -> float:
    shift = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    shift += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    shift += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    shift += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return shift


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """Return the GCJ-02 coordinates of a WGS-84 point."""
    d_lat, d_lon = _lat_shift(lon - 105.0, lat - 35.0), _lon_shift(lon - 105.0, lat - 35.0)
    rad_lat = math.radians(lat)
    magic = 1 - _ECCENTRICITY_SQ * math.sin(rad_lat) ** 2
    d_lat = (d_lat * 180.0) / ((_AXIS * (1 - _ECCENTRICITY_SQ)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = (d_lon * 180.0) / (_AXIS / math.sqrt(magic) * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """Return the WGS-84 point whose GCJ-02 coordinates are (lat, lon)."""
    wgs_lat, wgs_lon = lat, lon
    for _step in range(_INVERSE_STEPS):
        gcj_lat, gcj_lon = wgs84_to_gcj02(wgs_lat, wgs_lon)
        miss_lat, miss_lon = gcj_lat - lat, gcj_lon - lon
        wgs_lat, wgs_lon = wgs_lat - miss_lat, wgs_lon - miss_lon
        if abs(miss_lat) < _INVERSE_TOLERANCE and abs(miss_lon) < _INVERSE_TOLERANCE:
            break
    return wgs_lat, wgs_lon
