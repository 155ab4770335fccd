"""The 问题地图 as GeoJSON (RFC 7946: WGS-84 longitude, latitude), for QGIS, ArcGIS and web maps."""

from __future__ import annotations

import json
from pathlib import Path

from reports.geo.errors import writing_map
from reports.geo.points import MapPoint, MapSelection
from reports.geo.properties import attributes_of
from reports.output_file import replaced_when_done

LAYER_NAME = "城市体检问题地图"


def feature(point: MapPoint) -> dict:
    return {
        "type": "Feature",
        "id": point.record_id,
        "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
        "properties": attributes_of(point),
    }


def write_geojson(selection: MapSelection, out: Path) -> Path:
    """Write the selection's points as one FeatureCollection to `out` (map-001 when it cannot)."""
    collection = {"type": "FeatureCollection", "name": LAYER_NAME,
                  "features": [feature(point) for point in selection.points]}
    with writing_map(out), replaced_when_done(out) as partial, open(partial, "w", encoding="utf-8") as stream:
        json.dump(collection, stream, ensure_ascii=False, indent=1)
    return Path(out)
