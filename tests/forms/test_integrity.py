"""The start-up integrity check on deliberately damaged files, and the message it gives."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from forms.store.backup import make_backup, restore_backup
from forms.store.database import open_database
from forms.store.integrity import check_integrity
from forms.store.records import RecordStore
from forms.store.startup_check import check_at_start, failure_message


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A closed store holding enough records that the record table spans many pages."""
    from forms.loader import load_catalog

    path = tmp_path_factory.mktemp("template") / "citycheck.sqlite3"
    db = open_database(path)
    store = RecordStore(db, load_catalog())
    for number in range(60):
        store.create("old_pipelines", inspector="李四", place={"building_code": f"G-{number:03d}",
                                                             "address": "长街 " * 40})
    db.close()
    return path


@pytest.fixture
def db_path(tmp_path, template) -> Path:
    path = tmp_path / "citycheck.sqlite3"
    shutil.copy(template, path)
    return path


def garble_page(path: Path, table: str = "record") -> None:
    """Overwrite the root page of `table` with a repeating byte pattern."""
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(range(256)) * (page_size // 256))


def garble_index_cells(path: Path) -> None:
    """Flip bytes inside an index page, so the file opens but its index disagrees with the table."""
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_record_building_code'").fetchone()[0]
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + page_size - 600)
        handle.write(b"\x5a" * 500)


def test_a_healthy_database_passes(db_path):
    report = check_integrity(db_path)
    assert report.ok and report.exists and report.problems == ()


def test_a_missing_database_passes_because_it_will_be_created(tmp_path):
    report = check_integrity(tmp_path / "new.sqlite3")
    assert report.ok and not report.exists
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_damaged_table_page_fails_the_check(db_path):
    garble_page(db_path)
    report = check_integrity(db_path)
    assert not report.ok and report.problems


def test_damaged_index_cells_are_reported_by_integrity_check(db_path):
    garble_index_cells(db_path)
    report = check_integrity(db_path)
    assert not report.ok
    assert any("index" in problem.lower() or "malformed" in problem.lower() for problem in report.problems)


def test_a_file_that_is_not_a_database_fails_the_check(tmp_path):
    path = tmp_path / "citycheck.sqlite3"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 300)
    report = check_integrity(path)
    assert not report.ok and "not a database" in report.summary


def test_failure_message_is_plain_chinese_and_offers_the_newest_good_backup(db_path):
    start = datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc)
    good = make_backup(db_path, "start", now=start)
    damaged = make_backup(db_path, "manual", now=start + timedelta(hours=3))
    garble_page(damaged.path)
    garble_page(db_path)
    check = check_at_start(db_path)
    assert not check.ok and check.newest_good.path == good.path
    message = check.message()
    assert "已损坏" in message and "完整性检查" in message
    assert "最近一次完好的备份" in message and "60 条记录" in message and "启动时自动备份" in message


def test_failure_message_without_a_backup_says_what_to_do(tmp_path):
    path = tmp_path / "citycheck.sqlite3"
    path.write_bytes(b"\x01" * 4096)
    check = check_at_start(path)
    assert check.newest_good is None
    assert "没有找到完好的备份" in check.message() and "联系技术支持" in check.message()
    assert failure_message(check.report, None) == check.message()


def test_start_check_on_a_healthy_database_looks_no_further(db_path):
    check = check_at_start(db_path)
    assert check.ok and check.newest_good is None


def test_the_offered_backup_restores_a_damaged_database(db_path):
    make_backup(db_path, "start")
    garble_page(db_path)
    check = check_at_start(db_path)
    assert not check.ok
    result = restore_backup(db_path, check.newest_good.path)
    assert result.integrity.ok and check_integrity(db_path).ok
    db = open_database(db_path)
    try:
        assert RecordStore(db, {}).count() == 60
    finally:
        db.close()
    assert not check_integrity(result.safety_backup.path).ok
