"""Answers edited by hand in an export are assessed again on import (issue 13, item 6)."""

from __future__ import annotations

from openpyxl import load_workbook
from test_excel_support import demo_database

from forms.assessment import assess
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.records import RecordStore
from reports.excel.export import ExportSelection, export_workbook
from reports.excel.importer import import_file

SHEET = "房屋安全"


def edit_answer(path, out, header: str, record_id: str, value) -> None:
    """Change one answer cell of a record, as a clerk would in a spreadsheet program."""
    book = load_workbook(path)
    sheet = book[SHEET]
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == record_id:
            row[headers.index(header)].value = value
    book.save(out)


def final_housing_record(db, catalog):
    store = RecordStore(db, catalog)
    return next(r for r in store.query() if r.form_id == "housing_safety" and r.status == "final"
                and r.answers.get("year_built"))


def test_an_edited_year_built_is_assessed_again(tmp_path):
    catalog = load_catalog()
    with demo_database(tmp_path, 30, 3, catalog) as db:
        record = final_housing_record(db, catalog)
        export_workbook(db, tmp_path / "out.xlsx", catalog=catalog, include_sensitive=True,
                        selection=ExportSelection(form_id="housing_safety"))
    year = record.answers["year_built"] + 10
    edit_answer(tmp_path / "out.xlsx", tmp_path / "edited.xlsx", "建成年份", record.id, year)
    copy = open_database(tmp_path / "copy.sqlite3")
    try:
        result = import_file(copy, tmp_path / "edited.xlsx", catalog=catalog)
        stored = RecordStore(copy, catalog).get(record.id)
    finally:
        copy.close()
    expected = assess(catalog["housing_safety"], {**record.answers, "year_built": year}).summary
    assert result.inserted >= 1
    assert stored.answers["year_built"] == year
    assert stored.summary["building_age"] == expected["building_age"] == record.summary["building_age"] - 10


def test_an_edited_final_record_that_fails_its_checks_is_imported_as_draft_with_a_coded_warning(tmp_path):
    catalog = load_catalog()
    with demo_database(tmp_path, 30, 3, catalog) as db:
        record = final_housing_record(db, catalog)
        export_workbook(db, tmp_path / "out.xlsx", catalog=catalog, include_sensitive=True,
                        selection=ExportSelection(form_id="housing_safety"))
    edit_answer(tmp_path / "out.xlsx", tmp_path / "edited.xlsx", "建成年份", record.id, None)
    copy = open_database(tmp_path / "copy.sqlite3")
    try:
        result = import_file(copy, tmp_path / "edited.xlsx", catalog=catalog)
        stored = RecordStore(copy, catalog).get(record.id)
    finally:
        copy.close()
    assert stored.status == "draft"
    warning = next(w for w in result.warnings if "import-031" in w)
    assert "edited.xlsx" in warning and f"sheet {SHEET}" in warning and record.id in warning and "建成年份" in warning
