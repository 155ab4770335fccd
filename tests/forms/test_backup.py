"""Backups: online copies, once-a-day start backups, rotation, listing and restore."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from forms.demo import generate
from forms.loader import load_catalog
from forms.store.backup import (
    BackupError,
    backup_at_start,
    backup_before,
    backup_keep,
    backup_now,
    backups_dir,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
    rotate_backups,
    set_backup_keep,
)
from forms.store.database import open_database
from forms.store.integrity import check_integrity
from forms.store.records import RecordStore

DEMO_RECORDS = 20


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def template(tmp_path_factory, catalog) -> Path:
    """A closed database with demo records, copied by each test."""
    path = tmp_path_factory.mktemp("template") / "citycheck.sqlite3"
    db = open_database(path)
    generate(db, DEMO_RECORDS, 5, catalog)
    db.close()
    return path


@pytest.fixture
def db(tmp_path, template):
    path = tmp_path / "citycheck.sqlite3"
    shutil.copy(template, path)
    database = open_database(path)
    yield database
    database.close()


def record_ids(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM record")}


def add_record(db, catalog, building="B-1") -> str:
    store = RecordStore(db, catalog)
    return store.create("housing_safety", inspector="张三", place={"building_code": building}).id


def damage(path: Path) -> None:
    """Overwrite the root page of the record table with garbage."""
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'record'").fetchone()[0]
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(range(256)) * (page_size // 256))


def test_backup_copies_every_record_into_a_single_self_contained_file(db):
    info = backup_now(db)
    assert info.path.parent == backups_dir(db.path) == db.path.parent / "backups"
    assert info.reason == "manual" and info.reason_label == "手动备份"
    assert info.records == DEMO_RECORDS and info.final + info.draft == DEMO_RECORDS
    assert record_ids(info.path) == record_ids(db.path)
    assert not Path(f"{info.path}-wal").exists()
    with closing(sqlite3.connect(info.path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert check_integrity(info.path).ok


def test_backup_sees_changes_still_in_the_write_ahead_log(db, catalog):
    new_id = add_record(db, catalog)
    assert Path(f"{db.path}-wal").exists()
    assert new_id in record_ids(backup_now(db).path)


def test_list_is_newest_first_with_counts_and_dates(db, catalog):
    first = make_backup(db.path, "import", now=datetime(2026, 5, 1, 8, 0, tzinfo=timezone.utc))
    add_record(db, catalog)
    second = make_backup(db.path, "merge", now=datetime(2026, 5, 2, 8, 0, tzinfo=timezone.utc))
    listed = list_backups(db.path)
    assert [b.path for b in listed] == [second.path, first.path]
    assert [b.records for b in listed] == [DEMO_RECORDS + 1, DEMO_RECORDS]
    assert listed[0].created_at == datetime(2026, 5, 2, 8, 0, tzinfo=timezone.utc)
    assert [b.reason_label for b in listed] == ["合并前自动备份", "导入前自动备份"]


def test_listing_ignores_other_files_and_backups_of_other_databases(db, tmp_path):
    backup_now(db)
    folder = backups_dir(db.path)
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    other = open_database(tmp_path / "other.sqlite3")
    backup_now(other)
    other.close()
    assert len(list_backups(db.path)) == 1 and len(list_backups(other.path)) == 1


def test_an_unreadable_backup_is_listed_without_counts(db):
    info = backup_now(db)
    info.path.write_bytes(b"not a database at all" * 100)
    [listed] = list_backups(db.path)
    assert not listed.readable and listed.records is None


def test_rotation_keeps_the_newest_n_by_setting(db):
    set_backup_keep(db, 3)
    assert backup_keep(db) == 3
    start = datetime(2026, 6, 1, tzinfo=timezone.utc)
    made = [make_backup(db.path, "manual", now=start + timedelta(hours=i)) for i in range(4)]
    newest = backup_now(db)
    assert [b.path for b in list_backups(db.path, counts=False)] == [newest.path, made[3].path, made[2].path]
    assert not made[0].path.exists() and not made[1].path.exists()


def test_rotation_never_deletes_a_protected_backup(db):
    start = datetime(2026, 6, 1, tzinfo=timezone.utc)
    oldest, *_ = [make_backup(db.path, "manual", now=start + timedelta(hours=i)) for i in range(3)]
    removed = rotate_backups(db.path, 1, protect=(oldest.path,))
    assert len(removed) == 1 and oldest.path.exists()


def test_keep_setting_defaults_to_ten_and_refuses_nonsense(db):
    assert backup_keep(db) == 10
    for bad in (0, -1, 1001):
        with pytest.raises(BackupError) as caught:
            set_backup_keep(db, bad)
        assert caught.value.code == "backup-006"


def test_start_backup_is_made_at_most_once_a_day(db):
    morning = datetime.now(timezone.utc).replace(hour=1, minute=0)
    with_day = backup_at_start(db, now=morning)
    assert with_day is not None and with_day.reason == "start"
    assert backup_at_start(db, now=morning) is None
    assert backup_at_start(db, now=morning + timedelta(days=1)) is not None
    assert sum(1 for b in list_backups(db.path, counts=False) if b.reason == "start") == 2


def test_backup_before_import_and_merge_names_the_reason(db):
    assert backup_before(db, "import").reason_label == "导入前自动备份"
    assert backup_before(db, "merge").reason_label == "合并前自动备份"
    with pytest.raises(BackupError) as caught:
        backup_before(db, "导入")
    assert caught.value.code == "backup-005"


def test_backup_into_an_unwritable_place_is_a_coded_error(db):
    backups_dir(db.path).write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(BackupError) as caught:
        backup_now(db)
    assert caught.value.code == "backup-001"


def test_restore_brings_back_the_backup_and_keeps_the_replaced_database(db, catalog):
    info = backup_now(db)
    before = record_ids(db.path)
    added = add_record(db, catalog)
    result = restore_backup(db.path, info.path)
    assert record_ids(db.path) == before
    assert result.integrity.ok and result.restored.path == info.path
    assert result.safety_backup is not None and result.safety_backup.reason == "restore"
    assert added in record_ids(result.safety_backup.path)
    # The open Database keeps working on the restored content.
    assert RecordStore(db, catalog).count() == DEMO_RECORDS


def test_restore_by_name_from_the_backup_folder(db, catalog):
    info = backup_now(db)
    add_record(db, catalog)
    restore_backup(db.path, info.path.name)
    assert len(record_ids(db.path)) == DEMO_RECORDS


def test_restore_keeps_the_backup_it_used_even_when_rotating(db, catalog):
    start = datetime(2026, 6, 1, tzinfo=timezone.utc)
    oldest = make_backup(db.path, "manual", now=start)
    make_backup(db.path, "manual", now=start + timedelta(hours=1))
    result = restore_backup(db.path, oldest.path, keep=1)
    assert oldest.path.exists() and result.safety_backup.path.exists()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(db, catalog):
    info = backup_now(db)
    add_record(db, catalog)
    before = record_ids(db.path)
    damage(info.path)
    with pytest.raises(BackupError) as caught:
        restore_backup(db.path, info.path)
    assert caught.value.code == "backup-003"
    assert record_ids(db.path) == before
    assert [b.reason for b in list_backups(db.path, counts=False)] == ["manual"]


def test_restore_of_a_missing_backup_is_a_coded_error(db):
    with pytest.raises(BackupError) as caught:
        restore_backup(db.path, "citycheck.20260101-000000-000.manual.sqlite3")
    assert caught.value.code == "backup-002"


def test_restore_over_an_unreadable_database_replaces_the_file(tmp_path, template):
    path = tmp_path / "citycheck.sqlite3"
    shutil.copy(template, path)
    info = make_backup(path, "manual")
    path.write_bytes(b"\x00" * 8192)
    result = restore_backup(path, info.path)
    assert result.integrity.ok and len(record_ids(path)) == DEMO_RECORDS
    assert result.safety_backup.path.read_bytes() == b"\x00" * 8192
    db = open_database(path)
    db.close()


def test_newest_good_backup_skips_damaged_ones(db):
    start = datetime(2026, 6, 1, tzinfo=timezone.utc)
    good = make_backup(db.path, "manual", now=start)
    bad = make_backup(db.path, "manual", now=start + timedelta(hours=1))
    damage(bad.path)
    assert newest_good_backup(db.path).path == good.path


def test_an_unusable_keep_setting_falls_back_to_the_default(db):
    from forms.store.settings import set_setting

    set_setting(db, "backup_keep", "很多")
    assert backup_keep(db) == 10
    assert backup_now(db).records == DEMO_RECORDS


def test_rotation_removes_copies_left_by_a_killed_backup(db):
    import os

    info = backup_now(db)
    stale = info.path.with_name("citycheck.20260101-000000-000.manual.sqlite3.partial")
    fresh = info.path.with_name("citycheck.20260101-000001-000.manual.sqlite3.partial")
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (0, 0))
    backup_now(db)
    assert not stale.exists() and fresh.exists()
