"""The row of filters above the records list: survey, status, district, street and search."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop import defs
from desktop.appearance import current_look
from desktop.builders import hbox
from forms.loader import FormCatalog
from forms.store.record_filter import RecordFilter

TYPING_PAUSE_MS = 250


class RecordFilterBar(QWidget):
    """Emits `changed(RecordFilter)` whenever the person changes a filter."""

    changed = Signal(object)

    def __init__(self, catalog: FormCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.survey = _combo([("全部调查表", None)] + [(f.title, f.id) for f in catalog.values()])
        self.status = _combo([("全部状态", None)] + [(label, code) for code, label in defs.STATUS_LABELS.items()])
        self.district = _line_edit("区", 110)
        self.street = _line_edit("街道", 130)
        self.search = _line_edit("搜索地址、编码、区街道社区小区或房屋名称", 300)
        self.search.setClearButtonEnabled(True)
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._emit)
        for combo in (self.survey, self.status):
            combo.currentIndexChanged.connect(self._emit)
        for edit in (self.district, self.street, self.search):
            edit.textEdited.connect(lambda _text: self._pause.start())
            edit.returnPressed.connect(self._emit)
        self.setLayout(hbox(self.survey, self.status, self.district, self.street, self.search, 1))

    def current_filter(self) -> RecordFilter:
        """Return the filter the widgets describe now."""
        return RecordFilter(
            form_id=self.survey.currentData(), status=self.status.currentData(),
            district=_text_or_none(self.district), street=_text_or_none(self.street),
            text=_text_or_none(self.search),
        )

    def _emit(self) -> None:
        self._pause.stop()
        self.changed.emit(self.current_filter())


def _combo(items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setMinimumHeight(current_look().touch_height())
    for label, data in items:
        combo.addItem(label, data)
    return combo


def _line_edit(placeholder: str, width: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(width)
    edit.setMinimumHeight(current_look().touch_height())
    return edit


def _text_or_none(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None
