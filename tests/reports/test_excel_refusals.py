"""Files that lost their meaning are refused with a coded message naming the file, sheet and cell."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from test_excel_support import record_id, tiny_catalog, tiny_version

from sqlmodel import select

from forms.store.database import open_database
from forms.store.tables import Record
from reports.excel.errors import ExcelError
from reports.excel.export import export_versions
from reports.excel.importer import import_files
from reports.excel.merge.workbooks import merge_workbooks
from reports.excel.read.workbook_reader import read_export

SHEET = "小调查"


@pytest.fixture
def catalog():
    return tiny_catalog()


@pytest.fixture
def export(tmp_path, catalog):
    path = tmp_path / "杨家坪街道.xlsx"
    versions = [tiny_version(n, revision=2) for n in range(3)]
    return export_versions(path, versions, catalog=catalog, include_sensitive=True)


def edit(path, change) -> None:
    book = load_workbook(path)
    change(book)
    book.save(path)


def header_column(sheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def refusal(path, catalog) -> ExcelError:
    with pytest.raises(ExcelError) as caught:
        read_export(path, catalog)
    return caught.value


def test_truncated_file_is_refused(export, catalog):
    data = export.read_bytes()
    export.write_bytes(data[: len(data) // 2])
    error = refusal(export, catalog)
    assert error.code == "import-002"
    assert error.where == "杨家坪街道.xlsx"


def test_workbook_that_is_not_an_export_is_refused(tmp_path, catalog):
    path = tmp_path / "台账.xlsx"
    book = Workbook()
    book.active.append(["楼栋", "地址"])
    book.save(path)
    assert refusal(path, catalog).code == "import-003"


def test_file_that_is_not_a_workbook_at_all_is_refused(tmp_path, catalog):
    path = tmp_path / "notes.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    assert refusal(path, catalog).code == "import-002"


def test_missing_file_is_refused(tmp_path, catalog):
    assert refusal(tmp_path / "nowhere.xlsx", catalog).code == "import-001"


def test_edited_uuid_is_refused_naming_the_row(export, catalog):
    edit(export, lambda book: book[SHEET].cell(3, 1, record_id(77)))
    error = refusal(export, catalog)
    assert error.code == "import-009"
    assert error.where == f"杨家坪街道.xlsx, sheet {SHEET}, row 3"


def test_uuid_edited_into_something_else_is_refused_naming_the_cell(export, catalog):
    edit(export, lambda book: book[SHEET].cell(2, 1, "3号楼"))
    error = refusal(export, catalog)
    assert error.code == "import-008"
    assert "cell A2" in error.where


def test_edited_revision_is_refused(export, catalog):
    edit(export, lambda book: book[SHEET].cell(2, header_column(book[SHEET], "修订号"), 9))
    assert refusal(export, catalog).code == "import-009"


def test_missing_revision_is_refused(export, catalog):
    def clear(book):
        book[SHEET].cell(2, header_column(book[SHEET], "修订号")).value = None

    edit(export, clear)
    error = refusal(export, catalog)
    assert error.code == "import-010"
    assert error.where == f"杨家坪街道.xlsx, sheet {SHEET}, cell D2"


def test_renamed_header_is_refused(export, catalog):
    edit(export, lambda book: book[SHEET].cell(1, header_column(book[SHEET], "层数"), "楼层数"))
    error = refusal(export, catalog)
    assert error.code == "import-006"
    assert "层数" in error.message and error.where.endswith("row 1")


def test_duplicated_column_is_refused(export, catalog):
    def duplicate(book):
        sheet = book[SHEET]
        source = header_column(sheet, "层数")
        target = sheet.max_column + 1
        for row in range(1, sheet.max_row + 1):
            sheet.cell(row, target, sheet.cell(row, source).value)

    edit(export, duplicate)
    error = refusal(export, catalog)
    assert error.code == "import-007"


def test_newer_format_is_refused(export, catalog):
    def newer(book):
        sheet = book["说明"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "格式版本":
                row[1].value = 99

    edit(export, newer)
    assert refusal(export, catalog).code == "import-004"


def test_repeat_row_of_a_deleted_record_is_refused(export, catalog):
    edit(export, lambda book: book[SHEET].delete_rows(2))
    error = refusal(export, catalog)
    assert error.code == "import-014"
    assert "小调查-房间" in error.where


def test_unknown_choice_label_names_the_cell_and_the_choices(export, catalog):
    edit(export, lambda book: book[SHEET].cell(2, header_column(book[SHEET], "结构类型"), "木结构"))
    error = refusal(export, catalog)
    assert error.code == "import-013"
    assert "砖混" in error.message and "cell" in error.where


def test_refused_file_imports_nothing(export, catalog, tmp_path):
    edit(export, lambda book: book[SHEET].cell(4, header_column(book[SHEET], "层数"), "三层"))
    db = open_database(tmp_path / "office.sqlite3")
    try:
        result = import_files(db, [export], catalog=catalog)
        assert [error.code for _, error in result.refused] == ["import-012"]
        with db.session() as session:
            assert session.exec(select(Record)).first() is None
    finally:
        db.close()


def test_refused_merge_writes_no_file(export, catalog, tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(export.read_bytes()[:1000])
    out = tmp_path / "merged.xlsx"
    with pytest.raises(ExcelError) as caught:
        merge_workbooks([export, bad], out, catalog=catalog)
    assert caught.value.code == "merge-004"
    assert "坏文件.xlsx" in str(caught.value) and "import-002" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["坏文件.xlsx", "杨家坪街道.xlsx"]


def test_skip_bad_merges_the_rest_and_reports_the_refused_file(export, catalog, tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(export.read_bytes()[:1000])
    out = tmp_path / "merged.xlsx"
    result = merge_workbooks([export, bad], out, catalog=catalog, skip_bad=True)
    assert [r.path.name for r in result.refused] == ["坏文件.xlsx"]
    assert result.records_out == 3
    report = load_workbook(out, read_only=True)["合并报告"]
    rows = [list(row) + [None, None] for row in report.iter_rows(values_only=True)]
    report.parent.close()
    assert any(row[0] == "坏文件.xlsx" and row[1] == "已拒绝" for row in rows)


def test_merge_refuses_to_overwrite_an_input(export, catalog):
    with pytest.raises(ExcelError) as caught:
        merge_workbooks([export], export, catalog=catalog)
    assert caught.value.code == "merge-002"


def test_merge_of_nothing_is_refused(catalog, tmp_path):
    with pytest.raises(ExcelError) as caught:
        merge_workbooks([], tmp_path / "out.xlsx", catalog=catalog)
    assert caught.value.code == "merge-001"


def test_import_of_an_unknown_survey_is_refused(export, tmp_path):
    from forms.loader import load_catalog

    error = refusal(export, load_catalog())
    assert error.code == "import-005"
