"""Round trip: demo records → export → import into an empty database → export again."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import exc
from test_excel_support import data_grids, demo_database, sheet_grid

from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.photos import has_photo
from forms.store.records import RecordStore
from reports.excel.export import ExportSelection, export_workbook
from forms.store.incoming import IncomingVersions
from reports.excel.errors import ExcelError
from reports.excel.importer import import_file
from reports.excel.format.layout import INDICATORS_SHEET, README_SHEET

ROUND_TRIP_RECORDS = 2000


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, catalog):
    with demo_database(tmp_path_factory.mktemp("demo"), ROUND_TRIP_RECORDS, 7, catalog) as db:
        yield db


def checksums(path):
    return {row[0]: row[1] for row in sheet_grid(path, README_SHEET) if str(row[0]).startswith(("校验值", "记录数"))}


def test_export_import_export_gives_identical_values(demo_db, catalog, tmp_path):
    first = export_workbook(demo_db, tmp_path / "first.xlsx", catalog=catalog, include_sensitive=True)
    assert first.total == ROUND_TRIP_RECORDS
    copy = open_database(tmp_path / "copy.sqlite3")
    try:
        imported = import_file(copy, first.path, catalog=catalog)
        assert imported.inserted == ROUND_TRIP_RECORDS and imported.conflicts == 0
        second = export_workbook(copy, tmp_path / "second.xlsx", catalog=catalog, include_sensitive=True)
    finally:
        copy.close()
    first_grids, second_grids = data_grids(first.path), data_grids(second.path)
    assert INDICATORS_SHEET in first_grids
    assert first_grids.keys() == second_grids.keys()
    for name, grid in first_grids.items():
        assert grid == second_grids[name], name
    assert checksums(first.path) == checksums(second.path)


def test_reimporting_the_same_export_changes_nothing(demo_db, catalog, tmp_path):
    path = export_workbook(demo_db, tmp_path / "again.xlsx", catalog=catalog, include_sensitive=True,
                           selection=ExportSelection(status="final")).path
    result = import_file(demo_db, path, catalog=catalog)
    assert result.inserted == result.updated == result.conflicts == 0
    assert result.unchanged > 0


def test_export_without_personal_data_masks_it_and_import_keeps_the_stored_values(demo_db, catalog, tmp_path):
    path = export_workbook(demo_db, tmp_path / "masked.xlsx", catalog=catalog).path
    readme = {row[0]: row[1] for row in sheet_grid(path, README_SHEET)}
    assert readme["包含个人信息"].startswith("否")
    owners = [row for row in sheet_grid(path, "房屋安全")[1:] if row[0]]
    header = sheet_grid(path, "房屋安全")[0]
    names = {row[header.index("产权人姓名")] for row in owners} - {""}
    assert names and all("＊" in name for name in names)
    result = import_file(demo_db, path, catalog=catalog)
    assert result.conflicts == 0 and result.updated == 0
    store = RecordStore(demo_db, catalog)
    record = store.get(owners[0][0])
    assert "＊" not in str(record.answers.get("owner_name", ""))


def test_status_and_form_filters_select_records(demo_db, catalog, tmp_path):
    result = export_workbook(demo_db, tmp_path / "drafts.xlsx", catalog=catalog,
                             selection=ExportSelection(form_id="房屋安全", status="draft"))
    grid = sheet_grid(result.path, "房屋安全")
    assert result.records == {"housing_safety": len(grid) - 1}
    assert {row[4] for row in grid[1:]} == {"草稿"}


def test_with_photos_writes_a_zip_whose_photos_import_into_a_new_store(demo_db, catalog, tmp_path):
    result = export_workbook(demo_db, tmp_path / "withphotos.xlsx", catalog=catalog, with_photos=True,
                             selection=ExportSelection(form_id="historic_buildings"))
    assert result.path.suffix == ".zip" and result.photos > 0
    with zipfile.ZipFile(result.path) as archive:
        names = archive.namelist()
    assert "withphotos.xlsx" in names
    photo_names = [n for n in names if n.startswith("photos/")]
    assert len(photo_names) == result.photos
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        imported = import_file(fresh, result.path, catalog=catalog)
        assert imported.photos_added == result.photos
        assert has_photo(fresh, photo_names[0].split("/")[1].split(".")[0])
    finally:
        fresh.close()


def test_a_file_refused_while_its_records_are_written_leaves_no_photos_behind(demo_db, catalog, tmp_path,
                                                                              monkeypatch):
    """Photos and records go in one transaction: all of a file, or none of it."""
    result = export_workbook(demo_db, tmp_path / "withphotos.xlsx", catalog=catalog, with_photos=True,
                             selection=ExportSelection(form_id="historic_buildings"))
    assert result.photos > 0

    def broken(*_args):
        raise exc.OperationalError("INSERT INTO record", {}, Exception("disk I/O error"))

    monkeypatch.setattr(IncomingVersions, "apply", broken)
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        with pytest.raises(ExcelError) as refused:
            import_file(fresh, result.path, catalog=catalog)
        assert refused.value.code == "import-019"
        with fresh.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM photo").scalar_one() == 0
            assert connection.exec_driver_sql("SELECT count(*) FROM record").scalar_one() == 0
    finally:
        fresh.close()


def test_a_gps_fix_and_a_typed_point_come_back_from_an_export_and_a_merge(catalog, tmp_path):
    """The accuracy of a GPS fix travels with the point; a point typed by hand stays without one."""
    from reports.excel.merge.workbooks import merge_workbooks

    points = [{"lat": 29.5630512, "lon": 106.5516131, "crs": "WGS-84", "accuracy_m": 4.7},
              {"lat": 29.55, "lon": 106.57, "crs": "GCJ-02"}]
    source = open_database(tmp_path / "source.sqlite3")
    copy = open_database(tmp_path / "copy.sqlite3")
    try:
        store = RecordStore(source, catalog)
        ids = [store.create("housing_safety", inspector="王测试", answers={"location": point}).id for point in points]
        path = export_workbook(source, tmp_path / "gps.xlsx", catalog=catalog).path
        cells = [cell for row in sheet_grid(path, "房屋安全")[1:] for cell in row]
        assert "29.5630512, 106.5516131 (WGS-84) ±4.7 m" in cells and "29.55, 106.57 (GCJ-02)" in cells
        merged = merge_workbooks([path, path], tmp_path / "merged.xlsx", catalog=catalog)
        assert merged.records_out == 2 and merged.duplicates == 2
        import_file(copy, merged.out, catalog=catalog)
        copied = RecordStore(copy, catalog)
        assert [copied.get(record_id).answers["location"] for record_id in ids] == points
    finally:
        source.close()
        copy.close()
