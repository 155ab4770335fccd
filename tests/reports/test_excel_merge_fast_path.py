"""The merge's fast path: cells checked and rendered as read, spliced into the workbook.

Whatever path a file takes, the merged workbook must be the same: these tests hold the fast
reader to the full reader, and the rendered rows to what python-calamine reads back.
"""

from __future__ import annotations

import datetime as dt
import errno
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.datetime import to_excel
from test_excel_support import data_grids, sheet_grid

import reports.excel.merge.workbooks as merge_module
import reports.excel.merge.held_rows as held_rows
from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database
from reports.excel.errors import ExcelError
from reports.excel.export import ExportSelection, export_workbook
from reports.excel.format.layout import (
    CONFLICTS_SHEET,
    HASH_HEADER,
    INDICATORS_SHEET,
    KEY_MAP_SHEET,
    README_SHEET,
    WorkbookLayout,
    forms_in,
)
from reports.excel.merge.workbooks import FAST, FULL, merge_workbooks
from reports.excel.merge.entries import EntryRenderer, place_order, places_of
from reports.excel.merge.loading import load_sheets
from reports.excel.merge.fast_reader import read_raw
from reports.excel.merge.not_pristine import NotPristine
from reports.excel.merge.written_rows import written_rows
from reports.excel.read.workbook_reader import read_export
from reports.excel.format.row_xml import RowRenderer, excel_serial
from reports.excel.write.splice import row_batches, sheet_members, splice_rows
from reports.excel.format.xml_text import unescape_column
from reports.excel.write.workbook_writer import WorkbookWriter

CATALOG = load_catalog()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
cells = st.one_of(
    st.just(""), texts,
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(-10**12, 10**12),
    st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2199, 12, 31)).map(lambda d: d.replace(microsecond=0)),
    st.dates(dt.date(1901, 1, 1), dt.date(2199, 12, 31)),
    st.booleans(),
)


def frame_with_styles(path: Path) -> RowRenderer:
    """A workbook with one sheet "数据" (header row only); return a renderer using its date styles."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    sheet.append(["表头"])
    renderer = RowRenderer(WriteOnlyCell(sheet, dt.date(2000, 1, 1)).style_id,
                           WriteOnlyCell(sheet, dt.datetime(2000, 1, 1, 0, 0, 1)).style_id)
    book.save(path)
    return renderer


def as_written(values: list[object]) -> list[object]:
    """The row's cells as rendered from the values python-calamine gives back for it (strings as written)."""
    return [value if isinstance(value, str) else expected_back(value) for value in values]


