"""Batch building reports: one PDF per building of a district, in the background with progress and cancel."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QFormLayout, QLineEdit, QWidget

from desktop import defs, interaction
from desktop.background import BackgroundJob, run_operation
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.privacy_choice import sensitive_checkbox
from desktop.reports_ui.numbering_fields import NumberingFields, remember_numbering
from desktop.reports_ui.place_choices import PlaceCombos
from desktop.reports_ui.report_runs import fonts_of
from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.preferences import load_preferences
from reports.pdf import BatchResult, Scope, write_building_reports
from forms.store.record_reads import district_streets

TITLE = "批量生成楼栋体检报告"


class BatchReportDialog(QDialog):
    """Choose the scope and an output folder; 开始 writes every building's report, cancellable."""

    def __init__(self, db: Database, catalog: Mapping[str, FormDefinition], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batch_report_dialog")
        self.setWindowTitle(TITLE)
        self.db, self.catalog = db, catalog
        self.last_job: BackgroundJob | None = None
        self.last_result: BatchResult | None = None
        self.places = PlaceCombos(district_streets(db))
        self.numbering_fields = NumberingFields(db)
        self.folder = QLineEdit(str(load_preferences(db).folder("report") / "楼栋体检报告"))
        self.folder.setObjectName("batch_folder")
        self.folder.setMinimumWidth(defs.WIDE_INPUT_WIDTH)
        self.include_sensitive = sensitive_checkbox("报告中显示个人信息（默认隐藏）")
        self.status = create_label("", colour=defs.HINT_COLOUR, object_name="batch_status")
        self.start_button = create_button("开始", on_click=self.start, default=True, object_name="start_batch")
        form = QFormLayout()
        form.addRow("区", self.places.district)
        form.addRow("街道", self.places.street)
        form.addRow("输出文件夹", hbox(self.folder, create_button("浏览…", on_click=self.browse)))
        self.numbering_fields.add_rows(form)
        form.addRow("", self.include_sensitive)
        self.setLayout(vbox(form, self.status, hbox(1, self.start_button, create_button("关闭", on_click=self.reject)),
                            margin=defs.PAGE_MARGIN))

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择输出文件夹", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def start(self) -> BackgroundJob | None:
        folder = Path(self.folder.text().strip())
        if not folder.name:
            interaction.current().show_error(self, TITLE, "请选择输出文件夹。")
            return None
        scope = Scope(self.places.chosen_district(), self.places.chosen_street())
        db, catalog, sensitive = self.db, self.catalog, self.include_sensitive.isChecked()
        numbering = self.numbering_fields.numbering()

        def operation(progress):
            remember_numbering(db, numbering)
            return write_building_reports(db, catalog, folder, scope=scope, fonts=fonts_of(db),
                                          include_sensitive=sensitive, progress=progress, numbering=numbering)

        self.start_button.setEnabled(False)
        self.status.setText("正在生成…")
        self.last_job = run_operation(self, TITLE, operation, self._finished)
        self.last_job.cancelled.connect(lambda: self.status.setText("已取消；已生成的报告保留在输出文件夹中。"))
        self.last_job.finished.connect(lambda: self.start_button.setEnabled(True))
        return self.last_job

    def _finished(self, result: BatchResult) -> None:
        self.last_result = result
        self.status.setText(f"已生成 {len(result.written)} 份楼栋体检报告到 {result.out_dir}")
