"""Report pieces of the app: preview, print, the district dialog and the batch through the background helper."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from test_pdf_support import BUILDING_CODE, pdf_text, sample_store  # noqa: E402

from desktop.reports_ui import (  # noqa: E402
    BatchReportDialog,
    DistrictReportDialog,
    PdfPreviewDialog,
    preview_building_report,
    preview_record_report,
    qt_pdf_available,
)
from desktop.reports_ui import batch_dialog  # noqa: E402
from desktop.reports_ui.pdf_viewer import paint_pages  # noqa: E402


@pytest.fixture()
def sample(tmp_path):
    db, catalog, store = sample_store(tmp_path)
    yield db, catalog, store
    db.close()


class ShownReports:
    """Stands in for show_pdf: records what would be shown."""

    def __init__(self) -> None:
        self.shown: list[tuple[Path, str, bool]] = []

    def __call__(self, path, title, parent=None, *, temporary=False):
        self.shown.append((Path(path), title, temporary))


def test_building_preview_is_made_in_the_background(qtbot, sample):
    db, catalog, _store = sample
    shown = ShownReports()
    job = preview_building_report(None, db, catalog, BUILDING_CODE, show=shown)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    path, title, temporary = shown.shown[0]
    assert title == f"楼栋体检报告 {BUILDING_CODE}" and temporary
    assert "楼栋体检报告" in pdf_text(path)
    path.unlink()


def test_record_preview(qtbot, sample):
    db, catalog, store = sample
    record = next(r for r in store.query() if r.form_id == "old_pipelines")
    shown = ShownReports()
    job = preview_record_report(None, db, catalog, record.id, show=shown)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert "民族路DN100燃气庭院管" in pdf_text(shown.shown[0][0])
    shown.shown[0][0].unlink()


@pytest.mark.skipif(not qt_pdf_available(), reason="this PySide6 has no QtPdf")
def test_preview_dialog_shows_every_page_and_removes_a_temporary_file(qtbot, sample, tmp_path):
    db, catalog, _store = sample
    from reports.pdf.writers import write_building_report

    path = write_building_report(db, catalog, BUILDING_CODE, tmp_path / "preview.pdf")
    dialog = PdfPreviewDialog(path, "预览", temporary=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count() >= 2 and dialog.print_button.isEnabled()
    dialog.close()
    assert not path.exists()


@pytest.mark.skipif(not qt_pdf_available(), reason="this PySide6 has no QtPdf")
def test_printing_paints_every_page(qtbot, sample, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    db, catalog, _store = sample
    from reports.pdf.writers import write_building_report

    source = write_building_report(db, catalog, BUILDING_CODE, tmp_path / "p.pdf")
    dialog = PdfPreviewDialog(source, "预览")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    paint_pages(dialog.document, printer)
    from pypdf import PdfReader

    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == dialog.page_count()


def test_district_dialog_writes_the_summary_for_the_chosen_district(qtbot, sample, tmp_path):
    db, catalog, _store = sample
    shown = ShownReports()
    dialog = DistrictReportDialog(db, catalog, show=shown)
    qtbot.addWidget(dialog)
    assert [dialog.places.district.itemText(i) for i in range(dialog.places.district.count())] == ["全部", "渝中区"]
    dialog.places.district.setCurrentText("渝中区")
    assert dialog.places.street.findText("解放碑街道") >= 0
    dialog.output.setText(str(tmp_path / "汇总.pdf"))
    job = dialog.generate()
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert shown.shown == [(tmp_path / "汇总.pdf", "区级城市体检汇总", False)]
    assert "渝中区 城市体检汇总报告" in pdf_text(tmp_path / "汇总.pdf")
    assert dialog.generate_button.isEnabled()


def test_batch_dialog_runs_through_the_background_helper(qtbot, sample, tmp_path):
    db, catalog, _store = sample
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = BatchReportDialog(db, catalog, parent)
    dialog.folder.setText(str(tmp_path / "批量"))
    job = dialog.start()
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert dialog.last_result is not None
    assert [p.name for p in dialog.last_result.written] == [f"{BUILDING_CODE}.pdf"]
    assert "已生成 1 份" in dialog.status.text()


def test_cancelling_the_batch_says_so(qtbot, sample, tmp_path, monkeypatch):
    db, catalog, _store = sample
    gate = threading.Event()
    real = batch_dialog.write_building_reports

    def gated(*args, **kwargs):
        gate.wait(5)  # hold the worker until the cancel has been asked for
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_dialog, "write_building_reports", gated)
    dialog = BatchReportDialog(db, catalog)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "批量"))
    job = dialog.start()
    job.cancel()
    gate.set()
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert dialog.last_result is None and "已取消" in dialog.status.text()
    assert not list((tmp_path / "批量").glob("*.pdf"))


def test_report_dialogs_number_reports_with_the_chosen_prefix_and_unit_and_remember_them(qtbot, sample, tmp_path):
    from forms.store.settings import get_setting
    from reports.pdf.issue import NUMBER_PREFIX_SETTING, SURVEYING_UNIT_SETTING

    db, catalog, _store = sample
    dialog = DistrictReportDialog(db, catalog, show=ShownReports())
    qtbot.addWidget(dialog)
    dialog.numbering_fields.prefix.setText("YZ")
    dialog.numbering_fields.unit.setText("渝中区住房和城乡建设委员会")
    dialog.output.setText(str(tmp_path / "汇总.pdf"))
    with qtbot.waitSignal(dialog.generate().finished, timeout=20000):
        pass
    text = pdf_text(tmp_path / "汇总.pdf")
    assert "报告编号 YZ-" in text and "调查单位：渝中区住房和城乡建设委员会" in text
    assert (get_setting(db, NUMBER_PREFIX_SETTING), get_setting(db, SURVEYING_UNIT_SETTING)) == \
        ("YZ", "渝中区住房和城乡建设委员会")
    batch = BatchReportDialog(db, catalog)
    qtbot.addWidget(batch)
    assert batch.numbering_fields.prefix.text() == "YZ"           # remembered for the next dialog
