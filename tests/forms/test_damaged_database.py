"""A database damaged in the middle of the file: no backup of it, no import, export or report from it.

Each refusal is coded (store-015 / backup-008) and tells the person to restore a backup.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from forms.demo import generate
from forms.loader import load_catalog
from forms.store.backup import BackupError, list_backups, make_backup
from forms.store.database import open_database
from forms.store.errors import StoreError
from forms.store.faults import refuse_damaged, store_fault
from reports.excel.export import export_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from damaged_store import damage_middle, refused_import  # noqa: E402


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    catalog = load_catalog()
    folder = tmp_path_factory.mktemp("damaged")
    db = open_database(folder / "citycheck.sqlite3")
    generate(db, 200, 3, catalog)
    export_workbook(db, folder / "导出.xlsx", catalog=catalog)
    db.close()
    return catalog, folder


@pytest.fixture
def damaged(healthy, tmp_path):
    """A copy of the store with 8 KB in the middle of the file overwritten."""
    catalog, folder = healthy
    path = tmp_path / "citycheck.sqlite3"
    shutil.copy(folder / "citycheck.sqlite3", path)
    damage_middle(path)
    return catalog, folder, path


def assert_tells_to_restore(error) -> None:
    assert "citycheck restore" in error.message
    assert "损坏" in error.message


def test_a_damaged_database_is_not_backed_up(damaged):
    _catalog, _folder, path = damaged
    with pytest.raises(BackupError) as refused:
        make_backup(path, "manual")
    assert refused.value.code == "backup-008"
    assert_tells_to_restore(refused.value)
    assert list_backups(path) == []


def test_importing_into_a_damaged_database_is_refused_before_any_change(damaged):
    catalog, folder, path = damaged
    refused = refused_import(path, [folder / "导出.xlsx"], catalog)
    assert refused.code == "store-015"
    assert refused.where == "citycheck.sqlite3"
    assert_tells_to_restore(refused)
    assert list_backups(path) == []


def test_exporting_a_damaged_database_is_refused(damaged, tmp_path):
    catalog, _folder, path = damaged
    db = open_database(path)
    try:
        with pytest.raises(StoreError) as refused:
            export_workbook(db, tmp_path / "out.xlsx", catalog=catalog)
    finally:
        db.close()
    assert refused.value.code == "store-015"
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("command", [
    ["report", "district", "--out", "{tmp}/汇总.pdf"],
    ["report", "building", "--code", "X-1", "--out", "{tmp}/楼栋.pdf"],
    ["export", "--out", "{tmp}/导出.xlsx"],
    ["backup"],
])
def test_the_commands_on_a_damaged_database_end_in_a_coded_message(damaged, tmp_path, capsys, command):
    _catalog, _folder, path = damaged
    argv = ["--db", str(path), *(part.format(tmp=tmp_path) for part in command)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "[store-015]" in err or "[backup-008]" in err
    assert "citycheck restore" in err
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.xlsx"))


def test_a_page_refused_by_sqlite_is_store_015(damaged):
    _catalog, _folder, path = damaged
    with sqlite3.connect(path) as connection, pytest.raises(sqlite3.DatabaseError) as raised:
        connection.execute("SELECT count(*) FROM record WHERE answers LIKE '%x%'").fetchall()
    coded = store_fault(raised.value, path)
    assert coded is not None and coded.code == "store-015"
    with pytest.raises(StoreError):
        refuse_damaged(path)


def test_a_healthy_database_passes_the_quick_check(healthy):
    _catalog, folder = healthy
    refuse_damaged(folder / "citycheck.sqlite3")
