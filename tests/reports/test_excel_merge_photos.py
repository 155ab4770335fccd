"""Merging .zip exports carries their photos; a .zip missing photos says which (issue 13, item 9)."""

from __future__ import annotations

import zipfile

from test_excel_support import demo_database

from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.photos import has_photo
from reports.excel.export import ExportSelection, export_workbook
from reports.excel.importer import import_file
from reports.excel.merge.workbooks import merge_workbooks


def photo_members(path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return {name for name in archive.namelist() if name.startswith("photos/")}


def zipped_exports(tmp_path, catalog):
    paths = []
    for seed, form_id in ((1, "historic_buildings"), (2, "housing_safety")):
        with demo_database(tmp_path / str(seed), 12, seed, catalog) as db:
            paths.append(export_workbook(db, tmp_path / f"{seed}.zip", catalog=catalog, with_photos=True,
                                         include_sensitive=True, selection=ExportSelection(form_id=form_id)).path)
    return paths


def test_merging_zip_exports_writes_a_zip_with_every_photo(tmp_path):
    catalog = load_catalog()
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    first, second = zipped_exports(tmp_path, catalog)
    result = merge_workbooks([first, second], tmp_path / "合并.xlsx", catalog=catalog)
    assert result.out == tmp_path / "合并.zip" and zipfile.is_zipfile(result.out)
    expected = photo_members(first) | photo_members(second)
    assert expected and photo_members(result.out) == expected
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        imported = import_file(fresh, result.out, catalog=catalog)
        assert imported.photos_added == len(expected)
        assert all(has_photo(fresh, name.split("/")[1].split(".")[0]) for name in expected)
        assert not [w for w in imported.warnings if "import-033" in w]
    finally:
        fresh.close()


def test_importing_a_zip_without_its_photos_names_each_missing_photo(tmp_path):
    catalog = load_catalog()
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    first, _second = zipped_exports(tmp_path, catalog)
    dropped = sorted(photo_members(first))[0]
    stripped = tmp_path / "少照片.zip"
    with zipfile.ZipFile(first) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            if item.filename != dropped:
                target.writestr(item, source.read(item.filename))
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        imported = import_file(fresh, stripped, catalog=catalog)
    finally:
        fresh.close()
    sha = dropped.split("/")[1].split(".")[0]
    warning = next(w for w in imported.warnings if w.startswith("[import-033] 少照片.zip"))
    assert sha in warning and "记录 " in warning and "照片" in warning
