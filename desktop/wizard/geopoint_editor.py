"""GPS entry: latitude, longitude and the coordinate system, typed or taken from the positioning service."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop import defs
from desktop.builders import create_label, hbox, vbox
from desktop.wizard.editors import FieldEditor
from desktop.wizard.gps_fix import GpsFixButton, PositionSourceFactory, system_position_source
from forms.field_checks import COORDINATE_SYSTEMS
from forms.model import Field
from forms.store.database import Database
from forms.store.settings import gps_accuracy_threshold

DEGREES = QRegularExpression(r"^-?\d{0,3}([.]\d{0,8})?$")


class GeopointEditor(FieldEditor):
    """Emits {"lat", "lon", "crs"}, plus "accuracy_m" for a GPS fix; a half-typed point keeps the missing part as None."""

    def __init__(self, field: Field, db: Database, parent: QWidget | None = None, *,
                 position_source: PositionSourceFactory = system_position_source) -> None:
        super().__init__(field, parent)
        self.lat = _degrees_edit("纬度，如 29.5630")
        self.lon = _degrees_edit("经度，如 106.5516")
        self.crs = QComboBox()
        self.crs.addItems(list(COORDINATE_SYSTEMS))
        self.crs.setMinimumHeight(defs.TOUCH_HEIGHT)
        for edit in (self.lat, self.lon):
            edit.textEdited.connect(lambda _text: self._typed(True))
        self.crs.activated.connect(lambda _index: self._typed(False))
        self.gps = GpsFixButton(lambda: gps_accuracy_threshold(db), position_source)
        self.gps.fixed.connect(self._fixed)
        self.setLayout(vbox(hbox(create_label("纬度", wrap=False), self.lat,
                                 create_label("经度", wrap=False), self.lon, self.crs, 1),
                            self.gps, spacing=defs.SMALL_SPACING))

    def point(self) -> dict | None:
        lat, lon = _degrees(self.lat.text()), _degrees(self.lon.text())
        if lat is None and lon is None:
            return None
        return {"lat": lat, "lon": lon, "crs": self.crs.currentText()}

    def set_value(self, value: object) -> None:
        point = value if isinstance(value, Mapping) else {}
        for edit, key in ((self.lat, "lat"), (self.lon, "lon")):
            number = point.get(key)
            if _degrees(edit.text()) != number:
                edit.setText("" if number is None else f"{number}")
        self.crs.setCurrentText(str(point.get("crs") or COORDINATE_SYSTEMS[0]))
        self.gps.show_point(point)

    def focus_target(self) -> QWidget:
        return self.lat

    def _typed(self, typing: bool) -> None:
        point = self.point()     # a point typed or changed by hand has no GPS accuracy
        self.gps.show_point(point)
        self.edited.emit(point, typing)

    def _fixed(self, point: dict) -> None:
        self.set_value(point)
        self.edited.emit(point, False)


def _degrees_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(defs.TOUCH_HEIGHT)
    edit.setFixedWidth(175)
    edit.setValidator(QRegularExpressionValidator(DEGREES, edit))
    return edit


def _degrees(text: str) -> float | None:
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        return None
