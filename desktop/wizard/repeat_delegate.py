"""Cell editors of the repeat table: a combo box for choices, a checked line edit otherwise."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.wizard.editors import DECIMAL_PATTERN, INTEGER_PATTERN
from desktop.wizard.repeat_table_model import RepeatTableModel
from forms.model import FieldType


class RepeatCellDelegate(QStyledItemDelegate):
    def __init__(self, model: RepeatTableModel, parent=None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        column = self._model.columns[index.column()]
        if column.choices:
            combo = QComboBox(parent)
            combo.addItem("", None)
            for choice in column.choices:
                combo.addItem(choice.label, choice.code)
            combo.activated.connect(lambda _i, editor=combo: self.commitData.emit(editor))
            return combo
        line = QLineEdit(parent)
        if column.type is FieldType.DECIMAL:
            line.setValidator(QRegularExpressionValidator(DECIMAL_PATTERN, line))
        elif column.type in (FieldType.INTEGER, FieldType.YEAR):
            line.setValidator(QRegularExpressionValidator(INTEGER_PATTERN, line))
        return line

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0) if value is not None else 0)
        else:
            editor.setText(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
