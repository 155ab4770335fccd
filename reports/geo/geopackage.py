"""The 问题地图 as an OGC GeoPackage 1.4 point layer (EPSG:4326), written with sqlite3 alone."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
import sqlite3

from forms.store.clock import utc_now
from reports.geo.errors import writing_map
from reports.geo.geojson import LAYER_NAME
from reports.geo.points import MapPoint, MapSelection
from reports.geo.properties import ATTRIBUTES, attributes_of
from reports.output_file import replaced_when_done

APPLICATION_ID = 0x47504B47        # "GPKG"
USER_VERSION = 10400               # GeoPackage 1.4.0
TABLE = "survey_points"
GEOMETRY_COLUMN = "geom"
WGS84_SRS_ID = 4326
WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
    'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],'
    'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
# The three rows every GeoPackage's gpkg_spatial_ref_sys must hold (spec 1.1.2.1.2).
SPATIAL_REF_SYS = (
    ("WGS 84 geodetic", WGS84_SRS_ID, "EPSG", 4326, WGS84_WKT, "longitude/latitude coordinates in decimal degrees"),
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
)
SCHEMA = """
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
"""


def geometry_blob(lon: float, lat: float, srs_id: int = WGS84_SRS_ID) -> bytes:
    """Return a GeoPackage point geometry: 'GP', version 0, flags (little-endian, XY envelope), srs_id, WKB."""
    flags = 0b0000_0011               # bit 0: little-endian; bits 1-3 = 1: envelope [minx, maxx, miny, maxy]
    header = struct.pack("<2sBBi4d", b"GP", 0, flags, srs_id, lon, lon, lat, lat)
    wkb_point = struct.pack("<BIdd", 1, 1, lon, lat)     # little-endian, wkbPoint, x, y
    return header + wkb_point


def write_geopackage(selection: MapSelection, out: Path) -> Path:
    """Write the selection's points as the GeoPackage layer `survey_points` to `out` (map-001 when it cannot)."""
    with writing_map(out), replaced_when_done(out) as partial, closing(sqlite3.connect(partial)) as connection:
        with connection:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {USER_VERSION}")
            connection.executescript(SCHEMA)
            connection.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", SPATIAL_REF_SYS)
            _write_layer(connection, selection.points)
    return Path(out)


def _write_layer(connection: sqlite3.Connection, points: Sequence[MapPoint]) -> None:
    columns = ", ".join(f'"{a.name}" {a.sql_type}' for a in ATTRIBUTES)
    connection.execute(f'CREATE TABLE {TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
                       f'{GEOMETRY_COLUMN} POINT, {columns})')
    bounds = _bounds(points)
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, "
        "min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)",
        (TABLE, LAYER_NAME, "CityCheck 城市体检调查点：等级、标色与问题标记", _gpkg_time(utc_now()), *bounds,
         WGS84_SRS_ID),
    )
    connection.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, 'POINT', ?, 0, 0)",
                       (TABLE, GEOMETRY_COLUMN, WGS84_SRS_ID))
    names = ", ".join(f'"{a.name}"' for a in ATTRIBUTES)
    marks = ", ".join("?" * (len(ATTRIBUTES) + 1))
    connection.executemany(
        f"INSERT INTO {TABLE} ({GEOMETRY_COLUMN}, {names}) VALUES ({marks})",
        ((geometry_blob(p.lon, p.lat), *_sql_values(attributes_of(p).values())) for p in points),
    )


def _sql_values(values) -> list[object]:
    return [int(value) if isinstance(value, bool) else value for value in values]


def _bounds(points: Sequence[MapPoint]) -> tuple[float | None, ...]:
    if not points:
        return (None, None, None, None)
    lons, lats = [p.lon for p in points], [p.lat for p in points]
    return (min(lons), min(lats), max(lons), max(lats))


def _gpkg_time(stamp: str) -> str:
    """GeoPackage wants 'YYYY-MM-DDTHH:MM:SS.SSSZ'; the store keeps whole seconds."""
    return stamp.replace("Z", ".000Z") if stamp.endswith("Z") and "." not in stamp else stamp
