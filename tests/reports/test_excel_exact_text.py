"""An untouched export imports as an exact no-op, whatever text the answers hold (issue 13, items 10–11)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.records import RecordStore
from reports.excel.export import export_workbook
from reports.excel.importer import import_file
from reports.excel.merge.workbooks import merge_workbooks
from reports.excel.read.workbook_reader import read_export

TYPED = ["\t", "\r\n", " x ", "   ", "\x01", "x\r", "\nx", "'", "=1", "_x0041_", "_x005F_", "a_xFFFE_b",
         "\ufffe", "\uffff", "\x00", "中文 ", "\x1f\x0b", "_x0000_FFFE", "\x00FFFE"]
TEXTS = st.one_of(st.sampled_from(TYPED),
                  st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
                  st.lists(st.sampled_from(TYPED), min_size=1, max_size=4).map("".join))
PLACE = ("district", "street", "community", "estate", "building_code", "address")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def stored_record(db, catalog, texts: list[str]):
    store = RecordStore(db, catalog)
    place = {"district": "渝中区", "street": "大坪街道", "community": "社区", "estate": "小区",
             "building_code": "B-1", "address": "某路1号"}
    answers = {"building_name": texts[0], "notes": texts[1], "inspector": texts[2], "district": texts[3]}
    return store.create("housing_safety", inspector="王五 ", place=place, answers=answers)


def round_trip(catalog, texts: list[str], through_openpyxl: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        db = open_database(scratch / "x.sqlite3")
        try:
            before = stored_record(db, catalog, texts)
            out = export_workbook(db, scratch / "out.xlsx", catalog=catalog, include_sensitive=True).path
            if through_openpyxl:            # the workbook is valid XML: openpyxl loads it
                assert load_workbook(out)["房屋安全"].max_row == 2
            read = read_export(out, catalog).versions[0]
            assert dict(read.answers) == {k: v for k, v in before.answers.items() if v not in ("", None)}
            assert (read.inspector, read.district, read.address) == (before.inspector, before.district, before.address)
            result = import_file(db, out, catalog=catalog)
            assert (result.unchanged, result.conflicts, result.updated) == (1, 0, 0)
            after = RecordStore(db, catalog).get(before.id)
            assert after.answers == before.answers and after.revision == before.revision
        finally:
            db.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXTS, min_size=4, max_size=4))
def test_an_untouched_export_imports_as_an_exact_no_op(catalog, texts):
    round_trip(catalog, texts, through_openpyxl=False)


@pytest.mark.parametrize("text", ["\ufffe", "\uffff", "a\x01b", "_xFFFE_", "\x00"])
def test_xml_forbidden_characters_survive_export_openpyxl_and_import(catalog, text):
    round_trip(catalog, [text, f"备注{text}", "张三", " 渝中区"], through_openpyxl=True)


def test_merge_of_forbidden_characters_writes_a_readable_workbook(catalog, tmp_path):
    db = open_database(tmp_path / "x.sqlite3")
    try:
        record = stored_record(db, catalog, ["\ufffe楼", "a\x01", "\t", "  "])
        first = export_workbook(db, tmp_path / "a.xlsx", catalog=catalog, include_sensitive=True).path
    finally:
        db.close()
    merged = merge_workbooks([first], tmp_path / "m.xlsx", catalog=catalog).out
    load_workbook(merged)
    assert read_export(merged, catalog).versions[0].answers["building_name"] == record.answers["building_name"]
