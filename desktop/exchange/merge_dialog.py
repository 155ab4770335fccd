"""Merge export files without the store, as a district office does, in the background."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QWidget

from desktop import defs, interaction
from desktop.background import BackgroundJob, run_operation
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.exchange.file_list import ExportFileList
from desktop.exchange.output_path import OutputPath
from desktop.version import __version__
from forms.model import FormDefinition
from reports.excel.merge.workbooks import MergeResult, merge_workbooks

TITLE = "合并 Excel"


class MergeDialog(QDialog):
    """Pick exports and an output; 合并 deduplicates, lists conflicts and writes nothing if a file is refused."""

    def __init__(self, catalog: Mapping[str, FormDefinition], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merge_dialog")
        self.setWindowTitle(TITLE)
        self.catalog = catalog
        self.last_job: BackgroundJob | None = None
        self.last_result: MergeResult | None = None
        self.files = ExportFileList()
        self.output = OutputPath(Path.home() / "合并结果.xlsx")
        self.skip_bad = QCheckBox("跳过无法读取的文件（在合并报告中列出）")
        self.status = create_label("", colour=defs.HINT_COLOUR, object_name="merge_status")
        self.start_button = create_button("合并", on_click=self.start, default=True, object_name="start_merge")
        form = QFormLayout()
        form.addRow("保存为", self.output)
        form.addRow("", self.skip_bad)
        self.setLayout(vbox(self.files, form, self.status,
                            hbox(1, self.start_button, create_button("关闭", on_click=self.reject)),
                            margin=defs.PAGE_MARGIN))

    def start(self) -> BackgroundJob | None:
        paths, out = self.files.paths(), self.output.path()
        if not paths or out is None:
            interaction.current().show_error(self, TITLE, "请添加要合并的文件并选择保存位置。")
            return None
        catalog, skip_bad = self.catalog, self.skip_bad.isChecked()

        def operation(progress):
            return merge_workbooks(paths, out, catalog=catalog, skip_bad=skip_bad, progress=progress,
                                   generator=f"CityCheck {__version__}")

        self.start_button.setEnabled(False)
        self.status.setText("正在合并…")
        self.last_job = run_operation(self, TITLE, operation, self._finished)
        self.last_job.cancelled.connect(lambda: self.status.setText("已取消，没有写出文件。"))
        self.last_job.failed.connect(lambda error: self.status.setText(f"没有写出文件：{error}"))
        self.last_job.finished.connect(lambda: self.start_button.setEnabled(True))
        return self.last_job

    def _finished(self, result: MergeResult) -> None:
        self.last_result = result
        text = (f"已合并 {len(result.files_read)} 个文件到 {result.out}：输出 {result.records_out} 条记录，"
                f"重复 {result.duplicates}，冲突 {result.conflicts}，被取代的旧修订 {result.superseded}")
        if result.refused:
            text += "；跳过：" + "、".join(r.path.name for r in result.refused)
        self.status.setText(text)
