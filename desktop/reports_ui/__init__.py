"""Report pieces of the desktop app: PDF preview and print, the district summary and batch dialogs."""

from desktop.reports_ui.batch_dialog import BatchReportDialog
from desktop.reports_ui.district_dialog import DistrictReportDialog
from desktop.reports_ui.pdf_viewer import PdfPreviewDialog, open_in_system_viewer, qt_pdf_available, show_pdf
from desktop.reports_ui.report_runs import preview_building_report, preview_record_report

__all__ = [
    "BatchReportDialog", "DistrictReportDialog", "PdfPreviewDialog", "open_in_system_viewer",
    "preview_building_report", "preview_record_report", "qt_pdf_available", "show_pdf",
]
