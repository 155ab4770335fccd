"""Exported workbooks print sensibly: survey sheets across, small tables upright, A4 wide, header on every page."""

from __future__ import annotations

from openpyxl import load_workbook
from test_excel_support import demo_database

from forms.loader import load_catalog
from reports.excel.export import export_workbook
from reports.excel.importer import import_file
from reports.excel.format.layout import INDICATORS_SHEET, KEY_MAP_SHEET


def test_every_visible_sheet_prints_one_page_wide_with_its_header_repeated(tmp_path):
    catalog = load_catalog()
    with demo_database(tmp_path, 40, 3, catalog) as db:
        out = export_workbook(db, tmp_path / "导出.xlsx", catalog=catalog).path
        assert import_file(db, out, catalog=catalog).conflicts == 0      # still reads back as it was written
    book = load_workbook(out)
    survey_titles = {form.title for form in catalog.values()}
    visible = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert {s.title for s in visible} >= survey_titles | {INDICATORS_SHEET}
    for sheet in visible:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), sheet.title   # 9 = A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet.freeze_panes in ("A2", "B2"), sheet.title
    assert all(book[title].page_setup.orientation == "landscape" for title in survey_titles)
    assert book[INDICATORS_SHEET].page_setup.orientation == "portrait"
    assert book[KEY_MAP_SHEET].sheet_state == "hidden"
