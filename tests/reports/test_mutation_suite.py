"""Bad-input suite: mutated exports either import/merge correctly or are refused with a code.

Never a traceback, never a half-written output file, never a changed database on refusal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.integrity import check_integrity
from forms.store.records import RecordStore
from reports.excel.errors import ExcelError
from reports.excel.export import export_workbook
from reports.excel.importer import import_file
from reports.excel.merge.workbooks import merge_workbooks
from reports.excel.read.workbook_reader import read_export
from reports.excel.format.xml_text import escape_cell_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from damaged_store import damage_middle, refused_import  # noqa: E402

HUGE = "长" * 40_000
# Text a person can type or paste: spaces kept, line breaks, control and XML-forbidden characters (items 10–11).
TYPED_TEXTS = ("\t", "\r\n", " x ", "   ", "\x01", "\ufffe", "\uffff", "_x0041_", "a\x00b", "'=1")
CELL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12), st.sampled_from(["", " ", "=1+1", "@SUM(A1)", "'", "是", "否", "房屋安全", HUGE,
                                           "00000000-0000-4000-8000-000000000000", "1900-01-01", "-1"]),
    st.sampled_from(TYPED_TEXTS),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
)
SHEET_NAMES = st.one_of(st.sampled_from(["房屋安全", "说明", "_字段对照", "冲突", "Sheet", "老旧管线", "x"]),
                        st.text(st.characters(blacklist_characters="[]:*?/\\'", blacklist_categories=("Cs", "Cc")),
                                min_size=1, max_size=31))
SHEET_EDITS = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, 30), st.integers(1, 12), st.integers(1, 40), CELL_VALUES),
    st.tuples(st.just("rename"), st.integers(0, 30), SHEET_NAMES),
    st.tuples(st.just("delete_sheet"), st.integers(0, 30)),
    st.tuples(st.just("delete_row"), st.integers(0, 30), st.integers(1, 12)),
    st.tuples(st.just("copy_row"), st.integers(0, 30), st.integers(1, 12)),
    st.tuples(st.just("delete_column"), st.integers(0, 30), st.integers(1, 40)),
)
BYTE_EDITS = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
)
CODE = re.compile(r"(import|merge)-\d{3}")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A tiny export of demo records (with repeat rows), a second good export, and their database."""
    catalog = load_catalog()
    folder = tmp_path_factory.mktemp("mutation")
    db = open_database(folder / "source.sqlite3")
    generate(db, 8, 21, catalog)
    export_workbook(db, folder / "base.xlsx", catalog=catalog, include_sensitive=True)
    db.close()
    other = open_database(folder / "other.sqlite3")
    generate(other, 4, 22, catalog)
    export_workbook(other, folder / "other.xlsx", catalog=catalog, include_sensitive=True)
    other.close()
    open_database(folder / "empty.sqlite3").close()
    return catalog, folder


def mutate(source: Path, target: Path, sheet_edits, byte_edits) -> None:
    book = load_workbook(source)
    for edit in sheet_edits:
        apply_sheet_edit(book, edit)
    book.save(target)
    data = bytearray(target.read_bytes())
    for edit in byte_edits:
        if edit[0] == "truncate":
            data = data[: int(len(data) * edit[1])]
        elif data:
            data[min(int(len(data) * edit[1]), len(data) - 1)] = edit[2]
    target.write_bytes(bytes(data))


def apply_sheet_edit(book, edit) -> None:
    kind, index, *rest = edit
    if not book.worksheets:
        return
    sheet = book.worksheets[index % len(book.worksheets)]
    if kind == "cell":       # text escaped as Excel saves it: openpyxl writes cells as they are
        value = escape_cell_text(rest[2]) if isinstance(rest[2], str) else rest[2]
        sheet.cell(row=rest[0], column=rest[1]).value = value
    elif kind == "rename":
        if rest[0] not in book.sheetnames:
            sheet.title = rest[0]
    elif kind == "delete_sheet" and len(book.worksheets) > 1:
        book.remove(sheet)
    elif kind == "delete_row":
        sheet.delete_rows(rest[0])
    elif kind == "copy_row":
        sheet.append([cell.value for cell in sheet[rest[0]]])
    elif kind == "delete_column":
        sheet.delete_cols(rest[0])