def expected_back(value: object) -> object:
    """What python-calamine gives back for a value we wrote."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, str):       # escaped, and python-calamine decodes _x0000_.._x00FF_ (see xml_text)
        return "".join("\x00\x00" if c == "\x00" else f"\x00{ord(c):04X}" if c in "\ufffe\uffff" else c for c in value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


@SETTINGS
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=8), min_size=1, max_size=6))
@example(rows=[["\r"], ["\r", "x"], [True, 1.0, 1, False, 0.0]])     # a lone CR keeps its space; True is not 1.0
def test_rendered_rows_read_back_as_written_and_render_again_identically(tmp_path, rows):
    renderer = frame_with_styles(tmp_path / "frame.xlsx")
    bodies = [renderer.cells(row).encode("utf-8") for row in rows]
    splice_rows(tmp_path / "frame.xlsx", tmp_path / "out.xlsx", {"数据": row_batches(bodies)})
    back = sheet_grid(tmp_path / "out.xlsx", "数据")[1:]
    back += [[]] * (len(rows) - len(back))       # empty rows at the end are no rows at all
    for written, read in zip(rows, back):
        wanted = [expected_back(value) for value in written]
        read = (list(read) + [""] * len(wanted))[:len(wanted)]
        assert read == wanted
        assert renderer.cells(unescape_column(read)).encode("utf-8") == renderer.cells(as_written(written)).encode("utf-8")
    assert len(list(load_workbook(tmp_path / "out.xlsx", read_only=True)["数据"].iter_rows())) >= 1


@given(st.lists(st.one_of(texts, st.sampled_from(["a", "_", "x", " a", "a ", "_x", "&", "{\"k\": 1}"])), min_size=1))
def test_a_column_rendered_at_once_is_each_cell_rendered(values):
    renderer = RowRenderer(1, 2)
    assert renderer.column(values, remember=False) == [renderer.cell(value) for value in values]


@given(st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31)))
def test_excel_serial_is_openpyxls_serial(moment):
    assert excel_serial(moment) == to_excel(moment)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict:
    """Demo exports: the whole set with and without personal data, and three overlapping parts."""
    root = tmp_path_factory.mktemp("fast_path")
    db = open_database(root / "demo.sqlite3")
    generate(db, 240, seed=11)
    files = {"all": export_workbook(db, root / "all.xlsx", catalog=CATALOG, include_sensitive=True).path,
             "masked": export_workbook(db, root / "masked.xlsx", catalog=CATALOG).path}
    with db.engine.connect() as connection:
        districts = [row[0] for row in connection.exec_driver_sql("SELECT DISTINCT district FROM record ORDER BY 1")]
    files["districts"] = [
        export_workbook(db, root / f"{district}.xlsx", catalog=CATALOG, include_sensitive=True,
                        selection=ExportSelection(district=district)).path
        for district in districts
    ]
    db.close()
    return files


def entries_both_ways(path: Path, include_sensitive: bool, tmp_path: Path):
    layout = WorkbookLayout(forms_in(CATALOG))
    writer = WorkbookWriter(tmp_path / "unused.xlsx", layout, include_sensitive=include_sensitive)
    try:
        try:
            fast = read_raw(load_sheets(path), path.name, 0, layout, writer.renderer, not include_sensitive)
        except NotPristine:
            fast = None
        renderer = EntryRenderer(layout, writer.renderer, include_sensitive)
        full = {version.id: renderer.entry(version) for version in read_export(path, CATALOG).versions}
    finally:
        writer.abort()
    return fast, full


def test_the_fast_reader_gives_what_the_full_reader_gives(exports, tmp_path):
    fast, full = entries_both_ways(exports["all"], True, tmp_path)
    assert fast is not None and len(fast.entries) == len(full) == 240
    for entry in fast.entries:
        other = full[entry.id]
        assert (entry.main, entry.repeats, entry.written_hash, entry.order, entry.revision, entry.status) == \
            (other.main, other.repeats, other.written_hash, other.order, other.revision, other.status)
        assert entry.facts() == other.facts()


def survey_sheet_names() -> list[str]:
    return [sheet.name for sheet in WorkbookLayout(forms_in(CATALOG)).sheets()]


def test_rows_as_written_are_passed_on_byte_for_byte_as_rendering_them_would_give(exports, tmp_path):
    layout = WorkbookLayout(forms_in(CATALOG))
    writer = WorkbookWriter(tmp_path / "unused.xlsx", layout, include_sensitive=True)
    try:
        written = written_rows(exports["all"], survey_sheet_names(), writer.cell_formats)
        assert set(written) == set(survey_sheet_names())
        passed = read_raw(load_sheets(exports["all"]), "all", 0, layout, writer.renderer, False, written)
        rendered = read_raw(load_sheets(exports["all"]), "all", 0, layout, writer.renderer, False)
    finally:
        writer.abort()
    assert [(e.id, e.main, e.repeats) for e in passed.entries] == [(e.id, e.main, e.repeats) for e in rendered.entries]
    housing = CATALOG["housing_safety"].title
    assert [e.main for e in passed.entries if e.form_id == "housing_safety"] == written[housing]


def test_a_damaged_sheet_gives_no_written_rows(exports, tmp_path):
    """A flipped byte inside a survey sheet's stored data, or the file cut short: its rows are rendered."""
    with zipfile.ZipFile(exports["all"]) as archive:
        member = archive.getinfo(sheet_members(archive)[CATALOG["housing_safety"].title])
    data = bytearray(exports["all"].read_bytes())
    data[member.header_offset + 30 + len(member.filename) + member.compress_size // 2] ^= 0xFF
    damaged, cut = tmp_path / "damaged.xlsx", tmp_path / "cut.xlsx"
    damaged.write_bytes(bytes(data))
    cut.write_bytes(bytes(data[:member.header_offset + 10]))
    formats = ("General", "General", "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss")     # the styles every export has
    assert written_rows(damaged, survey_sheet_names(), formats) == {}
    assert written_rows(cut, survey_sheet_names(), formats) == {}
    assert written_rows(exports["all"], survey_sheet_names(), formats)


def test_an_export_holds_rows_without_numbers_or_cell_references(exports):
    with zipfile.ZipFile(exports["all"]) as archive:
        members = sheet_members(archive)
        sheet = archive.read(members[CATALOG["housing_safety"].title])
    header_end = sheet.index(b"</row>") + len(b"</row>")
    data = sheet[header_end:sheet.index(b"</sheetData>")]
    records = len(sheet_grid(exports["all"], CATALOG["housing_safety"].title)) - 1
    assert records > 0 and data.startswith(b"<row><c")
    assert data.count(b"<row>") == data.count(b"</row>") == records
    assert b' r="' not in data and b"<row " not in data


def test_rows_another_program_saved_are_rendered_again(exports, tmp_path):
    load_workbook(exports["all"]).save(tmp_path / "resaved.xlsx")       # openpyxl numbers every row and cell
    formats = ("General", "General", "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss")     # the styles every export has
    assert written_rows(exports["all"], survey_sheet_names(), formats)
    assert written_rows(tmp_path / "resaved.xlsx", survey_sheet_names(), formats) == {}
    assert written_rows(exports["all"], survey_sheet_names(), ("General", "General", "yyyy/m/d", "yyyy-mm-dd h:mm:ss")) == {}
    fast, full = entries_both_ways(tmp_path / "resaved.xlsx", True, tmp_path)
    assert fast is not None and {e.id: e.main for e in fast.entries} == {i: e.main for i, e in full.items()}


def test_moved_columns_still_take_the_fast_reader(exports, tmp_path):
    book = load_workbook(exports["all"])
    book[CATALOG["housing_safety"].title].move_range("B1:B400", cols=200)    # a column moved to the far right
    book.save(tmp_path / "moved.xlsx")
    fast, full = entries_both_ways(tmp_path / "moved.xlsx", True, tmp_path)
    assert fast is not None and {e.id: e.main for e in fast.entries} == {i: e.main for i, e in full.items()}


def test_cells_not_as_written_send_the_file_to_the_full_reader(exports, tmp_path):
    book = load_workbook(exports["all"])
    book[CATALOG["housing_safety"].title]["F2"] = "2026-05-03 08:00:00"       # 创建时间 typed as text
    book.save(tmp_path / "typed.xlsx")
    fast, full = entries_both_ways(tmp_path / "typed.xlsx", True, tmp_path)
    assert fast is None and len(full) == 240


def grids_and_checksums(path: Path) -> tuple[dict, dict]:
    readme = {row[0]: row[1] for row in sheet_grid(path, README_SHEET) if str(row[0]).startswith(("校验值", "记录数"))}
    return data_grids(path), readme


def test_fast_and_full_paths_write_the_same_workbook(exports, tmp_path, monkeypatch):
    first, *others = exports["districts"]
    parts = [first, exports["all"], *others]
    fast = merge_workbooks(parts, tmp_path / "fast.xlsx", catalog=CATALOG)
    def not_pristine(*args):
        raise NotPristine("test")

    monkeypatch.setattr(merge_module, "read_raw", not_pristine)
    full = merge_workbooks(parts, tmp_path / "full.xlsx", catalog=CATALOG)
    assert {r.reader for r in fast.readings} == {FAST} and {r.reader for r in full.readings} == {FULL}
    assert [r.path for r in full.readings] == parts and full.readings[0].why_full == "test"
    assert (fast.records_out, fast.duplicates, fast.conflicts) == (full.records_out, full.duplicates, full.conflicts)
    assert fast.records_out == 240 and fast.duplicates == fast.records_in - 240
    assert grids_and_checksums(tmp_path / "fast.xlsx") == grids_and_checksums(tmp_path / "full.xlsx")


def test_a_merged_workbook_reads_back_clean_with_every_record(exports, tmp_path):
    assert len(exports["districts"]) > 1
    merge_workbooks(exports["districts"], tmp_path / "m.xlsx", catalog=CATALOG)
    merged = read_export(tmp_path / "m.xlsx", CATALOG)
    original = read_export(exports["all"], CATALOG)
    assert merged.warnings == ()
    assert {v.content_hash() for v in merged.versions} == {v.content_hash() for v in original.versions}
    assert sheet_grid(tmp_path / "m.xlsx", INDICATORS_SHEET)[1:] == sheet_grid(exports["all"], INDICATORS_SHEET)[1:]
    with zipfile.ZipFile(tmp_path / "m.xlsx") as archive:
        assert archive.testzip() is None


def test_merging_with_a_masked_file_masks_everything(exports, tmp_path):
    result = merge_workbooks([exports["all"], exports["masked"]], tmp_path / "m.xlsx", catalog=CATALOG)
    assert result.records_out == 240 and result.conflicts == 0
    merged = read_export(tmp_path / "m.xlsx", CATALOG)
    masked = read_export(exports["masked"], CATALOG)
    assert not merged.include_sensitive and merged.warnings == ()
    assert {v.content_hash() for v in merged.versions} == {v.content_hash() for v in masked.versions}
    assert sheet_grid(tmp_path / "m.xlsx", CONFLICTS_SHEET)[1:] == []


def test_exports_without_the_content_hash_column_still_merge(exports, tmp_path):
    """Exports written before 内容校验 existed (or with it deleted) take the full reader."""
    book = load_workbook(exports["all"])
    for sheet in book.worksheets:
        headers = [cell.value for cell in sheet[1]]
        if HASH_HEADER in headers:
            sheet.delete_cols(headers.index(HASH_HEADER) + 1)
    key_map = book[KEY_MAP_SHEET]
    for row in range(key_map.max_row, 1, -1):
        if key_map.cell(row, 2).value == HASH_HEADER:
            key_map.delete_rows(row)
    book.save(tmp_path / "old.xlsx")
    fast, full = entries_both_ways(tmp_path / "old.xlsx", True, tmp_path)
    assert fast is None and len(full) == 240
    merge_workbooks([tmp_path / "old.xlsx", exports["masked"]], tmp_path / "m.xlsx", catalog=CATALOG)
    merged = read_export(tmp_path / "m.xlsx", CATALOG)
    assert merged.warnings == () and len(merged.versions) == 240


def test_an_answer_importing_would_refuse_is_refused_by_the_merge_too(exports, tmp_path):
    book = load_workbook(exports["all"])
    sheet = book[CATALOG["housing_safety"].title]
    headers = [cell.value for cell in sheet[1]]
    column = headers.index(CATALOG["housing_safety"].field("structure_type").label) + 1
    sheet.cell(2, column).value = "草房"                   # not one of the choices
    book.save(tmp_path / "typo.xlsx")
    with pytest.raises(ExcelError) as refused:
        merge_workbooks([tmp_path / "typo.xlsx", exports["masked"]], tmp_path / "m.xlsx", catalog=CATALOG)
    assert refused.value.code == "merge-004" and "import-013" in str(refused.value) and "typo.xlsx" in str(refused.value)
    assert not (tmp_path / "m.xlsx").exists()


place_texts = st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                                           min_size=1, max_size=4))


