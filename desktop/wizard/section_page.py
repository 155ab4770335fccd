"""One section of a form as a scrolling page of field rows, refreshed from the evaluation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QScrollArea, QWidget

from desktop import defs
from desktop.builders import create_label, vbox
from desktop.wizard.answer_paths import is_blank
from desktop.wizard.field_row import FieldRow
from desktop.wizard.record_session import RecordSession
from desktop.wizard.repeat_editor import RepeatEditor
from forms.model import FieldType, Section

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SectionPage(QScrollArea):
    """Field rows of one section; edits go to the session, the session's state comes back."""

    end_reached = Signal()   # Enter pressed in the page's last input

    def __init__(self, section: Section, session: RecordSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.session = session
        self.setObjectName(f"page_{section.key}")
        self.setWidgetResizable(True)
        self.revealed = False            # blank required fields show "必填" only once the page was left
        self.touched: set[str] = set()
        self.rows: dict[str, FieldRow] = {f.key: FieldRow(f, session.context.db) for f in section.fields}
        for key, row in self.rows.items():
            if row.editor is not None and row.field.type is not FieldType.CALCULATE:
                row.editor.edited.connect(lambda value, typing, key=key: self._edited(key, value, typing))
        title = create_label(section.title, bold=True, point_size=defs.TITLE_POINT_SIZE)
        body = QWidget()
        body.setLayout(vbox(title, *self.rows.values(), 1, margin=defs.PAGE_MARGIN, spacing=defs.SPACING))
        self.setWidget(body)
        self._install_enter_moves_on()
        self.show_values()
        self.refresh()

    def _edited(self, key: str, value: object, typing: bool) -> None:
        self.touched.add(key)
        self.session.set_value(key, value, typing=typing)

    def show_values(self, keys: set[str] | None = None) -> None:
        """Put the session's answers into the editors (all, or only `keys`)."""
        for key, row in self.rows.items():
            if row.editor is None or row.field.type is FieldType.CALCULATE:
                continue
            if keys is None or key in keys:
                row.editor.set_value(self.session.value(key))

    def refresh(self) -> None:
        """Show relevance, errors and calculated values of the current evaluation."""
        evaluation = self.session.assessment.evaluation
        editable = self.session.editable
        for key, row in self.rows.items():
            row.setVisible(key in evaluation.relevant)
            row.show_errors(self._errors_to_show(key, evaluation.errors.get(key, ())))
            if row.editor is None:
                continue
            if row.field.type is FieldType.CALCULATE:
                row.editor.set_value(evaluation.calculated.get(key))
                continue
            row.editor.setEnabled(editable)
            if isinstance(row.editor, RepeatEditor):
                row.editor.show_state(evaluation)

    def reveal(self) -> None:
        """Show every error from now on, including blank required fields."""
        if not self.revealed:
            self.revealed = True
            self.refresh()

    def _errors_to_show(self, key: str, messages: tuple[str, ...]) -> tuple[str, ...]:
        if self.revealed or key in self.touched or not is_blank(self.session.value(key)):
            return messages
        return ()

    def focus_field(self, key: str) -> None:
        """Scroll to a field and put the cursor in it."""
        row = self.rows.get(key)
        if row is None:
            return
        self.ensureWidgetVisible(row)
        if row.editor is not None:
            row.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def first_input(self) -> QWidget | None:
        for row in self.rows.values():
            if row.isVisibleTo(self) and row.editor is not None and row.field.type is not FieldType.CALCULATE:
                return row.editor.focus_target()
        return None

    def _install_enter_moves_on(self) -> None:
        self._enter_widgets = [w for w in self.widget().findChildren(QWidget)
                               if isinstance(w, (QLineEdit, QComboBox, QAbstractButton))
                               and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        for widget in self._enter_widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.session.flush()
            return False
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in ENTER_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and isinstance(watched, QWidget) and not _is_popup_open(watched)):
            if isinstance(watched, QAbstractButton) and not watched.isCheckable():
                return False
            if self._is_last_input(watched):
                self.end_reached.emit()
            else:
                self.focusNextPrevChild(True)
            return True
        return False

    def _is_last_input(self, widget: QWidget) -> bool:
        inputs = [w for w in self._enter_widgets if w.isVisibleTo(self) and w.isEnabled()]
        return bool(inputs) and inputs[-1] is widget


def _is_popup_open(widget: QWidget) -> bool:
    return isinstance(widget, QComboBox) and widget.view().isVisible()
