"""A record row deleted from an export is named by import and merge (issue 13, item 8)."""

from __future__ import annotations

from openpyxl import load_workbook
from test_excel_support import demo_database

from forms.loader import load_catalog
from forms.store.database import open_database
from reports.excel.export import export_workbook
from reports.excel.importer import import_file
from reports.excel.merge.workbooks import merge_workbooks

SHEET = "房屋安全"


def export_with_a_deleted_row(tmp_path, catalog) -> tuple[str, object, object]:
    with demo_database(tmp_path, 20, 5, catalog) as db:
        export_workbook(db, tmp_path / "out.xlsx", catalog=catalog, include_sensitive=True)
    book = load_workbook(tmp_path / "out.xlsx")
    deleted = book[SHEET].cell(row=3, column=1).value
    book[SHEET].delete_rows(3)
    book.save(tmp_path / "街道.xlsx")
    return deleted, tmp_path / "out.xlsx", tmp_path / "街道.xlsx"


def test_import_names_the_deleted_record(tmp_path):
    catalog = load_catalog()
    deleted, _whole, edited = export_with_a_deleted_row(tmp_path, catalog)
    db = open_database(tmp_path / "copy.sqlite3")
    try:
        result = import_file(db, edited, catalog=catalog)
    finally:
        db.close()
    warning = next(w for w in result.warnings if w.startswith("[import-032]"))
    assert f"街道.xlsx, sheet {SHEET}" in warning and deleted in warning and " 1 条" in warning


def test_merge_names_the_deleted_record_and_an_untouched_export_names_none(tmp_path):
    catalog = load_catalog()
    deleted, whole, edited = export_with_a_deleted_row(tmp_path, catalog)
    result = merge_workbooks([edited], tmp_path / "merged.xlsx", catalog=catalog)
    assert any("import-032" in w and deleted in w and "街道.xlsx" in w for w in result.warnings)
    clean = merge_workbooks([whole, tmp_path / "merged.xlsx"], tmp_path / "again.xlsx", catalog=catalog)
    assert not any("import-032" in w for w in clean.warnings)
