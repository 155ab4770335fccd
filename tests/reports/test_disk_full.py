"""A full disk at the output or in the temporary folder ends in a coded message, nothing half-written.

The full disks are small tmpfs mounts (needs root, as in CI's container; skipped elsewhere).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database
from reports.excel.errors import ExcelError
from reports.excel.export import export_workbook
from reports.excel.merge.workbooks import merge_workbooks

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from small_disk import small_disk  # noqa: E402

LEFT_FREE = 96 * 1024       # room for a few small files, not for a workbook


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    catalog = load_catalog()
    folder = tmp_path_factory.mktemp("disk")
    db = open_database(folder / "citycheck.sqlite3")
    generate(db, 300, 8, catalog)
    export_workbook(db, folder / "a.xlsx", catalog=catalog)
    db.close()
    other = open_database(folder / "other.sqlite3")
    generate(other, 60, 9, catalog)
    export_workbook(other, folder / "b.xlsx", catalog=catalog)
    other.close()
    return catalog, folder


@pytest.fixture
def full_disk(tmp_path):
    """A folder on a 2 MB disk with all but LEFT_FREE bytes taken by a filler file."""
    with small_disk(tmp_path / "disk", free=LEFT_FREE) as disk:
        yield disk


def citycheck(*args: str, tmpdir: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return subprocess.run([sys.executable, "-m", "desktop", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def assert_coded(run: subprocess.CompletedProcess, code: str) -> None:
    assert run.returncode == 2, run.stderr
    assert f"[{code}]" in run.stderr
    assert "Traceback" not in run.stderr


def test_export_to_a_full_disk_is_export_001_and_leaves_nothing(sources, full_disk):
    _catalog, folder = sources
    run = citycheck("--db", str(folder / "citycheck.sqlite3"), "export", "--out", str(full_disk / "导出.xlsx"))
    assert_coded(run, "export-001")
    assert str(full_disk / "导出.xlsx") in run.stderr
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


def test_export_with_a_full_temporary_folder_is_export_005_naming_it(sources, full_disk, tmp_path):
    _catalog, folder = sources
    out = tmp_path / "导出.xlsx"
    run = citycheck("--db", str(folder / "citycheck.sqlite3"), "export", "--out", str(out), tmpdir=full_disk)
    assert_coded(run, "export-005")
    assert str(full_disk) in run.stderr and "TMPDIR" in run.stderr
    assert not out.exists()
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]
    assert [p.name for p in tmp_path.iterdir() if p.name != "disk"] == []


def test_merge_to_a_full_disk_is_merge_003_and_leaves_nothing(sources, full_disk):
    catalog, folder = sources
    with pytest.raises(ExcelError) as refused:
        merge_workbooks([folder / "a.xlsx", folder / "b.xlsx"], full_disk / "合并.xlsx", catalog=catalog)
    assert refused.value.code == "merge-003"
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


def test_merge_with_a_full_temporary_folder_is_merge_005_naming_it(sources, full_disk, tmp_path, monkeypatch):
    catalog, folder = sources
    monkeypatch.setattr(tempfile, "tempdir", str(full_disk))
    out = tmp_path / "合并.xlsx"
    with pytest.raises(ExcelError) as refused:
        merge_workbooks([folder / "a.xlsx", folder / "b.xlsx"], out, catalog=catalog, row_budget=0)
    assert refused.value.code == "merge-005"
    assert str(full_disk) in refused.value.message
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "disk"] == []