@given(st.lists(st.tuples(st.sampled_from(["housing_safety", "old_pipelines"]),
                          st.tuples(*[place_texts] * 5), st.uuids().map(str)), max_size=30))
def test_order_texts_sort_as_their_parts_would(records):
    """Winners sort by one text per record; it must sort as (survey, (filled, place)..., UUID) would."""
    def as_tuple(record):
        form_id, places, record_id = record
        return (form_id, *((value is not None, value or "") for value in places), record_id)

    assert sorted(records, key=lambda record: place_order(*record)) == sorted(records, key=as_tuple)
    assert all(places_of(place_order(*record)) == list(record[1]) for record in records)


def test_a_merge_past_its_row_budget_writes_the_same_sheets_and_leaves_no_file(exports, tmp_path, monkeypatch):
    created = []
    original = held_rows.tempfile.TemporaryFile

    def watched(*args, **kwargs):
        opened = original(*args, **kwargs)
        if kwargs.get("prefix") == "citycheck-merge-rows-":      # not the writer's sheet spools
            created.append(opened)
        return opened

    monkeypatch.setattr(held_rows.tempfile, "TemporaryFile", watched)
    inputs = [*exports["districts"], exports["all"]]
    in_memory = merge_workbooks(inputs, tmp_path / "memory.xlsx", catalog=CATALOG)
    assert not created
    on_disk = merge_workbooks(inputs, tmp_path / "disk.xlsx", catalog=CATALOG, row_budget=50_000)
    assert len(created) == 1 and created[0].closed
    assert (on_disk.records_out, on_disk.duplicates) == (in_memory.records_out, in_memory.duplicates) == (240, 240)
    with zipfile.ZipFile(tmp_path / "memory.xlsx") as first, zipfile.ZipFile(tmp_path / "disk.xlsx") as second:
        names = sheet_members(first)
        for name in survey_sheet_names():
            assert first.read(names[name]) == second.read(names[name]), name


def test_a_full_temporary_folder_fails_the_merge_naming_it_and_writes_nothing(exports, tmp_path, monkeypatch):
    class FullDisk:
        def seek(self, *args):
            return 0

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            pass

    monkeypatch.setattr(held_rows.tempfile, "TemporaryFile", lambda **kwargs: FullDisk())
    out = tmp_path / "merged.xlsx"
    with pytest.raises(ExcelError) as refused:
        merge_workbooks([*exports["districts"], exports["all"]], out, catalog=CATALOG, row_budget=0)
    message = str(refused.value)
    assert refused.value.code == "merge-005" and "No space left" in message and tempfile.gettempdir() in message
    assert list(tmp_path.iterdir()) == []


@given(st.lists(st.tuples(st.binary(min_size=1, max_size=40),
                          st.lists(st.lists(st.binary(max_size=30), max_size=3).map(tuple), max_size=3).map(tuple)),
                min_size=1, max_size=8))
def test_rows_in_file_read_back_whole(records):
    held = held_rows.HeldRows(budget=0)
    try:
        in_file = [held.put(main, repeats) for main, repeats in records]
        for (main, repeats), rows in zip(records, in_file):
            assert rows.load() == (main, repeats)
    finally:
        held.close()


def test_the_merge_logs_and_reports_which_reader_read_each_file(exports, tmp_path, caplog):
    book = load_workbook(exports["all"])
    book[CATALOG["housing_safety"].title]["F2"] = "2026-05-03 08:00:00"       # 创建时间 typed as text
    book.save(tmp_path / "typed.xlsx")
    inputs = [exports["masked"], tmp_path / "typed.xlsx"]
    with caplog.at_level("INFO", logger="citycheck.merge"):
        result = merge_workbooks(inputs, tmp_path / "m.xlsx", catalog=CATALOG)
    assert [(r.path, r.reader) for r in result.readings] == [(inputs[0], FAST), (inputs[1], FULL)]
    assert result.readings[1].why_full
    assert [record.getMessage().split(": ")[1] for record in caplog.records] == ["fast reader", f"full reader ({result.readings[1].why_full})"]


def test_a_fault_in_the_fast_reader_is_not_taken_for_a_file_to_read_in_full(exports, tmp_path, monkeypatch):
    """Only NotPristine sends a file to the full reader; any other error is a fault and stops the merge."""
    def broken(*args):
        raise KeyError("a fault, not the file")

    monkeypatch.setattr(merge_module, "read_raw", broken)
    with pytest.raises(KeyError):
        merge_workbooks([exports["all"]], tmp_path / "m.xlsx", catalog=CATALOG)
    assert not (tmp_path / "m.xlsx").exists()
