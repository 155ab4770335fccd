"""A list of chosen export files with 添加 and 移除 buttons, shared by the import and merge dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QListWidget, QWidget

from desktop.builders import create_button, hbox, vbox

EXPORT_FILTER = "CityCheck 导出文件 (*.xlsx *.zip)"


class ExportFileList(QWidget):
    """The files to read, in the order chosen; duplicates are ignored."""

    changed = Signal()

    def __init__(self, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder or Path.home()   # where 添加文件… starts (设置 › 默认文件夹)
        self.list = QListWidget()
        self.list.setObjectName("export_files")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        buttons = hbox(create_button("添加文件…", on_click=self.browse, object_name="add_files"),
                       create_button("移除", on_click=self.remove_selected, object_name="remove_files"), 1)
        self.setLayout(vbox(self.list, buttons))

    def paths(self) -> list[Path]:
        return [Path(self.list.item(row).text()) for row in range(self.list.count())]

    def add_paths(self, paths: list[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if Path(path) not in known:
                self.list.addItem(str(path))
                known.add(Path(path))
        self.changed.emit()

    def browse(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择导出文件", str(self.folder), EXPORT_FILTER)
        self.add_paths([Path(name) for name in names])

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()
