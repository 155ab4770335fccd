"""Two inspectors editing the same record: a conflict kept for review, never a silent drop (issue 13, item 7)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.records import RecordStore
from forms.store.conflicts import KEEP_INCOMING, open_conflicts, resolve_conflict
from reports.excel.export import export_workbook, export_versions
from reports.excel.importer import import_file
from reports.excel.merge.workbooks import merge_workbooks
from reports.excel.read.workbook_reader import read_export


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


class Device:
    """One inspector's laptop: its own store and device id."""

    def __init__(self, folder, name, catalog) -> None:
        self.folder, self.catalog = folder, catalog
        self.db = open_database(folder / f"{name}.sqlite3")
        self.store = RecordStore(self.db, catalog)

    def export(self, name):
        return export_workbook(self.db, self.folder / name, catalog=self.catalog, include_sensitive=True).path

    def take(self, path):
        return import_file(self.db, path, catalog=self.catalog)

    def edit(self, record_id, times, **answers):
        for number in range(times):
            current = self.store.get(record_id).answers
            self.store.save_answers(record_id, {**current, **answers, "notes": f"第{number}次"}, who="x")


@pytest.fixture()
def devices(tmp_path, catalog):
    office, first, second = (Device(tmp_path, name, catalog) for name in ("office", "first", "second"))
    record = office.store.create("housing_safety", inspector="王", place={"district": "渝中区"},
                                 answers={"building_name": "1号楼"})
    start = office.export("start.xlsx")
    first.take(start)
    second.take(start)
    first.edit(record.id, 3, building_name="1号楼（甲改）")      # more saves
    second.edit(record.id, 1, building_name="1号楼（乙改）")     # fewer saves, a real correction
    yield record.id, office, first, second, start
    for device in (office, first, second):
        device.db.close()


def test_saves_count_per_device(devices):
    record_id, _office, first, second, _start = devices
    assert first.store.get(record_id).revision == 4 and second.store.get(record_id).revision == 2
    assert set(stored_vector(first, record_id).values()) == {1, 3}


def stored_vector(device, record_id):
    return read_export(device.export("v.xlsx"), device.catalog).versions[0].vector


def test_parallel_edits_conflict_on_import_both_ways(devices):
    record_id, _office, first, second, _start = devices
    into_second = second.take(first.export("first.xlsx"))
    into_first = first.take(second.export("second.xlsx"))
    assert (into_second.conflicts, into_second.updated, into_second.older) == (1, 0, 0)
    assert (into_first.conflicts, into_first.updated, into_first.older) == (1, 0, 0)
    assert second.store.get(record_id).answers["building_name"] == "1号楼（乙改）"     # nothing dropped
    waiting = open_conflicts(second.db)
    assert [c.incoming.answers["building_name"] for c in waiting] == ["1号楼（甲改）"]


def test_an_edit_that_descends_from_the_stored_version_replaces_it(devices):
    record_id, office, first, _second, _start = devices
    result = office.take(first.export("first.xlsx"))
    assert (result.updated, result.conflicts) == (1, 0)
    assert office.take(office.export("again.xlsx")).unchanged == 1


def test_resolving_a_conflict_gives_a_version_that_replaces_both_elsewhere(devices):
    record_id, _office, first, second, _start = devices
    second.take(first.export("first.xlsx"))
    resolve_conflict(second.db, open_conflicts(second.db)[0].id, keep=KEEP_INCOMING, who="组长")
    result = first.take(second.export("resolved.xlsx"))
    assert (result.updated, result.conflicts) == (1, 0)


def test_merge_lists_parallel_edits_as_a_conflict_and_keeps_both(devices, tmp_path):
    record_id, _office, first, second, _start = devices
    paths = [first.export("first.xlsx"), second.export("second.xlsx")]
    result = merge_workbooks(paths, tmp_path / "merged.xlsx", catalog=first.catalog)
    assert (result.conflicts, result.superseded) == (1, 0)
    merged = read_export(result.out, first.catalog)
    names = {v.answers["building_name"] for v in (*merged.versions, *merged.losers)}
    assert names == {"1号楼（甲改）", "1号楼（乙改）"}
    swapped = merge_workbooks(paths[::-1], tmp_path / "swapped.xlsx", catalog=first.catalog)
    assert read_export(swapped.out, first.catalog).versions == merged.versions
    fresh = Device(tmp_path, "fresh", first.catalog)
    try:
        imported = fresh.take(result.out)
        assert (imported.inserted, imported.conflicts) == (1, 1)
    finally:
        fresh.db.close()


def test_old_exports_without_vectors_conflict_unless_one_device_made_every_revision(catalog, tmp_path):
    db = open_database(tmp_path / "x.sqlite3")
    try:
        record = RecordStore(db, catalog).create("housing_safety", inspector="王", answers={"building_name": "楼"})
        version = read_export(export_workbook(db, tmp_path / "a.xlsx", catalog=catalog,
                                              include_sensitive=True).path, catalog).versions[0]
    finally:
        db.close()
    assert not version.vector
    later = replace(version, revision=3, answers={**version.answers, "building_name": "楼（改）"})
    elsewhere = replace(later, device_id="another-device", revision=5)
    export_versions(tmp_path / "same.xlsx", [later], catalog=catalog)
    export_versions(tmp_path / "other.xlsx", [elsewhere], catalog=catalog)
    db = open_database(tmp_path / "x.sqlite3")
    try:
        assert import_file(db, tmp_path / "same.xlsx", catalog=catalog).updated == 1
        result = import_file(db, tmp_path / "other.xlsx", catalog=catalog)
        assert (result.conflicts, result.updated) == (1, 0)
        assert RecordStore(db, catalog).get(record.id).answers["building_name"] == "楼（改）"
    finally:
        db.close()