def fingerprint(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return hashlib.sha256("\n".join(connection.iterdump()).encode("utf-8")).hexdigest()


def revisions(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        return dict(connection.execute("SELECT id, revision FROM record").fetchall())


def check_import(catalog, folder: Path, mutated: Path, into: Path) -> str:
    """Import `mutated` into a copy of `into`; return "imported" or the refusal's code."""
    db_path = folder / "target.sqlite3"
    shutil.copy(into, db_path)
    before = fingerprint(db_path)
    db = open_database(db_path)
    try:
        result = import_file(db, mutated, catalog=catalog)
    except ExcelError as error:
        assert CODE.fullmatch(error.code), error
        assert fingerprint(db_path) == before, "a refused import changed the database"
        return error.code
    finally:
        db.close()
    assert check_integrity(db_path).ok
    stored = revisions(db_path)
    content = read_export(mutated, catalog)
    assert result.inserted + result.updated + result.unchanged + result.older + result.conflicts >= len(content.versions)
    for version in content.versions:
        assert stored.get(version.id, 0) >= version.revision, "an imported record is missing"
    return "imported"


def check_merge(catalog, folder: Path, mutated: Path, other: Path) -> str:
    """Merge `mutated` with a good export; return "merged" or the refusal's code."""
    out = folder / "merged.xlsx"
    try:
        result = merge_workbooks([mutated, other], out, catalog=catalog)
    except ExcelError as error:
        assert CODE.fullmatch(error.code), error
        assert not out.exists(), "a refused merge left an output file"
        return error.code
    written = read_export(out, catalog)
    assert len({v.id for v in written.versions}) == result.records_out
    return "merged"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet_edits=st.lists(SHEET_EDITS, max_size=3), byte_edits=st.lists(BYTE_EDITS, max_size=1),
       into_source=st.booleans())
def test_mutated_exports_import_and_merge_cleanly_or_are_refused_with_a_code(base, sheet_edits, byte_edits,
                                                                            into_source):
    catalog, folder = base
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        mutated = scratch / "杨家坪街道.xlsx"
        mutate(folder / "base.xlsx", mutated, sheet_edits, byte_edits)
        original = mutated.read_bytes()
        other = shutil.copy(folder / "other.xlsx", scratch / "other.xlsx")
        # Into an empty database (inserts) or the exported one (updates, conflicts).
        event(check_import(catalog, scratch, mutated, folder / ("source.sqlite3" if into_source else "empty.sqlite3")))
        event(check_merge(catalog, scratch, mutated, Path(other)))
        assert mutated.read_bytes() == original, "an input file was changed"
        leftovers = set(os.listdir(scratch)) - {"杨家坪街道.xlsx", "other.xlsx", "merged.xlsx", "target.sqlite3"}
        assert not {name for name in leftovers if not name.endswith(("-wal", "-shm"))}, leftovers


def test_an_unmutated_round_trip_through_openpyxl_imports_and_merges(base, tmp_path):
    catalog, folder = base
    mutated = tmp_path / "same.xlsx"
    mutate(folder / "base.xlsx", mutated, [], [])
    assert check_import(catalog, tmp_path, mutated, folder / "empty.sqlite3") == "imported"
    assert check_merge(catalog, tmp_path, mutated, folder / "other.xlsx") == "merged"


TYPICAL_DAMAGE = {
    "truncated-half": ([], [("truncate", 0.5)]),
    "empty-file": ([], [("truncate", 0.0)]),
    "first-sheet-deleted": ([("delete_sheet", 0)], []),
    "first-sheet-renamed": ([("rename", 0, "改过的名字")], []),
    "id-header-cleared": ([("cell", 0, 1, 1, None)], []),
    "id-not-a-uuid": ([("cell", 0, 2, 1, "not-a-uuid")], []),
    "huge-string": ([("cell", 0, 2, 3, HUGE)], []),
    "row-duplicated": ([("copy_row", 0, 2)], []),
    "key-map-header-deleted": ([("delete_row", 9, 1)], []),   # sheet 9 is the hidden _字段对照
    "key-map-first-entry-deleted": ([("delete_row", 9, 2)], []),
    "key-map-renamed": ([("rename", 9, "字段")], []),
    "id-column-deleted": ([("delete_column", 0, 1)], []),
}


@pytest.mark.parametrize(("sheet_edits", "byte_edits"), TYPICAL_DAMAGE.values(), ids=TYPICAL_DAMAGE.keys())
def test_typical_damage_is_refused_with_a_code_or_imported_whole(base, tmp_path, sheet_edits, byte_edits):
    catalog, folder = base
    mutated = tmp_path / "bad.xlsx"
    mutate(folder / "base.xlsx", mutated, sheet_edits, byte_edits)
    outcome = check_import(catalog, tmp_path, mutated, folder / "empty.sqlite3")
    assert outcome == "imported" or CODE.fullmatch(outcome)
    merged = check_merge(catalog, tmp_path, mutated, folder / "other.xlsx")
    assert merged == "merged" or CODE.fullmatch(merged)


# -- zip directories that lie, and damaged databases (issue 13, items 12-13) -----------------
CENTRAL_HEADER = b"PK\x01\x02"
SIZE_EDITS = st.tuples(st.integers(0, 40), st.sampled_from([20, 24]),        # compressed / uncompressed size
                       st.one_of(st.integers(0, 2**32 - 1), st.sampled_from([0, 1, 1000, 2**31, 2**32 - 1])))


def with_lying_directory(source: Path, target: Path, edits) -> None:
    """Overwrite size fields of entries in the zip's central directory (what infolist() reports)."""
    import struct

    data = bytearray(source.read_bytes())
    entries = [at for at in re.finditer(re.escape(CENTRAL_HEADER), bytes(data))]
    for index, field, value in edits:
        if entries:
            struct.pack_into("<L", data, entries[index % len(entries)].start() + field, value)
    target.write_bytes(bytes(data))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(SIZE_EDITS, min_size=1, max_size=3))
