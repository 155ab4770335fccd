"""The rows of a repeat group as an editable table model, with per-cell errors and relevance."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop import defs
from desktop.appearance import current_look
from desktop.wizard.answer_paths import is_blank
from forms.engine import row_path
from forms.model import Field, FieldType

Index = QModelIndex | QPersistentModelIndex
TABLE_EDITABLE = frozenset({
    FieldType.TEXT, FieldType.INTEGER, FieldType.YEAR, FieldType.DECIMAL, FieldType.DATE,
    FieldType.SELECT_ONE, FieldType.YES_NO,
})


def table_columns(repeat: Field) -> tuple[Field, ...]:
    """Return the row fields shown as table columns (everything but notes)."""
    return tuple(f for f in repeat.fields if f.type is not FieldType.NOTE)


class RepeatTableModel(QAbstractTableModel):
    """Rows of answers; `row_edited(rows)` carries the whole new list after a cell edit."""

    rows_edited = Signal(list)

    def __init__(self, repeat: Field, parent=None) -> None:
        super().__init__(parent)
        self.repeat = repeat
        self.columns = table_columns(repeat)
        self.rows: list[dict] = []
        self.errors: Mapping[str, tuple[str, ...]] = {}
        self.relevant: frozenset[str] = frozenset()
        self.calculated: Mapping[str, object] = {}

    def set_rows(self, rows: list[dict]) -> None:
        if rows == self.rows:
            return
        if len(rows) == len(self.rows):
            self.rows = copy.deepcopy(rows)
            self._all_changed()
            return
        self.beginResetModel()
        self.rows = copy.deepcopy(rows)
        self.endResetModel()

    def set_state(self, errors: Mapping[str, tuple[str, ...]], relevant: frozenset[str],
                  calculated: Mapping[str, object]) -> None:
        self.errors, self.relevant, self.calculated = errors, relevant, calculated
        self._all_changed()

    def path(self, row: int, column: int) -> str:
        return row_path(self.repeat.key, row, self.columns[column].key)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            column = self.columns[section]
            return f"{column.label}（{column.unit}）" if column.unit else column.label
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].type in TABLE_EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = self._value(index.row(), column)
        path = self.path(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return "；".join(self.errors.get(path, ())) or column.hint or None
        if role == Qt.ItemDataRole.BackgroundRole and path in self.errors:
            return QBrush(QColor(current_look().tone("error_background")))
        if role == Qt.ItemDataRole.ForegroundRole and self.relevant and path not in self.relevant:
            return QBrush(QColor(current_look().colour(defs.EMPTY_COLOUR)))
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        parsed = parse_cell(column, value)
        row = self.rows[index.row()]
        if row.get(column.key) == parsed:
            return False
        if is_blank(parsed):
            row.pop(column.key, None)
        else:
            row[column.key] = parsed
        self.dataChanged.emit(index, index)
        self.rows_edited.emit(copy.deepcopy(self.rows))
        return True

    def _value(self, row: int, column: Field) -> object:
        if column.type is FieldType.CALCULATE:
            values = self.calculated.get(column.key)
            return values[row] if isinstance(values, list) and row < len(values) else None
        return self.rows[row].get(column.key)

    def _all_changed(self) -> None:
        if self.rows and self.columns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))


def cell_text(column: Field, value: object) -> str:
    """Return how one row value reads in the table."""
    if value is None or value == "":
        return ""
    if column.type is FieldType.PHOTOS:
        return f"{len(value)} 张" if isinstance(value, list) else ""
    if column.type is FieldType.SELECT_MULTIPLE and isinstance(value, list):
        return "、".join(column.choice_label(code) for code in value)
    if column.choices:
        return column.choice_label(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_cell(column: Field, value: object) -> object:
    """Turn what a cell editor returns into an answer value (text that is no number stays text)."""
    if value is None:
        return None
    text = str(value).strip()
    if text == "":
        return None
    if column.type in (FieldType.INTEGER, FieldType.YEAR):
        return _number(text, int)
    if column.type is FieldType.DECIMAL:
        return _number(text, float)
    return text


def _number(text: str, kind: type) -> object:
    try:
        return kind(text) if kind is float else int(float(text)) if float(text).is_integer() else float(text)
    except ValueError:
        return text
