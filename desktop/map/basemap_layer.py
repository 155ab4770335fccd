"""The base map under the points: one georeferenced picture, or the GeoPackage tiles of the shown area."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene

from desktop.map.map_items import scene_point
from reports.geo.basemap import Bounds, TileSet, open_tile_set, read_world_file, world_file_for
from reports.geo.errors import map_error
from reports.geo.mercator import to_lon_lat

BASEMAP_Z = 0
BASEMAP_FILTER = "底图 (*.png *.jpg *.jpeg *.gpkg)"


class BasemapLayer:
    """Pixmap items at the bottom of the scene; `refresh` follows the view for tile layers."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self._scene = scene
        self._items: list[QGraphicsPixmapItem] = []
        self._tiles: TileSet | None = None
        self._extent: QRectF | None = None
        self.source: Path | None = None

    def show(self, path: Path) -> None:
        """Show the picture (with its world file) or GeoPackage tile layer at `path` (map-00x when unusable)."""
        path = Path(path)
        if path.suffix.lower() == ".gpkg":
            tiles = open_tile_set(path)
            self.clear()
            self._tiles, self._extent = tiles, self._scene_rect(tiles.extent, tiles.geographic)
        else:
            world = read_world_file(world_file_for(path))
            image = QImage(str(path))
            if image.isNull():
                raise map_error("map-006", str(path), detail="图片无法解码")
            self.clear()
            bounds = world.bounds(image.width(), image.height())
            self._extent = self._scene_rect(bounds, True)
            self._add(QPixmap.fromImage(image), self._extent)
        self.source = path

    def refresh(self, visible: QRectF, metres_per_pixel: float) -> int:
        """Load the tiles that cover `visible` (scene metres) at the level nearest the view's scale."""
        if self._tiles is None:
            return len(self._items)
        for item in self._items:
            self._scene.removeItem(item)
        self._items.clear()
        tiles = self._tiles
        level = tiles.level_for(metres_per_pixel)
        for tile in tiles.tiles(level, self._tile_bounds(visible, tiles.geographic)):
            pixmap = QPixmap()
            if pixmap.loadFromData(tile.data):
                self._add(pixmap, self._scene_rect(tile.bounds, tiles.geographic))
        return len(self._items)

    def extent(self) -> QRectF | None:
        return self._extent

    def clear(self) -> None:
        for item in self._items:
            self._scene.removeItem(item)
        self._items.clear()
        self._tiles = self._extent = self.source = None

    def _add(self, pixmap: QPixmap, rect: QRectF) -> None:
        item = QGraphicsPixmapItem(pixmap)
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        item.setPos(rect.topLeft())
        item.setTransform(QTransform.fromScale(rect.width() / pixmap.width(), rect.height() / pixmap.height()))
        item.setZValue(BASEMAP_Z)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._scene.addItem(item)
        self._items.append(item)

    @staticmethod
    def _scene_rect(bounds: Bounds, geographic: bool) -> QRectF:
        """Scene rectangle of bounds in degrees (stretched to Mercator: fine at city scale) or in metres."""
        if geographic:
            return QRectF(scene_point(bounds.west, bounds.north), scene_point(bounds.east, bounds.south))
        return QRectF(QPointF(bounds.west, -bounds.north), QPointF(bounds.east, -bounds.south))

    @staticmethod
    def _tile_bounds(visible: QRectF, geographic: bool) -> Bounds:
        west, north, east, south = visible.left(), -visible.top(), visible.right(), -visible.bottom()
        if geographic:
            (west, north), (east, south) = to_lon_lat(west, north), to_lon_lat(east, south)
        return Bounds(west, south, east, north)
