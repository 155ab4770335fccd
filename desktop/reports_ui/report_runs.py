"""Make a building or record report on a worker thread, then show it."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundJob, run_operation
from desktop.reports_ui.pdf_viewer import show_pdf
from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.settings import get_setting
from reports.pdf import ReportFonts, report_fonts, write_building_report, write_record_report
from reports.pdf.batch import safe_file_name
from reports.pdf.fonts import FONT_SETTING

Shower = Callable[..., object]


def fonts_of(db: Database) -> ReportFonts:
    """The report font chosen in this database's settings, else the system's CJK font."""
    return report_fonts(get_setting(db, FONT_SETTING))


def temporary_pdf(stem: str) -> Path:
    """A fresh path in the temp folder; the preview deletes it when closed."""
    return Path(tempfile.gettempdir()) / safe_file_name(f"citycheck-{stem}-{uuid.uuid4().hex[:8]}")


def preview_building_report(parent: QWidget | None, db: Database, catalog: Mapping[str, FormDefinition],
                            building_code: str, *, district: str | None = None, include_sensitive: bool = False,
                            show: Shower = show_pdf) -> BackgroundJob:
    """Typeset the 楼栋体检报告 in the background, then preview it."""
    out = temporary_pdf(building_code)

    def operation(progress):
        progress.start(1, "正在生成楼栋体检报告")
        return write_building_report(db, catalog, building_code, out, district=district, fonts=fonts_of(db),
                                     include_sensitive=include_sensitive)

    title = f"楼栋体检报告 {building_code}"
    return run_operation(parent, "生成楼栋体检报告", operation, lambda path: show(path, title, parent, temporary=True))


def preview_record_report(parent: QWidget | None, db: Database, catalog: Mapping[str, FormDefinition],
                          record_id: str, *, include_sensitive: bool = False,
                          show: Shower = show_pdf) -> BackgroundJob:
    """Typeset one record's report in the background, then preview it."""
    out = temporary_pdf(record_id[:8])

    def operation(progress):
        progress.start(1, "正在生成记录报告")
        return write_record_report(db, catalog, record_id, out, fonts=fonts_of(db),
                                   include_sensitive=include_sensitive)

    return run_operation(parent, "生成记录报告", operation,
                         lambda path: show(path, "调查记录报告", parent, temporary=True))
