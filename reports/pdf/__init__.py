"""PDF reports: the 楼栋体检报告 per building and the 区级城市体检汇总, in embedded CJK type."""

from reports.pdf.batch import BatchResult, write_building_reports
from reports.pdf.building_report import BuildingDossier, BuildingReport, RecordReport
from reports.pdf.district_summary import DistrictSummary
from reports.pdf.document import ReportDocument
from reports.pdf.errors import ReportError
from reports.pdf.glyphs import ReportFonts, report_fonts
from reports.pdf.sources import Scope
from reports.pdf.writers import write_building_report, write_district_summary, write_record_report

__all__ = [
    "BatchResult", "BuildingDossier", "BuildingReport", "DistrictSummary", "RecordReport", "ReportDocument",
    "ReportError", "ReportFonts", "Scope", "report_fonts", "write_building_report", "write_building_reports",
    "write_district_summary", "write_record_report",
]
