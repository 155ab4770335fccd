"""The side list of sections, each marked complete, has errors or empty."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop import defs
from desktop.appearance import current_look
from forms.assessment import Assessment
from forms.model import FormDefinition

FINALIZE_TITLE = "定稿检查"


class SectionList(QListWidget):
    """One row per section plus a last row for the finalize check."""

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("section_list")
        self.form = form
        self.setFixedWidth(current_look().scaled(defs.SIDE_LIST_WIDTH))
        for section in form.sections:
            self.addItem(QListWidgetItem(section.title))
        self.addItem(QListWidgetItem(f"▶ {FINALIZE_TITLE}"))
        for row in range(self.count()):
            self.item(row).setSizeHint(self.item(row).sizeHint().expandedTo(_row_size()))

    def show_states(self, assessment: Assessment) -> None:
        evaluation = assessment.evaluation
        for row, section in enumerate(self.form.sections):
            state = evaluation.section_state(section.key)
            item = self.item(row)
            item.setText(f"{defs.SECTION_MARKS[state]} {section.title}")
            item.setForeground(QColor(current_look().colour(defs.SECTION_MARK_COLOURS[state])))
            item.setToolTip({"complete": "已填写", "errors": "有未填写或错误的项", "empty": "未填写"}[state])

    def state_text(self, row: int) -> str:
        return self.item(row).text()


def _row_size():
    from PySide6.QtCore import QSize

    return QSize(0, current_look().touch_height() + 4)
