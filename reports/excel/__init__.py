"""Excel exchange: export records to workbooks, import them into a store, merge them without one.

The names below load their module on first use, so a process that needs one part (the export's
row producer, the command line) does not import the others.
"""

from importlib import import_module

_HOMES = {
    "EXCEL_ERRORS": "errors", "ExcelError": "errors",
    "ExportResult": "export", "ExportSelection": "export", "export_versions": "export", "export_workbook": "export",
    "FileImport": "importer", "ImportResult": "importer", "import_file": "importer", "import_files": "importer",
    "MergeResult": "merge.workbooks", "merge_workbooks": "merge.workbooks",
    "ExportFile": "read.workbook_reader", "read_export": "read.workbook_reader",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
