"""One field on a page: label, editor, unit/hint and its inline Chinese errors."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop import defs
from desktop.appearance import current_look
from desktop.builders import create_label, hbox, vbox
from desktop.wizard.editors import (
    CalculatedView,
    CheckboxEditor,
    ComboEditor,
    DateEditor,
    FieldEditor,
    NumberEditor,
    RadioEditor,
    TextEditor,
)
from desktop.wizard.geopoint_editor import GeopointEditor
from desktop.wizard.photo_strip import PhotoStrip
from desktop.wizard.repeat_editor import RepeatEditor
from forms.model import Field, FieldType
from forms.store.database import Database

SIMPLE_EDITORS = {
    FieldType.TEXT: TextEditor,
    FieldType.INTEGER: NumberEditor,
    FieldType.YEAR: NumberEditor,
    FieldType.DECIMAL: NumberEditor,
    FieldType.DATE: DateEditor,
    FieldType.YES_NO: RadioEditor,
    FieldType.SELECT_MULTIPLE: CheckboxEditor,
    FieldType.CALCULATE: CalculatedView,
}


def make_editor(field: Field, db: Database) -> FieldEditor:
    """Return the editor widget for a field of any input, calculate or repeat type."""
    if field.type is FieldType.PHOTOS:
        return PhotoStrip(field, db)
    if field.type is FieldType.REPEAT:
        return RepeatEditor(field, partial(make_editor, db=db))
    if field.type is FieldType.GEOPOINT:
        return GeopointEditor(field, db)
    if field.type is FieldType.SELECT_ONE:
        long_list = len(field.choices) >= defs.RADIO_LIMIT or field.appearance == "minimal"
        return ComboEditor(field) if long_list else RadioEditor(field)
    return SIMPLE_EDITORS[field.type](field)


class FieldRow(QWidget):
    """A field's label, editor (None for notes), hint and error line."""

    def __init__(self, field: Field, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"field_{field.key}")
        self.editor: FieldEditor | None = None
        self.errors = create_label(colour=defs.ERROR_COLOUR, object_name=f"errors_{field.key}")
        self.errors.hide()
        if field.type is FieldType.NOTE:
            self._build_note()
        else:
            self.editor = make_editor(field, db)
            self._build_input()

    def show_errors(self, messages: tuple[str, ...]) -> None:
        text = "；".join(messages)
        if text != self.errors.text():
            self.errors.setText(text)
        self.errors.setVisible(bool(messages))

    def error_text(self) -> str:
        return self.errors.text() if self.errors.isVisibleTo(self) else ""

    def _build_note(self) -> None:
        note = create_label(self.field.label)
        note.setStyleSheet("background: palette(alternate-base); padding: 6px; border-radius: 4px")
        self.setLayout(vbox(note, self.errors))

    def _build_input(self) -> None:
        marker = " *" if self.field.required else ""
        label = create_label(self.field.label + marker, bold=self.field.required)
        hint_text = self.field.hint
        hint = create_label(hint_text, colour=defs.HINT_COLOUR) if hint_text else None
        if self.field.type is FieldType.REPEAT:
            self.setLayout(vbox(label, hint, self.editor, self.errors, spacing=defs.SMALL_SPACING))
            return
        label.setFixedWidth(current_look().scaled(defs.FIELD_LABEL_WIDTH))
        label.setBuddy(self.editor.focus_target())
        label.setMinimumHeight(current_look().touch_height())
        column = vbox(self.editor, hint, self.errors, spacing=2)
        row = hbox(label, column, spacing=defs.SPACING)
        row.setAlignment(label, Qt.AlignmentFlag.AlignTop)
        self.setLayout(row)
