"""Local base maps the office provides: a picture with a world file, or a GeoPackage tile layer.

Both are read without a network. Bounds are given in the layer's own units: degrees for
EPSG:4326/4490 (CGCS2000, equal to WGS-84 at map scale), metres for EPSG:3857.
"""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from reports.geo.errors import map_error

WORLD_FILE_SUFFIXES = {".png": (".pgw", ".pngw"), ".jpg": (".jgw", ".jpgw"), ".jpeg": (".jgw", ".jpegw")}
GEOGRAPHIC_SRS = frozenset({4326, 4490})
MERCATOR_SRS = frozenset({3857, 900913})
METRES_PER_DEGREE = 111_320.0
MAX_TILES = 400          # tiles drawn at once; enough for a full-screen view at the chosen level


@dataclass(frozen=True)
class Bounds:
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class WorldFile:
    """The six numbers of an ESRI world file: pixel size, rotation, centre of the upper-left pixel."""

    pixel_x: float
    rotation_y: float
    rotation_x: float
    pixel_y: float
    x: float
    y: float

    def bounds(self, width: int, height: int) -> Bounds:
        """Return the picture's outer bounds in degrees, for an image `width` × `height` pixels."""
        west, north = self.x - self.pixel_x / 2, self.y - self.pixel_y / 2
        return Bounds(west, north + height * self.pixel_y, west + width * self.pixel_x, north)


def world_file_for(image: Path) -> Path:
    """Return the world file beside `image` (.pgw/.jgw/.wld, any case), map-004 when there is none."""
    suffixes = (*WORLD_FILE_SUFFIXES.get(image.suffix.lower(), ()), ".wld")
    candidates = [image.with_suffix(s) for suffix in suffixes for s in (suffix, suffix.upper())]
    found = next((path for path in candidates if path.is_file()), None)
    if found is None:
        raise map_error("map-004", str(image), expected="、".join(image.with_suffix(s).name for s in suffixes))
    return found


def read_world_file(path: Path) -> WorldFile:
    """Read a world file in degrees (map-005 when it is not six numbers, rotated, or not in degrees)."""
    try:
        numbers = [float(line) for line in path.read_text(encoding="ascii").split()]
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise map_error("map-005", str(path), detail=f"无法读出数字（{error}）") from error
    if len(numbers) != 6:
        raise map_error("map-005", str(path), detail=f"实际有 {len(numbers)} 个数")
    world = WorldFile(*numbers)
    if world.rotation_x or world.rotation_y:
        raise map_error("map-005", str(path), detail="本程序不支持带旋转的底图，请在 QGIS 中导出为正北朝上的图片")
    if world.pixel_x <= 0 or world.pixel_y >= 0 or abs(world.x) > 180 or abs(world.y) > 90:
        raise map_error("map-005", str(path),
                        detail="坐标不是经纬度（度），请在 QGIS 中把底图导出为 EPSG:4326（WGS-84 经纬度）")
    return world


@dataclass(frozen=True)
class TileLevel:
    zoom: int
    columns: int
    rows: int
    tile_width: int
    tile_height: int
    pixel_x: float
    pixel_y: float


@dataclass(frozen=True)
class Tile:
    data: bytes
    bounds: Bounds


@dataclass(frozen=True)
class TileSet:
    """A GeoPackage tile pyramid: its table, coordinate system, matrix-set bounds and zoom levels."""

    path: Path
    table: str
    srs_id: int
    extent: Bounds
    levels: tuple[TileLevel, ...]

    @property
    def geographic(self) -> bool:
        return self.srs_id in GEOGRAPHIC_SRS

    def level_for(self, metres_per_pixel: float) -> TileLevel:
        """Return the level whose pixels are nearest the view's ground size (on a log scale)."""
        scale = METRES_PER_DEGREE if self.geographic else 1.0
        return min(self.levels, key=lambda level: abs(math.log(level.pixel_x * scale / metres_per_pixel)))

    def tiles(self, level: TileLevel, view: Bounds) -> list[Tile]:
        """Return the level's tiles that meet `view` (in the tile set's units), at most MAX_TILES."""
        width, height = level.tile_width * level.pixel_x, level.tile_height * level.pixel_y
        first_column = max(0, math.floor((view.west - self.extent.west) / width))
        last_column = min(level.columns - 1, math.floor((view.east - self.extent.west) / width))
        first_row = max(0, math.floor((self.extent.north - view.north) / height))
        last_row = min(level.rows - 1, math.floor((self.extent.north - view.south) / height))
        query = (f'SELECT tile_column, tile_row, tile_data FROM "{self.table}" WHERE zoom_level = ? '
                 "AND tile_column BETWEEN ? AND ? AND tile_row BETWEEN ? AND ? LIMIT ?")
        with closing(_connect(self.path)) as connection:
            rows = connection.execute(query, (level.zoom, first_column, last_column, first_row, last_row,
                                              MAX_TILES)).fetchall()
        return [Tile(bytes(data), self._tile_bounds(column, row, width, height)) for column, row, data in rows]

    def _tile_bounds(self, column: int, row: int, width: float, height: float) -> Bounds:
        west, north = self.extent.west + column * width, self.extent.north - row * height
        return Bounds(west, north - height, west + width, north)


def open_tile_set(path: Path) -> TileSet:
    """Read the first tile layer of a GeoPackage (map-006 unreadable, map-007 no usable tiles)."""
    try:
        with closing(_connect(path)) as connection:
            return _tile_set(connection, Path(path))
    except sqlite3.Error as error:
        raise map_error("map-006", str(path), detail=error) from error


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)


def _tile_set(connection: sqlite3.Connection, path: Path) -> TileSet:
    found = connection.execute("SELECT c.table_name, m.srs_id, m.min_x, m.min_y, m.max_x, m.max_y, "
                               "s.organization, s.organization_coordsys_id FROM gpkg_contents c "
                               "JOIN gpkg_tile_matrix_set m ON m.table_name = c.table_name "
                               "JOIN gpkg_spatial_ref_sys s ON s.srs_id = m.srs_id "
                               "WHERE c.data_type = 'tiles' ORDER BY c.table_name").fetchone()
    if found is None:
        raise map_error("map-007", str(path), detail="gpkg_contents 中没有 tiles 类型的图层")
    table, _srs_id, min_x, min_y, max_x, max_y, organization, code = found
    if str(organization).upper() != "EPSG" or code not in GEOGRAPHIC_SRS | MERCATOR_SRS:
        raise map_error("map-007", str(path), detail=f"坐标系 {organization}:{code} 不受支持，请使用 EPSG:3857 或 EPSG:4326")
    levels = tuple(TileLevel(*row) for row in connection.execute(
        "SELECT zoom_level, matrix_width, matrix_height, tile_width, tile_height, pixel_x_size, pixel_y_size "
        "FROM gpkg_tile_matrix WHERE table_name = ? ORDER BY zoom_level", (table,)))
    if not levels:
        raise map_error("map-007", str(path), detail=f"图层 {table} 没有缩放级别")
    return TileSet(path, table, int(code), Bounds(min_x, min_y, max_x, max_y), levels)
