"""District and street pickers filled from the places the store holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QComboBox

ALL = "全部"


class PlaceCombos:
    """A district combo and a street combo that lists the chosen district's streets."""

    def __init__(self, places: Mapping[str, Sequence[str]], *, with_streets: bool = True) -> None:
        self.places = places
        self.district = QComboBox()
        self.district.setObjectName("district_choice")
        self.district.addItems([ALL, *places])
        self.street = QComboBox() if with_streets else None
        if self.street is not None:
            self.street.setObjectName("street_choice")
            self.district.currentTextChanged.connect(self._fill_streets)
            self._fill_streets(self.district.currentText())

    def _fill_streets(self, district: str) -> None:
        self.street.clear()
        streets = sorted({s for d, ss in self.places.items() if district in (ALL, d) for s in ss})
        self.street.addItems([ALL, *streets])

    def chosen_district(self) -> str | None:
        text = self.district.currentText()
        return None if text == ALL else text

    def chosen_street(self) -> str | None:
        text = self.street.currentText() if self.street is not None else ALL
        return None if text == ALL else text
