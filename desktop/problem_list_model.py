"""The 问题清单 as an editable table: the office sets 程度, 难度, 分类, 责任单位, 建议, 优先级, 下年计划."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from forms.indicator_catalogue import CLASSES, DIFFICULTIES, SEVERITIES
from forms.indicators.ledger import PLACE_HEADER
from forms.indicators.problems import PRIORITIES, ProblemEdit, ProblemRow
from forms.indicators.table import GROUP_LEVELS

FIXED_COLUMNS = ("指标项", "结果（栋）", "存在问题")
# (header, ProblemRow attribute = ProblemEdit field, choices; () = free text)
EDITABLE = (("问题程度", "severity", SEVERITIES), ("治理难度", "difficulty", DIFFICULTIES),
            ("问题分类", "problem_class", CLASSES), ("责任单位", "responsible", ()),
            ("整治建议", "advice", ()), ("优先级", "priority", PRIORITIES))
NEXT_YEAR_HEADER = "纳入下年计划"


class ProblemListModel(QAbstractTableModel):
    """One row per place and problem item; edits are emitted as the office's setting for the row."""

    setting_changed = Signal(str, object)   # row key, the row's ProblemEdit after the change

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ProblemRow] = []
        self._settings: dict[str, ProblemEdit] = {}
        self._depth = len(GROUP_LEVELS["estate"])

    def set_rows(self, rows: Sequence[ProblemRow], level: str, settings: Mapping[str, ProblemEdit]) -> None:
        self.beginResetModel()
        self._rows, self._settings = list(rows), dict(settings)
        self._depth = len(GROUP_LEVELS[level])
        self.endResetModel()

    def rows(self) -> list[ProblemRow]:
        return list(self._rows)

    def headers(self) -> list[str]:
        return [*PLACE_HEADER[:self._depth], *FIXED_COLUMNS, *(h for h, _a, _c in EDITABLE), NEXT_YEAR_HEADER]

    def choices(self, column: int) -> tuple[str, ...]:
        """The allowed values of an editable column with a fixed list, else ()."""
        editable = self._editable(column)
        return editable[2] if editable else ()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers()[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self._next_year_column():
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable if self._editable(index.column()) else flags

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if column == self._next_year_column():
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.next_year else Qt.CheckState.Unchecked
            return "是" if role == Qt.ItemDataRole.DisplayRole and row.next_year else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        return None

    def setData(self, index: QModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = index.column()
        if column == self._next_year_column() and role == Qt.ItemDataRole.CheckStateRole:
            return self._change(index, "next_year", Qt.CheckState(value) == Qt.CheckState.Checked)
        editable = self._editable(column)
        if editable is None or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip()
        if editable[2] and text not in editable[2]:
            return False
        return self._change(index, editable[1], text)

    def _change(self, index: QModelIndex, name: str, value: object) -> bool:
        row = self._rows[index.row()]
        setting = replace(self._settings.get(row.key, ProblemEdit()), **{name: value})
        self._settings[row.key] = setting
        self._rows[index.row()] = row.with_edit(setting)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        self.setting_changed.emit(row.key, setting)
        return True

    def _text(self, row: ProblemRow, column: int) -> str:
        if column < self._depth:
            return row.place[column]
        fixed = (row.column.label, str(len(row.buildings)), row.problem_text)
        if column < self._depth + len(fixed):
            return fixed[column - self._depth]
        return str(getattr(row, self._editable(column)[1]))

    def _editable(self, column: int) -> tuple[str, str, tuple[str, ...]] | None:
        at = column - self._depth - len(FIXED_COLUMNS)
        return EDITABLE[at] if 0 <= at < len(EDITABLE) else None

    def _next_year_column(self) -> int:
        return self._depth + len(FIXED_COLUMNS) + len(EDITABLE)


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down for the columns with a fixed list of values; plain text editing elsewhere."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        choices = index.model().choices(index.column())
        if not choices:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItems(list(choices))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
