"""The one catalogue of map export and base-map error codes; a map file that cannot be written is map-001."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType

from forms.errors import CodedError

MAP_ERRORS = MappingProxyType({
    "map-001": "无法写入地图文件（{detail}）；请确认文件夹存在、可写、空间足够，且文件没有在 QGIS/ArcGIS 中打开。",
    "map-002": "未知的地图格式 {format}；可选：geojson、gpkg。",
    "map-003": "未知的调查表 {form}；可选：{known}。",
    "map-004": "找不到底图的坐标文件（{expected}）；请把办公室提供的同名 .pgw/.jgw/.wld 文件放在图片旁边。",
    "map-005": "坐标文件应为 6 行数字（像素大小、旋转、左上角坐标），{detail}；请向提供底图的同事索取原文件。",
    "map-006": "无法读取底图（{detail}）；请确认它是 PNG/JPEG 图片或 GeoPackage 瓦片文件。",
    "map-007": "GeoPackage 中没有可用的瓦片图层（{detail}）；请向办公室索取带瓦片的 .gpkg 底图。",
})


class MapError(CodedError):
    """A coded problem with a map export or a base map."""

    catalogue = MAP_ERRORS


map_error = MapError.make


@contextmanager
def writing_map(out: Path) -> Iterator[None]:
    """Turn a failure to write the map file `out` (the disk, the folder, SQLite) into map-001."""
    try:
        yield
    except (OSError, sqlite3.Error) as error:
        raise map_error("map-001", str(out), detail=getattr(error, "strerror", None) or error) from error
