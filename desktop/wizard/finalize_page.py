"""The last page: what is still missing, each item a link to its field, and the finalize button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton, QWidget

from desktop import defs
from desktop.appearance import current_look
from desktop.builders import create_button, create_label, vbox
from forms.assessment import Assessment
from forms.model import FormDefinition

PATH_ROLE = Qt.ItemDataRole.UserRole


class FinalizePage(QWidget):
    """Lists missing items; activating one asks to jump to (section key, path)."""

    jump_requested = Signal(str, str)
    finalize_requested = Signal()

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_finalize")
        self._titles = {s.key: s.title for s in form.sections}
        self.status = create_label(point_size=defs.TITLE_POINT_SIZE - 2, bold=True)
        self.missing = QListWidget()
        self.missing.setObjectName("missing_items")
        self.missing.itemActivated.connect(self._jump)
        self.missing.itemClicked.connect(self._jump)
        self.finalize_button: QPushButton = create_button(
            "定稿", tooltip=f"确认无误后定稿（{defs.FINALIZE_KEY}）", on_click=self.finalize_requested.emit,
            object_name="finalize")
        self.setLayout(vbox(create_label("定稿检查", bold=True, point_size=defs.TITLE_POINT_SIZE),
                            self.status, self.missing, self.finalize_button, margin=defs.PAGE_MARGIN))

    def show_assessment(self, assessment: Assessment, *, is_final: bool) -> None:
        missing = assessment.evaluation.missing()
        self.missing.clear()
        for section_key, path, label, message in missing:
            row = f"第 {int(path.split('[', 1)[1].split(']', 1)[0]) + 1} 行 " if "[" in path else ""
            item = QListWidgetItem(f"{self._titles.get(section_key, section_key)} › {row}{label}：{message}")
            item.setData(PATH_ROLE, (section_key, path))
            item.setForeground(QColor(current_look().tone("error")))
            self.missing.addItem(item)
        self.missing.setVisible(bool(missing))
        if is_final:
            text = "记录已定稿。" + (f"修改后仍有 {len(missing)} 项待处理：" if missing else "")
        elif missing:
            text = f"还有 {len(missing)} 项未填写或有误，点击条目可跳转到对应字段："
        else:
            text = "所有必填项已填写且无错误，可以定稿。"
        self.status.setText(text)
        self.finalize_button.setEnabled(not is_final and not missing)

    def _jump(self, item: QListWidgetItem) -> None:
        section_key, path = item.data(PATH_ROLE)
        self.jump_requested.emit(section_key, path)
