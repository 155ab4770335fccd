"""The map canvas: wheel to zoom, drag to pan, click a point to open its record, a scale bar."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from desktop import defs
from desktop.map.map_items import PointItem
from reports.geo.mercator import ground_metres, to_lon_lat

ZOOM_STEP = 1.25
CLICK_SLOP_PX = 4                 # a press and release closer than this is a click, not a drag
SCALE_BAR_PX = 120                # the bar's longest length on screen
SCALE_BAR_MARGIN = 16
FIT_MARGIN = 0.08                 # of the points' extent, around them when fitting
MIN_FIT_METRES = 400.0            # a single point still shows its neighbourhood
SETTLE_MS = 200                   # after zooming or panning, before the base map is redrawn


def nice_length(metres: float) -> float:
    """Return the largest 1, 2 or 5 × 10ⁿ metres not above `metres`."""
    power = 10 ** math.floor(math.log10(metres))
    return max(step * power for step in (1, 2, 5) if step * power <= metres)


def length_text(metres: float) -> str:
    return f"{metres / 1000:g} 公里" if metres >= 1000 else f"{metres:g} 米"


class MapView(QGraphicsView):
    """Shows a scene in Web Mercator metres; emits `record_clicked` and `view_settled`."""

    record_clicked = Signal(str)
    view_settled = Signal()          # zoom or pan stopped: time to load base-map tiles

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("map_view")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor(defs.MAP_BACKGROUND))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)  # the scale bar moves
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pressed_at: QPoint | None = None
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.view_settled)
        self.horizontalScrollBar().valueChanged.connect(lambda _value: self._settle.start())
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._settle.start())

    # -- what is shown --------------------------------------------------------------------
    def fit(self, rect: QRectF) -> None:
        """Show `rect` (scene metres) whole, with a margin; a tiny rect is widened first."""
        width = max(rect.width(), MIN_FIT_METRES)
        height = max(rect.height(), MIN_FIT_METRES)
        centre = rect.center()
        padded = QRectF(0, 0, width * (1 + 2 * FIT_MARGIN), height * (1 + 2 * FIT_MARGIN))
        padded.moveCenter(centre)
        self.setSceneRect(padded.adjusted(-padded.width() * 4, -padded.height() * 4,
                                          padded.width() * 4, padded.height() * 4))   # room to pan
        self.fitInView(padded, Qt.AspectRatioMode.KeepAspectRatio)
        self._settle.start()

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)
        self._settle.start()

    def metres_per_pixel(self) -> float:
        """Return the ground metres one screen pixel covers at the view's centre."""
        scene_per_pixel = 1 / self.transform().m11()
        return ground_metres(scene_per_pixel, self.centre_lon_lat()[1])

    def centre_lon_lat(self) -> tuple[float, float]:
        centre = self.mapToScene(self.viewport().rect().center())
        return to_lon_lat(centre.x(), -centre.y())

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def point_at(self, position: QPoint) -> PointItem | None:
        """Return the record point under a viewport position, if any."""
        return next((item for item in self.items(position) if isinstance(item, PointItem)), None)

    # -- events ---------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP ** steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed_at = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed_at = self._pressed_at, None
        released = event.position().toPoint()
        if pressed is None or (released - pressed).manhattanLength() > CLICK_SLOP_PX:
            return
        item = self.point_at(released)
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.record_clicked.emit(item.record_id)

    def drawForeground(self, painter: QPainter, _rect: QRectF) -> None:
        if not self.scene().items():
            return
        painter.save()
        painter.resetTransform()
        self._draw_scale_bar(painter)
        painter.restore()

    def _draw_scale_bar(self, painter: QPainter) -> None:
        metres = nice_length(self.metres_per_pixel() * SCALE_BAR_PX)
        length = metres / self.metres_per_pixel()
        left = SCALE_BAR_MARGIN
        bottom = self.viewport().height() - SCALE_BAR_MARGIN
        painter.fillRect(QRectF(left - 6, bottom - 30, length + 12, 36), QColor(255, 255, 255, 210))
        painter.setPen(QPen(QColor(defs.MAP_LABEL_COLOUR), 2))
        painter.drawLine(QPointF(left, bottom), QPointF(left + length, bottom))
        for x in (left, left + length):
            painter.drawLine(QPointF(x, bottom), QPointF(x, bottom - 6))
        painter.drawText(QRectF(left, bottom - 28, length, 20), Qt.AlignmentFlag.AlignCenter, length_text(metres))
