"""A repeat group as an editable table with add/remove rows and the selected row's photos below."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop import defs
from desktop.appearance import current_look
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.wizard.answer_paths import is_blank
from desktop.wizard.editors import FieldEditor
from desktop.wizard.repeat_delegate import RepeatCellDelegate
from desktop.wizard.repeat_table_model import TABLE_EDITABLE, RepeatTableModel
from forms.engine import Evaluation
from forms.model import Field, FieldType

ERRORS_SHOWN = 3
EditorFactory = Callable[[Field], FieldEditor]


class RepeatEditor(FieldEditor):
    """Emits the whole new list of rows after any change."""

    def __init__(self, field: Field, make_editor: EditorFactory, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.model = RepeatTableModel(field, self)
        self.model.rows_edited.connect(lambda rows: self.edited.emit(rows, False))
        self.table = self._build_table()
        self.row_errors = create_label(colour=defs.ERROR_COLOUR)
        self.row_errors.hide()
        self.details = {f.key: make_editor(f) for f in field.fields if f.type not in TABLE_EDITABLE
                        and f.type not in (FieldType.NOTE, FieldType.CALCULATE)}
        self.details_title = create_label(bold=True)
        for key, editor in self.details.items():
            editor.edited.connect(lambda value, typing, key=key: self._detail_edited(key, value, typing))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        buttons = hbox(create_button("添加一行", on_click=self.add_row, object_name="add_row"),
                       create_button("删除所选行", on_click=self.remove_current_row), 1)
        detail_rows = [vbox(create_label(_label(field, key)), editor, spacing=defs.SMALL_SPACING)
                       for key, editor in self.details.items()]
        self.setLayout(vbox(self.table, buttons, self.row_errors, self.details_title, *detail_rows,
                            spacing=defs.SMALL_SPACING))
        self._show_details()

    def set_value(self, value: object) -> None:
        rows = [dict(r) for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []
        self.model.set_rows(rows)
        self._show_details()

    def show_state(self, evaluation: Evaluation) -> None:
        """Mark cells with errors, grey out irrelevant ones and list the first row errors."""
        prefix = f"{self.field.key}["
        errors = {p: m for p, m in evaluation.errors.items() if p.startswith(prefix)}
        self.model.set_state(errors, evaluation.relevant, evaluation.calculated)
        lines = [f"第 {_row_number(path)} 行 {_label(self.field, path.rsplit('.', 1)[-1])}：{'；'.join(m)}"
                 for path, m in list(errors.items())[:ERRORS_SHOWN]]
        if len(errors) > ERRORS_SHOWN:
            lines.append(f"…共 {len(errors)} 处错误")
        self.row_errors.setText("\n".join(lines))
        self.row_errors.setVisible(bool(lines))

    def add_row(self) -> None:
        rows = copy.deepcopy(self.model.rows) + [{}]
        self.edited.emit(rows, False)
        self.set_value(rows)
        index = self.model.index(len(rows) - 1, 0)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_current_row(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.rows):
            rows = copy.deepcopy(self.model.rows)
            del rows[row]
            self.edited.emit(rows, False)

    def focus_target(self) -> QWidget:
        return self.table

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setItemDelegate(RepeatCellDelegate(self.model, table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        table.setTabKeyNavigation(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(current_look().touch_height())
        table.setMinimumHeight(6 * current_look().touch_height())
        table.setMaximumHeight(12 * current_look().touch_height())
        return table

    def _show_details(self) -> None:
        row = self.table.currentIndex().row()
        has_row = 0 <= row < len(self.model.rows)
        self.details_title.setVisible(bool(self.details))
        self.details_title.setText(f"第 {row + 1} 行" if has_row else "选中一行后在此添加该行的照片等内容")
        for key, editor in self.details.items():
            editor.setEnabled(has_row)
            editor.set_value(self.model.rows[row].get(key) if has_row else None)

    def _detail_edited(self, key: str, value: object, typing: bool) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            return
        rows = copy.deepcopy(self.model.rows)
        if is_blank(value):
            rows[row].pop(key, None)
        else:
            rows[row][key] = value
        self.model.set_rows(rows)
        self.edited.emit(rows, typing)


def _label(repeat: Field, key: str) -> str:
    return next((f.label for f in repeat.fields if f.key == key), key)


def _row_number(path: str) -> int:
    return int(path.split("[", 1)[1].split("]", 1)[0]) + 1
