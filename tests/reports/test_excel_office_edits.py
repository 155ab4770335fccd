"""What district offices do to workbooks does not break the pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from test_excel_support import tiny_catalog, tiny_version

from reports.excel.export import export_versions
from reports.excel.merge.workbooks import merge_workbooks
from reports.excel.read.workbook_reader import read_export

SHEET = "小调查"
REPEAT_SHEET = "小调查-房间"


@pytest.fixture
def catalog():
    return tiny_catalog()


@pytest.fixture
def versions():
    return [tiny_version(n, revision=1 + n % 3, variant=n % 2) for n in range(6)]


@pytest.fixture
def export(tmp_path, catalog, versions):
    return export_versions(tmp_path / "街道.xlsx", versions, catalog=catalog, include_sensitive=True)


def edit(path, change) -> None:
    book = load_workbook(path)
    change(book)
    book.save(path)


def grid(sheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def rewrite(sheet, rows: list[list[object]]) -> None:
    sheet.delete_rows(1, sheet.max_row)
    for row in rows:
        sheet.append(row)


def hashes(path, catalog) -> list[str]:
    return sorted(v.content_hash() for v in read_export(path, catalog).versions)


def expected(versions) -> list[str]:
    return sorted(v.content_hash() for v in versions)


def test_sorted_and_filtered_rows_still_import(export, catalog, versions):
    def sort_descending(book):
        for name in (SHEET, REPEAT_SHEET):
            rows = grid(book[name])
            rewrite(book[name], [rows[0], *sorted(rows[1:], key=lambda r: str(r[0]), reverse=True)])
        book[SHEET].auto_filter.ref = "A1:C7"
        book[SHEET].row_dimensions[3].hidden = True

    edit(export, sort_descending)
    content = read_export(export, catalog)
    assert sorted(v.content_hash() for v in content.versions) == expected(versions)
    assert content.warnings == ()


def test_reordered_and_hidden_columns_still_import(export, catalog, versions):
    def shuffle_columns(book):
        rows = grid(book[SHEET])
        order = list(reversed(range(len(rows[0]))))
        rewrite(book[SHEET], [[row[i] for i in order] for row in rows])
        book[SHEET].column_dimensions["B"].hidden = True

    edit(export, shuffle_columns)
    assert hashes(export, catalog) == expected(versions)


def test_extra_columns_and_sheets_are_ignored(export, catalog, versions):
    def add_things(book):
        sheet = book[SHEET]
        extra = sheet.max_column + 1
        sheet.cell(1, extra, "街道备注")
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, extra, f"=A{row}")
        book.create_sheet("我的统计").append(["合计", 6])

    edit(export, add_things)
    assert hashes(export, catalog) == expected(versions)


def test_dates_and_numbers_stored_as_text_still_import(export, catalog, versions):
    def retype(book):
        sheet = book[SHEET]
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.datetime) and cell.value.time() == dt.time():
                    cell.value = cell.value.strftime("%Y/%m/%d")
                elif isinstance(cell.value, dt.datetime):
                    cell.value = cell.value.strftime("%Y-%m-%d %H:%M:%S")
                elif isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    cell.value = str(cell.value)
                cell.number_format = "@"

    edit(export, retype)
    assert hashes(export, catalog) == expected(versions)


def test_edited_answer_is_read_and_noticed_by_the_checksum(export, catalog, versions):
    def fix_typo(book):
        column = next(c.column for c in book[SHEET][1] if c.value == "房屋名称")
        book[SHEET].cell(2, column, "更正后的楼名")

    edit(export, fix_typo)
    content = read_export(export, catalog)
    assert "更正后的楼名" in {v.answers.get("building_name") for v in content.versions}
    assert len(content.warnings) == 1 and "校验值" in content.warnings[0]


def test_an_office_edited_copy_merges_as_a_conflict_not_a_loss(export, catalog, versions, tmp_path):
    original = tmp_path / "原件.xlsx"
    original.write_bytes(export.read_bytes())

    def fix_typo(book):
        column = next(c.column for c in book[SHEET][1] if c.value == "房屋名称")
        book[SHEET].cell(2, column, "更正后的楼名")

    edit(export, fix_typo)
    result = merge_workbooks([original, export], tmp_path / "合并.xlsx", catalog=catalog)
    assert result.records_out == len(versions) and result.conflicts == 1
