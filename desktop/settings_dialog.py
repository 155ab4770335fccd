"""设置: the inspector, text size and tablet mode, palette, and where file dialogs start."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from desktop import defs
from desktop.app_context import Inspector
from desktop.appearance import current_look
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.screen_fit import fit_to_screen
from forms.store.preferences import FOLDER_KINDS, PALETTE_NAMES, ZOOMS, Preferences

SETTINGS_CHROME = QSize(2 * defs.PAGE_MARGIN + defs.TABLET_TOUCH_HEIGHT, 3 * defs.PAGE_MARGIN + 4)   # margins, frame, scroll bar
FOLDER_LABELS = {"export": "导出 Excel", "import": "导入 Excel", "report": "报告 PDF"}


class SettingsDialog(QDialog):
    """Edits the inspector and the preferences; read them with `inspector()` and `preferences()` once accepted."""

    def __init__(self, inspector: Inspector, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle("设置")
        self._preferences = preferences
        self.name = _line_edit(inspector.name, "如：张三")
        self.inspector_id = _line_edit(inspector.id, "调查员编号或工号")
        self.zoom = _combo([(f"{zoom} %", zoom) for zoom in ZOOMS], preferences.zoom)
        self.tablet = QCheckBox("平板模式：按钮和输入框至少 44 像素高，勾选框和单选框更大")
        self.tablet.setChecked(preferences.tablet)
        self.palette_choice = _combo([(defs.PALETTES[name]["label"], name) for name in PALETTE_NAMES],
                                     preferences.palette)
        self.folders = {kind: _line_edit(getattr(preferences, f"{kind}_folder"), "未设置：用户主目录")
                        for kind in FOLDER_KINDS}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.name, self.inspector_id):
            edit.textChanged.connect(self._update_ok)
        body = QWidget()
        body.setLayout(vbox(self._inspector_group(), self._look_group(), self._folder_group(), 1))
        scroll = QScrollArea()   # the whole form stays reachable at 175 % on a small screen
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.setLayout(vbox(scroll, self.buttons, margin=defs.PAGE_MARGIN))
        wanted = body.sizeHint() + SETTINGS_CHROME
        fit_to_screen(self, wanted.width(), wanted.height() + self.buttons.sizeHint().height())
        self._update_ok()

    def inspector(self) -> Inspector:
        return Inspector(name=self.name.text().strip(), id=self.inspector_id.text().strip())

    def preferences(self) -> Preferences:
        folders = {f"{kind}_folder": edit.text().strip() for kind, edit in self.folders.items()}
        return replace(self._preferences, zoom=self.zoom.currentData(), tablet=self.tablet.isChecked(),
                       palette=self.palette_choice.currentData(), **folders)

    def browse(self, kind: str) -> None:
        edit = self.folders[kind]
        folder = QFileDialog.getExistingDirectory(self, f"{FOLDER_LABELS[kind]}的默认文件夹", edit.text())
        if folder:
            edit.setText(folder)

    def _inspector_group(self) -> QGroupBox:
        form = QFormLayout()
        form.addRow("调查员姓名", self.name)
        form.addRow("调查员编号", self.inspector_id)
        form.addRow(create_label("新建的记录和修改历史使用新的姓名和编号；已有记录不变。", colour=defs.HINT_COLOUR))
        return _group("调查员", form)

    def _look_group(self) -> QGroupBox:
        form = QFormLayout()
        form.addRow("字号", self.zoom)
        form.addRow("", self.tablet)
        form.addRow("配色", self.palette_choice)
        return _group("显示", form)

    def _folder_group(self) -> QGroupBox:
        form = QFormLayout()
        for kind, edit in self.folders.items():
            browse = create_button("浏览…", on_click=lambda kind=kind: self.browse(kind), object_name=f"browse_{kind}")
            form.addRow(FOLDER_LABELS[kind], hbox(edit, browse))
        return _group("默认文件夹", form)

    def _update_ok(self) -> None:
        filled = bool(self.name.text().strip() and self.inspector_id.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(filled)


def _group(title: str, layout) -> QGroupBox:
    group = QGroupBox(title)
    group.setLayout(layout)
    return group


def _line_edit(text: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(current_look().touch_height())
    edit.setMinimumWidth(defs.INPUT_WIDTH)
    return edit


def _combo(items: list[tuple[str, object]], current: object) -> QComboBox:
    combo = QComboBox()
    combo.setMinimumHeight(current_look().touch_height())
    for label, data in items:
        combo.addItem(label, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo
