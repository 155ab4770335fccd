"""An output file field with a 浏览 button that asks where to save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from desktop.builders import create_button, hbox

WORKBOOK_FILTER = "Excel 工作簿 (*.xlsx)"


class OutputPath(QWidget):
    """Where to write a workbook; always ends in .xlsx."""

    def __init__(self, default: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(str(default))
        self.edit.setObjectName("output_path")
        self.setLayout(hbox(self.edit, create_button("浏览…", on_click=self.browse)))

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        if not text:
            return None
        path = Path(text)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    def set_path(self, path: Path) -> None:
        self.edit.setText(str(path))

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "保存为", self.edit.text(), WORKBOOK_FILTER)
        if name:
            self.edit.setText(name)
