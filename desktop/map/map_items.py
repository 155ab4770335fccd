"""What the map draws: a point per record coloured by its label, and place names at their centroids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen, QTransform
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsSimpleTextItem

from desktop import defs
from reports.geo.mercator import to_mercator
from reports.geo.points import MapPoint
from reports.geo.properties import colour_label, problems

POINT_Z, LABEL_Z = 10, 20
# Records of one building share its point: the most severe label is drawn on top.
SEVERITY = {"red": 4, "orange": 3, "yellow": 2, "green": 1}


def scene_point(lon: float, lat: float) -> QPointF:
    """Return the scene position of a WGS-84 point: Web Mercator metres, y downwards."""
    x, y = to_mercator(lon, lat)
    return QPointF(x, -y)


def point_colour(point: MapPoint) -> QColor:
    """The label's colour; a point without a colour label is grey, never green."""
    return QColor(defs.GRADE_COLOURS.get(point.colour or "", defs.MAP_NO_COLOUR))


class PointItem(QGraphicsEllipseItem):
    """One record: a dot of constant screen size that names the record in its tooltip."""

    def __init__(self, point: MapPoint) -> None:
        size = defs.MAP_POINT_SIZE
        super().__init__(QRectF(-size / 2, -size / 2, size, size))
        self.point = point
        self.setPos(scene_point(point.lon, point.lat))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setBrush(QBrush(point_colour(point)))
        self.setPen(QPen(QColor("white"), 1.5))
        self.setZValue(POINT_Z + SEVERITY.get(point.colour or "", 0) / 10)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(point_tooltip(point))

    @property
    def record_id(self) -> str:
        return self.point.record_id


def point_tooltip(point: MapPoint) -> str:
    grade = point.summary.get("grade")
    lines = [f"{point.label} · {point.survey}",
             " › ".join(filter(None, (point.place.get("district"), point.place.get("street"),
                                      point.place.get("community")))),
             f"标色：{colour_label(point)}" + (f"　等级：{grade}" if grade else ""),
             "问题：" + ("、".join(problems(point)) or "无"),
             "双击或单击打开记录"]
    return "\n".join(line for line in lines if line)


def place_labels(points: Iterable[MapPoint]) -> list[QGraphicsSimpleTextItem]:
    """Return district and street names, each at the centroid of its points."""
    districts: dict[str, list[QPointF]] = defaultdict(list)
    streets: dict[tuple[str, str], list[QPointF]] = defaultdict(list)
    for point in points:
        position = scene_point(point.lon, point.lat)
        district, street = point.place.get("district") or "", point.place.get("street") or ""
        if district:
            districts[district].append(position)
        if street:
            streets[(district, street)].append(position)
    labels = [_label(name, where, bold=True) for name, where in districts.items()]
    labels += [_label(street, where, bold=False) for (_district, street), where in streets.items()]
    return labels


def _label(text: str, positions: list[QPointF], *, bold: bool) -> QGraphicsSimpleTextItem:
    item = QGraphicsSimpleTextItem(text)
    font = QFont()
    font.setPointSize(defs.BASE_POINT_SIZE + (3 if bold else 0))
    font.setBold(bold)
    item.setFont(font)
    item.setBrush(QBrush(QColor(defs.MAP_LABEL_COLOUR if bold else defs.MAP_STREET_LABEL_COLOUR)))
    item.setPen(QPen(QColor(255, 255, 255, 200), 0.6))    # a halo keeps names readable over a base map
    centroid = sum(positions, QPointF()) / len(positions)
    item.setPos(centroid)
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    bounds = item.boundingRect()
    item.setTransform(QTransform.fromTranslate(-bounds.width() / 2, -bounds.height() / 2))   # centred
    item.setZValue(LABEL_Z + (1 if bold else 0))
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    return item
