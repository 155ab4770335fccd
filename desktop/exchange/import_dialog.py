"""Import export files into this device's store in the background; conflicts wait for review."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from desktop import defs, interaction
from desktop.background import BackgroundJob, run_operation
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.exchange.file_list import ExportFileList
from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.preferences import load_preferences
from reports.excel.importer import ImportResult, import_files

TITLE = "导入 Excel"


class ImportDialog(QDialog):
    """Pick .xlsx or .zip exports; 导入 loads each file all-or-nothing and says what changed."""

    imported = Signal(object)          # ImportResult, after a run
    conflicts_found = Signal(int)      # how many new conflicts wait for review

    def __init__(self, db: Database, catalog: Mapping[str, FormDefinition], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(TITLE)
        self.db, self.catalog = db, catalog
        self.last_job: BackgroundJob | None = None
        self.last_result: ImportResult | None = None
        self.files = ExportFileList(load_preferences(db).folder("import"))
        self.status = create_label("同一记录编号：在本机版本基础上修改的版本替换它；两处各自修改的版本作为冲突待处理，两个版本都保留。",
                                   colour=defs.HINT_COLOUR, object_name="import_status")
        self.start_button = create_button("导入", on_click=self.start, default=True, object_name="start_import")
        self.setLayout(vbox(self.files, self.status,
                            hbox(1, self.start_button, create_button("关闭", on_click=self.reject)),
                            margin=defs.PAGE_MARGIN))

    def start(self) -> BackgroundJob | None:
        paths = self.files.paths()
        if not paths:
            interaction.current().show_error(self, TITLE, "请先添加要导入的文件。")
            return None
        db, catalog = self.db, self.catalog
        self.start_button.setEnabled(False)
        self.status.setText("正在导入…")
        self.last_job = run_operation(self, TITLE, lambda progress: import_files(
            db, paths, catalog=catalog, progress=progress), self._finished)
        self.last_job.cancelled.connect(lambda: self.status.setText("已取消；正在导入的文件没有导入任何记录。"))
        self.last_job.finished.connect(lambda: self.start_button.setEnabled(True))
        return self.last_job

    def _finished(self, result: ImportResult) -> None:
        self.last_result = result
        self.status.setText(summary_text(result))
        if result.refused:
            interaction.current().show_error(self, TITLE, "\n".join(str(error) for _, error in result.refused))
        self.imported.emit(result)
        conflicts = sum(item.conflicts for item in result.imported)
        if conflicts:
            self.conflicts_found.emit(conflicts)


def summary_text(result: ImportResult) -> str:
    lines = [f"{item.path.name}：新增 {item.inserted}，更新 {item.updated}，未变 {item.unchanged}，"
             f"较旧 {item.older}，冲突 {item.conflicts}" for item in result.imported]
    lines += [f"{path.name}：已拒绝（{error.code}）" for path, error in result.refused]
    return "\n".join(lines)
