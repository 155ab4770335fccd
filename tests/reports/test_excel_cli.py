"""`citycheck export`, `import` and `merge` as an office runs them; cancelling leaves no file."""

from __future__ import annotations

import pytest
from test_excel_support import tiny_catalog, tiny_version

from desktop.cli import main
from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database
from reports.excel.export import export_versions, export_workbook
from reports.excel.merge.workbooks import merge_workbooks
from reports.progress import Cancelled, NullProgress


class CancelAtOnce(NullProgress):
    def cancelled(self) -> bool:
        return True


@pytest.fixture
def demo_path(tmp_path):
    path = tmp_path / "inspector.sqlite3"
    db = open_database(path)
    generate(db, 30, 11, load_catalog())
    db.close()
    return path


def test_export_import_and_merge_commands(demo_path, tmp_path, capsys):
    out = tmp_path / "杨家坪街道.xlsx"
    assert main(["export", "--db", str(demo_path), "--out", str(out), "--status", "all"]) == 0
    captured = capsys.readouterr()
    assert "已导出 30 条记录" in captured.out and "正在导出记录" in captured.err
    office = tmp_path / "office.sqlite3"
    assert main(["import", "--db", str(office), str(out)]) == 0
    assert "新增 30" in capsys.readouterr().out
    merged = tmp_path / "区.xlsx"
    assert main(["merge", str(out), str(out), "--out", str(merged)]) == 0
    assert "输入记录 60，输出记录 30，重复 30" in capsys.readouterr().out
    assert merged.exists()


def test_export_with_photos_and_a_form_filter(demo_path, tmp_path, capsys):
    out = tmp_path / "管线.xlsx"
    assert main(["export", "--db", str(demo_path), "--out", str(out), "--form", "老旧管线", "--with-photos"]) == 0
    assert (tmp_path / "管线.zip").exists() and not out.exists()
    assert "照片" in capsys.readouterr().out


def test_unknown_form_is_a_coded_error(demo_path, tmp_path, capsys):
    assert main(["export", "--db", str(demo_path), "--out", str(tmp_path / "x.xlsx"), "--form", "桥梁"]) == 2
    assert "[export-002]" in capsys.readouterr().err


def test_import_of_a_foreign_file_exits_2_with_the_code(tmp_path, capsys):
    foreign = tmp_path / "台账.xlsx"
    foreign.write_bytes(b"PK\x03\x04 broken")
    assert main(["import", "--db", str(tmp_path / "db.sqlite3"), str(foreign)]) == 2
    captured = capsys.readouterr()
    assert "[import-002] 台账.xlsx" in captured.err and "已拒绝" in captured.out


def test_merge_with_a_bad_file_writes_nothing_unless_skip_bad(demo_path, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    main(["export", "--db", str(demo_path), "--out", str(good)])
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[:500])
    merged = tmp_path / "merged.xlsx"
    capsys.readouterr()
    assert main(["merge", str(good), str(bad), "--out", str(merged)]) == 2
    assert "[merge-004]" in capsys.readouterr().err and not merged.exists()
    assert main(["merge", str(good), str(bad), "--out", str(merged), "--skip-bad"]) == 0
    captured = capsys.readouterr()
    assert "跳过被拒绝的文件 1 个：bad.xlsx" in captured.out and "[import-002]" in captured.err
    assert merged.exists()


def test_cancelled_export_writes_no_file(demo_path, tmp_path):
    db = open_database(demo_path)
    try:
        export_workbook(db, tmp_path / "warm.xlsx", catalog=load_catalog())
        with pytest.raises(Cancelled):
            export_workbook(db, tmp_path / "cancelled.xlsx", catalog=load_catalog(), progress=CancelAtOnce())
        with pytest.raises(Cancelled):
            export_workbook(db, tmp_path / "cancelled.xlsx", catalog=load_catalog(), progress=CancelAtOnce(),
                            with_photos=True)
    finally:
        db.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "cancelled" in p.name) == []


def test_cancelled_merge_writes_no_file(tmp_path):
    catalog = tiny_catalog()
    path = export_versions(tmp_path / "a.xlsx", [tiny_version(1)], catalog=catalog)
    with pytest.raises(Cancelled):
        merge_workbooks([path], tmp_path / "merged.xlsx", catalog=catalog, progress=CancelAtOnce())
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]
