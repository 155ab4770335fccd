"""Excel exchange: export records to workbooks, import them into a store, merge them without one."""

from reports.excel.conflicts import ConflictEntry, open_conflicts, resolve_conflict
from reports.excel.errors import EXCEL_ERRORS, ExcelError
from reports.excel.export import ExportResult, ExportSelection, export_versions, export_workbook
from reports.excel.importer import FileImport, ImportResult, import_file, import_files
from reports.excel.merge import MergeResult, merge_workbooks
from reports.excel.reader import ExportFile, read_export

__all__ = [
    "EXCEL_ERRORS", "ConflictEntry", "ExcelError", "ExportFile", "ExportResult", "ExportSelection",
    "FileImport", "ImportResult", "MergeResult", "export_versions", "export_workbook", "import_file",
    "import_files", "merge_workbooks", "open_conflicts", "read_export", "resolve_conflict",
]