def test_lying_zip_directories_are_refused_with_a_code_or_read_whole(base, edits):
    catalog, folder = base
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        lying = scratch / "杨家坪街道.xlsx"
        with_lying_directory(folder / "base.xlsx", lying, edits)
        event(check_import(catalog, scratch, lying, folder / "empty.sqlite3"))
        event(check_merge(catalog, scratch, lying, folder / "other.xlsx"))
        leftovers = set(os.listdir(scratch)) - {"杨家坪街道.xlsx", "merged.xlsx", "target.sqlite3"}
        assert not {name for name in leftovers if not name.endswith(("-wal", "-shm"))}, leftovers


def test_importing_into_a_damaged_database_is_refused_and_changes_nothing(base, tmp_path):
    catalog, folder = base
    damaged = tmp_path / "citycheck.sqlite3"
    shutil.copy(folder / "source.sqlite3", damaged)
    damage_middle(damaged, 4096)
    assert refused_import(damaged, [folder / "other.xlsx"], catalog).code == "store-015"


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    """An export whose records hold typed text of every awkward kind, and its database."""
    catalog = load_catalog()
    folder = tmp_path_factory.mktemp("typed")
    db = open_database(folder / "typed.sqlite3")
    store = RecordStore(db, catalog)
    for number, text in enumerate(TYPED_TEXTS):
        store.create("housing_safety", inspector=text, place={"district": text, "address": f"{text}路"},
                     answers={"building_name": text, "notes": f"{text}备注{text}", "inspector": text})
    export_workbook(db, folder / "typed.xlsx", catalog=catalog, include_sensitive=True)
    db.close()
    return catalog, folder


def test_an_untouched_export_of_typed_text_imports_as_an_exact_no_op_and_merges_unchanged(typed, tmp_path):
    catalog, folder = typed
    shutil.copy(folder / "typed.sqlite3", tmp_path / "typed.sqlite3")
    before = fingerprint(tmp_path / "typed.sqlite3")
    db = open_database(tmp_path / "typed.sqlite3")
    try:
        result = import_file(db, folder / "typed.xlsx", catalog=catalog)
    finally:
        db.close()
    assert (result.unchanged, result.updated, result.conflicts) == (len(TYPED_TEXTS), 0, 0)
    assert fingerprint(tmp_path / "typed.sqlite3") == before
    load_workbook(folder / "typed.xlsx")             # valid XML: openpyxl reads it
    merged = merge_workbooks([folder / "typed.xlsx"], tmp_path / "merged.xlsx", catalog=catalog)
    load_workbook(merged.out)
    by_id = [{v.id: v for v in read_export(path, catalog).versions} for path in (merged.out, folder / "typed.xlsx")]
    assert by_id[0] == by_id[1]
