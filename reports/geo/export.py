"""Export the points of a record filter in one of the map formats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.record_filter import RecordFilter
from reports.geo.errors import map_error
from reports.geo.geojson import write_geojson
from reports.geo.geopackage import write_geopackage
from reports.geo.points import MapSelection, map_points

WRITERS = {"geojson": write_geojson, "gpkg": write_geopackage}
MAP_FORMATS = tuple(WRITERS)
SUFFIXES = {"geojson": ".geojson", "gpkg": ".gpkg"}


@dataclass(frozen=True)
class MapExport:
    path: Path
    selection: MapSelection


def export_map(db: Database, catalog: Mapping[str, FormDefinition], record_filter: RecordFilter | None,
               map_format: str, out: Path) -> MapExport:
    """Write the filtered records' points to `out`; records without coordinates are listed as skipped."""
    if map_format not in WRITERS:
        raise map_error("map-002", str(out), format=map_format)
    selection = map_points(db, catalog, record_filter)
    return MapExport(WRITERS[map_format](selection, Path(out)), selection)
