"""Geographic functions on geopoint, geotrace and geoshape values, computed as JavaRosa does.

A geopoint is "lat lon [altitude accuracy]"; a geotrace or geoshape joins
points with ';'. A repeat column of geopoints is a list of points.
"""

from __future__ import annotations

import math
from types import MappingProxyType

from forms.expressions.signature import UNLIMITED, Function, flatten
from forms.expressions.values import NAN, to_string

EARTH_RADIUS_M = 6_378_100.0  # JavaRosa's equatorial radius
EARTH_CIRCUMFERENCE_M = 2 * math.pi * EARTH_RADIUS_M

Point = tuple[float, float]


def parse_points(values: tuple) -> list[Point] | None:
    """Return the (lat, lon) of every point in the values, or None if one is not a point."""
    points: list[Point] = []
    for value in flatten(values):
        for part in to_string(value).split(";"):
            point = _point(part)
            if point is None:
                return None
            points.append(point)
    return points


def _point(text: str) -> Point | None:
    numbers = text.split()
    if not 2 <= len(numbers) <= 4:
        return None
    try:
        lat, lon = float(numbers[0]), float(numbers[1])
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _segment_m(start: Point, end: Point) -> float:
    """Great-circle distance by the spherical law of cosines."""
    lat1, lat2 = math.radians(start[0]), math.radians(end[0])
    delta = math.radians(start[1] - end[1])
    cosine = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(delta)
    return math.acos(max(-1.0, min(1.0, cosine))) * EARTH_RADIUS_M


def _distance(context, *values):
    """Length in metres of a geotrace, the perimeter of a geoshape or the path through the points."""
    points = parse_points(values)
    if points is None:
        return NAN
    return math.fsum(_segment_m(a, b) for a, b in zip(points, points[1:]))


def _area(context, value):
    """Area in square metres enclosed by a geoshape or a list of points (0 below three points)."""
    points = parse_points((value,))
    if points is None:
        return NAN
    if len(points) < 3:
        return 0.0
    (lat0, lon0), scale = points[0], EARTH_CIRCUMFERENCE_M / 360.0
    xs = [(lon - lon0) * scale * math.cos(math.radians(lat)) for lat, lon in points[1:]]
    ys = [(lat - lat0) * scale for lat, _ in points[1:]]
    doubled = math.fsum(ys[i - 1] * xs[i] - xs[i - 1] * ys[i] for i in range(1, len(xs)))
    return abs(doubled / 2)


def _geofence(context, point, shape):
    """Whether the geopoint lies inside the geoshape (even-odd rule, as JavaRosa)."""
    where, fence = parse_points((point,)), parse_points((shape,))
    if not where or len(where) != 1 or fence is None:
        return False
    lat, lon = where[0]
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(fence, fence[1:]):
        if (lat2 > lat) != (lat1 > lat) and lon < (lon1 - lon2) * (lat - lat2) / (lat1 - lat2) + lon2:
            inside = not inside
    return inside


GEO_FUNCTIONS = MappingProxyType({
    "distance": Function(1, UNLIMITED, _distance),
    "area": Function(1, 1, _area),
    "enclosed-area": Function(1, 1, _area),
    "geofence": Function(2, 2, _geofence),
})
