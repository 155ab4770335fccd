"""Imports wait for another program's write lock instead of failing at once (issue 13, item 14)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database
from reports.excel.export import export_workbook
from reports.excel.importer import import_files

ROOT = Path(__file__).resolve().parents[2]
HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE meta SET value = value")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """Two exports of distinct records, big enough that two imports of them overlap, and an empty store."""
    catalog = load_catalog()
    folder = tmp_path_factory.mktemp("busy")
    files = []
    for seed in (5, 6):
        db = open_database(folder / f"source-{seed}.sqlite3")
        generate(db, 150, seed, catalog)
        files.append(export_workbook(db, folder / f"export-{seed}.xlsx", catalog=catalog).path)
        db.close()
    open_database(folder / "empty.sqlite3").close()
    return catalog, folder, files


def fresh_store(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "citycheck.sqlite3"
    target.write_bytes((folder / "empty.sqlite3").read_bytes())
    return target


def record_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM record").fetchone()[0]


def hold_write_lock(db_path: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db_path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def citycheck(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "desktop", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def import_while_locked(db_path: Path, seconds: float, files, catalog):
    """Run import_files while another process holds the write lock for `seconds`; return (result, elapsed)."""
    db = open_database(db_path)
    holder = hold_write_lock(db_path, seconds)
    started = time.monotonic()
    try:
        return import_files(db, files, catalog=catalog), time.monotonic() - started
    finally:
        holder.wait(30)
        db.close()


def test_an_import_waits_for_a_write_lock_held_for_three_seconds(exports, tmp_path):
    catalog, folder, files = exports
    result, elapsed = import_while_locked(fresh_store(folder, tmp_path), 3, [files[0]], catalog)
    assert result.ok and result.imported[0].inserted == 150
    assert elapsed >= 2


@pytest.mark.slow
def test_two_imports_at_once_both_land(exports, tmp_path):
    _catalog, folder, files = exports
    db_path = fresh_store(folder, tmp_path)
    runs = [citycheck("--db", str(db_path), "import", str(path)) for path in files]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, err
        assert "新增 150" in out
    assert record_count(db_path) == 300


def test_a_lock_held_past_the_busy_timeout_is_refused_with_store_014(exports, tmp_path):
    catalog, folder, files = exports
    db_path = fresh_store(folder, tmp_path)
    result, _elapsed = import_while_locked(db_path, 8, [files[0]], catalog)
    [(path, error)] = result.refused
    assert (path, error.code) == (files[0], "store-014")
    assert "另一程序占用" in error.message and "重试" in error.message
    assert record_count(db_path) == 0
