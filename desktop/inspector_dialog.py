"""First start: ask the inspector's name and ID and keep them in the device settings."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from desktop import defs
from desktop.appearance import current_look
from desktop.app_context import Inspector
from desktop.builders import create_label, vbox
from forms.store.database import Database
from forms.store.settings import INSPECTOR_ID, INSPECTOR_NAME, get_setting, set_setting


class InspectorDialog(QDialog):
    """Asks for the inspector's name and ID; OK only when both are filled in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("CityCheck · 首次使用")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：张三")
        self.inspector_id = QLineEdit()
        self.inspector_id.setPlaceholderText("调查员编号或工号")
        for edit in (self.name, self.inspector_id):
            edit.setMinimumHeight(current_look().touch_height())
            edit.textChanged.connect(self._update_ok)
        form = QFormLayout()
        form.addRow("调查员姓名", self.name)
        form.addRow("调查员编号", self.inspector_id)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        intro = create_label("请填写本机调查员信息。姓名和编号会写入每条调查记录和修改历史，以后可在设置中更改。")
        self.setLayout(vbox(intro, form, self.buttons, margin=defs.PAGE_MARGIN))
        self._update_ok()

    def inspector(self) -> Inspector:
        return Inspector(name=self.name.text().strip(), id=self.inspector_id.text().strip())

    def _update_ok(self) -> None:
        filled = bool(self.name.text().strip() and self.inspector_id.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(filled)


def stored_inspector(db: Database) -> Inspector | None:
    """Return the inspector kept in the settings, or None before the first start."""
    name = get_setting(db, INSPECTOR_NAME)
    return Inspector(name=name, id=get_setting(db, INSPECTOR_ID, "") or "") if name else None


def remember_inspector(db: Database, inspector: Inspector) -> None:
    set_setting(db, INSPECTOR_NAME, inspector.name)
    set_setting(db, INSPECTOR_ID, inspector.id)


def ensure_inspector(db: Database, parent: QWidget | None = None) -> Inspector | None:
    """Return the stored inspector, asking (and storing) on first start; None if cancelled."""
    inspector = stored_inspector(db)
    if inspector is not None:
        return inspector
    dialog = InspectorDialog(parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        inspector = dialog.inspector()
    finally:
        dialog.deleteLater()
    remember_inspector(db, inspector)
    return inspector
