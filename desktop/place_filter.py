"""区 and 街道 drop-downs over the places of final records, shared by the indicator tabs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.builders import create_label, hbox
from forms.indicators import surveyed_places
from forms.store.database import Database

ALL_DISTRICTS = "全部区"
ALL_STREETS = "全部街道"


class PlaceFilter(QWidget):
    """Pick a district, then one of its streets; `changed` fires once per choice."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, object_prefix: str = "indicator") -> None:
        super().__init__(parent)
        self._db = db
        self._places: dict[str, tuple[str, ...]] = {}
        self.district_combo, self.street_combo = QComboBox(), QComboBox()
        self.district_combo.setObjectName(f"{object_prefix}_district")
        self.street_combo.setObjectName(f"{object_prefix}_street")
        self.setLayout(hbox(create_label("区：", wrap=False), self.district_combo,
                            create_label("街道：", wrap=False), self.street_combo))
        self.district_combo.currentIndexChanged.connect(self._district_changed)
        self.street_combo.currentIndexChanged.connect(lambda _index: self.changed.emit())

    def reload(self) -> None:
        """Reload the choices from the store, keeping the district when it is still there (no signal)."""
        self._places = surveyed_places(self._db)
        district = self.district()
        self.district_combo.blockSignals(True)
        self.district_combo.clear()
        self.district_combo.addItems([ALL_DISTRICTS, *self._places])
        self.district_combo.setCurrentText(district if district in self._places else ALL_DISTRICTS)
        self.district_combo.blockSignals(False)
        self._fill_streets()

    def district(self) -> str | None:
        text = self.district_combo.currentText()
        return None if text in ("", ALL_DISTRICTS) else text

    def street(self) -> str | None:
        text = self.street_combo.currentText()
        return None if text in ("", ALL_STREETS) else text

    def _district_changed(self, _index: int) -> None:
        self._fill_streets()
        self.changed.emit()

    def _fill_streets(self) -> None:
        district = self.district()
        self.street_combo.blockSignals(True)
        self.street_combo.clear()
        self.street_combo.addItems([ALL_STREETS, *self._places.get(district, ())])
        self.street_combo.blockSignals(False)
        self.street_combo.setEnabled(district is not None)
