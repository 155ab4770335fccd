"""The 区级城市体检汇总 dialog: pick the scope and the file, typeset in the background, preview."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QFormLayout, QLineEdit, QSpinBox, QWidget

from desktop import defs, interaction
from desktop.background import BackgroundJob, run_operation
from desktop.builders import create_button, hbox, vbox
from desktop.reports_ui.pdf_viewer import show_pdf
from desktop.reports_ui.numbering_fields import NumberingFields, remember_numbering
from desktop.reports_ui.place_choices import PlaceCombos
from desktop.reports_ui.report_runs import Shower, fonts_of
from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.preferences import load_preferences
from reports.pdf import Scope, write_district_summary
from reports.pdf.district_data import LEDGER_LIMIT
from forms.store.record_reads import district_streets

TITLE = "区级城市体检汇总"


class DistrictReportDialog(QDialog):
    """Choose district, street and output file; 生成 writes the summary off the GUI thread."""

    def __init__(self, db: Database, catalog: Mapping[str, FormDefinition], parent: QWidget | None = None, *,
                 show: Shower = show_pdf) -> None:
        super().__init__(parent)
        self.setObjectName("district_report_dialog")
        self.setWindowTitle(TITLE)
        self.db, self.catalog, self.show_report = db, catalog, show
        self.last_job: BackgroundJob | None = None
        self.places = PlaceCombos(district_streets(db))
        self.numbering_fields = NumberingFields(db)
        self.output = QLineEdit(str(load_preferences(db).folder("report") / f"{TITLE}.pdf"))
        self.output.setObjectName("summary_output")
        self.output.setMinimumWidth(defs.WIDE_INPUT_WIDTH)
        self.ledger_limit = QSpinBox()
        self.ledger_limit.setRange(0, 1_000_000)
        self.ledger_limit.setValue(LEDGER_LIMIT)
        self.ledger_limit.setSpecialValueText("全部")
        self.preview = QCheckBox("生成后预览")
        self.preview.setChecked(True)
        self.generate_button = create_button("生成", on_click=self.generate, default=True, object_name="generate_summary")
        self.setLayout(vbox(self._form(), hbox(1, self.generate_button, create_button("关闭", on_click=self.reject)),
                            margin=defs.PAGE_MARGIN))

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow("区", self.places.district)
        form.addRow("街道", self.places.street)
        form.addRow("保存为", hbox(self.output, create_button("浏览…", on_click=self.browse)))
        form.addRow("问题清单最多列出", self.ledger_limit)
        self.numbering_fields.add_rows(form)
        form.addRow("", self.preview)
        return form

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "保存汇总报告", self.output.text(), "PDF 文件 (*.pdf)")
        if name:
            self.output.setText(name if name.lower().endswith(".pdf") else name + ".pdf")

    def scope(self) -> Scope:
        return Scope(self.places.chosen_district(), self.places.chosen_street())

    def generate(self) -> BackgroundJob | None:
        out = Path(self.output.text().strip())
        if not out.name:
            interaction.current().show_error(self, TITLE, "请填写报告保存位置。")
            return None
        scope, limit = self.scope(), self.ledger_limit.value()
        db, catalog, numbering = self.db, self.catalog, self.numbering_fields.numbering()

        def operation(progress):
            progress.start(1, "正在汇总并排版")
            remember_numbering(db, numbering)
            return write_district_summary(db, catalog, out, scope=scope, fonts=fonts_of(db), ledger_limit=limit,
                                          numbering=numbering)

        self.generate_button.setEnabled(False)
        self.last_job = run_operation(self, f"生成{TITLE}", operation, self._generated)
        self.last_job.finished.connect(lambda: self.generate_button.setEnabled(True))
        return self.last_job

    def _generated(self, path: Path) -> None:
        if self.preview.isChecked():
            self.show_report(path, TITLE, self)
        else:
            interaction.current().show_info(self, TITLE, f"已生成：{path}")
