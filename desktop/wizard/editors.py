"""One editor widget per simple field type; each emits `edited(value, typing)`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from desktop import defs
from desktop.appearance import current_look
from desktop.builders import create_button, create_label, hbox
from forms.model import Field, FieldType

INTEGER_PATTERN = QRegularExpression(r"^-?\d{0,9}$")
DECIMAL_PATTERN = QRegularExpression(r"^-?\d{0,12}([.]\d{0,8})?$")
CHECKBOX_COLUMNS = 2


class FieldEditor(QWidget):
    """Base of the field editors; each defines `set_value(value)`, which shows a value without emitting `edited`."""

    edited = Signal(object, bool)   # new value, True while typing (merged into one undo step)

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field

    def focus_target(self) -> QWidget:
        return self


def _line_edit(width: int = defs.INPUT_WIDTH, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMinimumHeight(current_look().touch_height())
    edit.setMinimumWidth(width)
    edit.setMaximumWidth(width)
    edit.setPlaceholderText(placeholder)
    return edit


class TextEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.line = _line_edit(defs.WIDE_INPUT_WIDTH)
        self.line.textEdited.connect(lambda text: self.edited.emit(text.strip() or None, True))
        self.setLayout(hbox(self.line, 1))

    def set_value(self, value: object) -> None:
        text = "" if value is None else str(value)
        if self.line.text().strip() != text:
            self.line.setText(text)

    def focus_target(self) -> QWidget:
        return self.line


class NumberEditor(FieldEditor):
    """Integers, years and decimals: digits only, with the unit and the allowed range shown."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.line = _line_edit(defs.INPUT_WIDTH // 2 + 40, _range_text(field))
        pattern = DECIMAL_PATTERN if field.type is FieldType.DECIMAL else INTEGER_PATTERN
        self.line.setValidator(QRegularExpressionValidator(pattern, self.line))
        self.line.textEdited.connect(lambda text: self.edited.emit(self.parse(text), True))
        self.setLayout(hbox(self.line, create_label(field.unit, wrap=False), 1))

    def parse(self, text: str) -> int | float | None:
        text = text.strip()
        if text in ("", "-", ".", "-."):
            return None
        if self.field.type is FieldType.DECIMAL:
            return float(text)
        return int(text)

    def set_value(self, value: object) -> None:
        if self.parse(self.line.text()) != value or value is None and self.line.text():
            self.line.setText("" if value is None else _number_text(value))

    def focus_target(self) -> QWidget:
        return self.line


def _number_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _range_text(field: Field) -> str:
    low = field.minimum
    high = dt.date.today().year if field.maximum == "today" else field.maximum
    if low is None and high is None:
        return ""
    return f"{_number_text(low) if low is not None else ''}–{_number_text(high) if high is not None else ''}"


class DateEditor(TextEditor):
    """A date typed as YYYY-MM-DD, with a button for today."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        FieldEditor.__init__(self, field, parent)
        self.line = _line_edit(defs.INPUT_WIDTH // 2 + 40, "年-月-日，如 2026-05-18")
        self.line.textEdited.connect(lambda text: self.edited.emit(text.strip() or None, True))
        today = create_button("今天", on_click=self._today)
        today.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setLayout(hbox(self.line, today, 1))

    def _today(self) -> None:
        text = dt.date.today().isoformat()
        self.line.setText(text)
        self.edited.emit(text, False)


class RadioEditor(FieldEditor):
    """A short single-choice list (and yes/no) as radio buttons in a row."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for choice in field.choices:
            button = QRadioButton(choice.label)
            button.setMinimumHeight(current_look().touch_height())
            self.group.addButton(button)
            self.buttons[choice.code] = button
            button.clicked.connect(lambda _checked=False, code=choice.code: self.edited.emit(code, False))
        self.setLayout(hbox(*self.buttons.values(), 1, spacing=defs.LARGE_SPACING))

    def set_value(self, value: object) -> None:
        button = self.buttons.get(value) if isinstance(value, str) else None
        if button is not None:
            button.setChecked(True)
            return
        self.group.setExclusive(False)
        for other in self.buttons.values():
            other.setChecked(False)
        self.group.setExclusive(True)

    def focus_target(self) -> QWidget:
        return next(iter(self.buttons.values()), self)


class ComboEditor(FieldEditor):
    """A long single-choice list as a combo box; the first entry means "not answered"."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox()
        self.combo.setMinimumHeight(current_look().touch_height())
        self.combo.setMinimumWidth(defs.INPUT_WIDTH)
        self.combo.addItem("（请选择）", None)
        for choice in field.choices:
            self.combo.addItem(choice.label, choice.code)
        self.combo.activated.connect(lambda index: self.edited.emit(self.combo.itemData(index), False))
        self.setLayout(hbox(self.combo, 1))

    def set_value(self, value: object) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def focus_target(self) -> QWidget:
        return self.combo


class CheckboxEditor(FieldEditor):
    """A multiple choice as check boxes; the value keeps the choice-list order."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, choice in enumerate(field.choices):
            box = QCheckBox(choice.label)
            box.setMinimumHeight(current_look().touch_height() - 6)
            box.clicked.connect(lambda _checked=False: self.edited.emit(self.checked(), False))
            self.boxes[choice.code] = box
            grid.addWidget(box, index // CHECKBOX_COLUMNS, index % CHECKBOX_COLUMNS)
        self.setLayout(grid)

    def checked(self) -> list[str] | None:
        codes = [code for code, box in self.boxes.items() if box.isChecked()]
        return codes or None

    def set_value(self, value: object) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)

    def focus_target(self) -> QWidget:
        return next(iter(self.boxes.values()), self)


class CalculatedView(FieldEditor):
    """Shows a calculated value live; choice codes appear as their labels."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.label = create_label("—", colour=defs.CALCULATED_COLOUR, bold=True, wrap=False)
        self.setLayout(hbox(self.label, create_label(field.unit, wrap=False), 1))

    def set_value(self, value: object) -> None:
        self.label.setText(calculated_text(self.field, value))


def calculated_text(field: Field, value: object) -> str:
    """Return how a calculated value reads on screen."""
    if value is None or value == "":
        return "—（待填写相关项后自动计算）"
    if field.choices:
        return field.choice_label(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
