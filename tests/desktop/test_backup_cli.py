"""`citycheck backup`, `backup list`, `restore` and `--self-test` as a user runs them."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from desktop.cli import main
from forms.store.backup import list_backups


def count(path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM record").fetchone()[0]


def test_backup_list_and_restore_round_trip(tmp_path, capsys):
    db = tmp_path / "citycheck.sqlite3"
    assert main(["--db", str(db), "demo", "--count", "12", "--seed", "4"]) == 0
    assert main(["--db", str(db), "backup"]) == 0
    out = capsys.readouterr().out
    assert "已备份到" in out and "12 条记录" in out
    assert main(["--db", str(db), "demo", "--count", "5", "--seed", "9"]) == 0
    assert count(db) == 17
    capsys.readouterr()
    assert main(["--db", str(db), "backup", "list"]) == 0
    listing = capsys.readouterr().out
    assert "手动备份" in listing and "12" in listing and "时间" in listing
    assert main(["--db", str(db), "restore"]) == 0
    out = capsys.readouterr().out
    assert "完整性检查通过" in out and "恢复前的数据库已另存为" in out
    assert count(db) == 12
    assert [b.reason for b in list_backups(db)] == ["restore", "manual"]


def test_restore_a_named_backup_and_keep_setting(tmp_path, capsys):
    db = tmp_path / "citycheck.sqlite3"
    main(["--db", str(db), "demo", "--count", "3"])
    assert main(["--db", str(db), "backup", "--keep", "2"]) == 0
    first = list_backups(db)[0].path.name
    for _ in range(3):
        main(["--db", str(db), "backup"])
    assert len(list_backups(db)) == 2
    capsys.readouterr()
    assert main(["restore", "--db", str(db), list_backups(db)[-1].path.name]) == 0
    assert first not in capsys.readouterr().out


def test_list_without_backups_says_so(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.sqlite3"), "backup", "list"]) == 0
    assert "还没有备份" in capsys.readouterr().out
    assert not (tmp_path / "none.sqlite3").exists()


def test_restore_errors_are_coded(tmp_path, capsys):
    db = tmp_path / "citycheck.sqlite3"
    assert main(["--db", str(db), "restore"]) == 2
    assert "[backup-002]" in capsys.readouterr().err
    assert main(["--db", str(db), "restore", "nope.sqlite3"]) == 2
    assert "[backup-002]" in capsys.readouterr().err
    assert main(["--db", str(db), "backup", "--keep", "0"]) == 2
    assert "[backup-006]" in capsys.readouterr().err


def test_self_test_flag_and_subcommand_pass(capsys):
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "自检全部通过。" and all(line.startswith("[通过]") for line in out[:-1])
    from desktop.cli import build_parser
    from desktop.cli.selftest_cmd import run_self_test

    assert build_parser().parse_args(["self-test"]).func is run_self_test


def test_self_test_stops_at_the_first_failing_step_and_exits_1(monkeypatch, capsys):
    from desktop.cli.selftest_cmd import SelfTest
    from reports.excel.errors import excel_error

    def broken_export(_self):
        raise excel_error("export-001", "自检导出.xlsx", detail="磁盘已满")

    monkeypatch.setattr(SelfTest, "export_excel", broken_export)
    assert main(["--self-test"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2].startswith("[失败] 6. 导出 Excel：[export-001]") and "磁盘已满" in lines[-2]
    assert lines[-1] == "自检未通过，请把以上输出发给技术支持。"
    assert not [line for line in lines if "PDF" in line]
