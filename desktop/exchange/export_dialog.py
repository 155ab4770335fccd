"""Export records to an Excel workbook (or a .zip with photos) in the background."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QWidget

from desktop import defs, interaction
from desktop.background import BackgroundJob, run_operation
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.exchange.output_path import OutputPath
from desktop.privacy_choice import sensitive_checkbox
from desktop.reports_ui.place_choices import PlaceCombos
from desktop.version import __version__
from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.preferences import load_preferences
from reports.excel.export import ExportResult, ExportSelection, export_workbook
from forms.store.record_reads import district_streets

TITLE = "导出 Excel"
STATUS_CHOICES = (("全部", "all"), ("定稿", "final"), ("草稿", "draft"))
ALL_FORMS = "全部调查表"


class ExportDialog(QDialog):
    """Choose place, survey and status; 导出 writes one workbook with a progress bar and cancel."""

    def __init__(self, db: Database, catalog: Mapping[str, FormDefinition], parent: QWidget | None = None,
                 *, who: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(TITLE)
        self.db, self.catalog, self.who = db, catalog, who
        self.last_job: BackgroundJob | None = None
        self.last_result: ExportResult | None = None
        self.places = PlaceCombos(district_streets(db))
        self.form = QComboBox()
        self.form.setObjectName("form_choice")
        self.form.addItem(ALL_FORMS, None)
        for form_id, form in catalog.items():
            self.form.addItem(form.title, form_id)
        self.status_choice = QComboBox()
        self.status_choice.setObjectName("status_choice")
        for label, code in STATUS_CHOICES:
            self.status_choice.addItem(label, code)
        self.with_photos = QCheckBox("附带照片（打包为 .zip）")
        self.include_sensitive = sensitive_checkbox("包含个人信息（产权人姓名、电话、身份证号；默认隐藏）")
        self.output = OutputPath(load_preferences(db).folder("export") / "城市体检导出.xlsx")
        self.status = create_label("", colour=defs.HINT_COLOUR, object_name="export_status")
        self.start_button = create_button("导出", on_click=self.start, default=True, object_name="start_export")
        form = QFormLayout()
        form.addRow("区", self.places.district)
        form.addRow("街道", self.places.street)
        form.addRow("调查表", self.form)
        form.addRow("状态", self.status_choice)
        form.addRow("保存为", self.output)
        form.addRow("", self.with_photos)
        form.addRow("", self.include_sensitive)
        self.setLayout(vbox(form, self.status, hbox(1, self.start_button, create_button("关闭", on_click=self.reject)),
                            margin=defs.PAGE_MARGIN))

    def selection(self) -> ExportSelection:
        return ExportSelection(district=self.places.chosen_district(), street=self.places.chosen_street(),
                               form_id=self.form.currentData(), status=self.status_choice.currentData())

    def start(self) -> BackgroundJob | None:
        out = self.output.path()
        if out is None:
            interaction.current().show_error(self, TITLE, "请选择保存位置。")
            return None
        db, catalog, selection, who = self.db, self.catalog, self.selection(), self.who
        photos, sensitive = self.with_photos.isChecked(), self.include_sensitive.isChecked()

        def operation(progress):
            return export_workbook(db, out, catalog=catalog, selection=selection, include_sensitive=sensitive,
                                   with_photos=photos, who=who or None, generator=f"CityCheck {__version__}",
                                   progress=progress)

        self.start_button.setEnabled(False)
        self.status.setText("正在导出…")
        self.last_job = run_operation(self, TITLE, operation, self._finished)
        self.last_job.cancelled.connect(lambda: self.status.setText("已取消，没有写出文件。"))
        self.last_job.failed.connect(lambda error: self.status.setText(f"导出失败：{error}"))
        self.last_job.finished.connect(lambda: self.start_button.setEnabled(True))
        return self.last_job

    def _finished(self, result: ExportResult) -> None:
        self.last_result = result
        text = f"已导出 {result.total} 条记录到 {result.path}"
        if result.missing_photos:
            text += f"；本机缺少 {len(result.missing_photos)} 张照片"
        if not result.include_sensitive:
            text += "（个人信息已隐藏）"
        self.status.setText(text)
