"""`citycheck report …`: each subcommand writes its PDF; problems are coded errors with exit code 2."""

from __future__ import annotations

import pytest
from test_pdf_support import BUILDING_CODE, pdf_text, sample_store

from desktop.cli import main
from forms.store.settings import set_setting
from reports.pdf.fonts import FONT_SETTING


@pytest.fixture()
def db_path(tmp_path):
    db, _catalog, _store = sample_store(tmp_path)
    db.close()
    return tmp_path / "reports.sqlite3"


def test_building_record_district_and_batch(db_path, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert main(["report", "building", "--db", str(db_path), "--code", BUILDING_CODE,
                 "--out", str(out / "b.pdf")]) == 0
    assert "民族路1号" in pdf_text(out / "b.pdf")
    assert main(["report", "district", "--db", str(db_path), "--district", "渝中区",
                 "--out", str(out / "d.pdf")]) == 0
    assert "渝中区 城市体检汇总报告" in pdf_text(out / "d.pdf")
    assert main(["report", "batch", "--db", str(db_path), "--out", str(out / "batch")]) == 0
    assert [p.name for p in (out / "batch").iterdir()] == [f"{BUILDING_CODE}.pdf"]
    printed = capsys.readouterr()
    assert "已生成 1 份楼栋体检报告" in printed.out and "1/1" in printed.err


def test_record_report_and_sensitive_switch(db_path, tmp_path):
    from forms.loader import load_catalog
    from forms.store.database import open_database
    from forms.store.records import RecordStore

    db = open_database(db_path)
    record_id = next(r.id for r in RecordStore(db, load_catalog()).query() if r.form_id == "housing_safety")
    db.close()
    assert main(["report", "record", "--db", str(db_path), "--id", record_id,
                 "--include-sensitive", "--out", str(tmp_path / "r.pdf")]) == 0
    assert "张三丰" in pdf_text(tmp_path / "r.pdf")


def test_errors_print_their_code_and_exit_2(db_path, tmp_path, capsys):
    assert main(["report", "building", "--db", str(db_path), "--code", "没有", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "[report-002]" in capsys.readouterr().err
    assert main(["report", "building", "--db", str(db_path), "--code", BUILDING_CODE, "--font",
                 str(tmp_path / "没有.ttf"), "--out", str(tmp_path / "x.pdf")]) == 2
    assert "[report-001]" in capsys.readouterr().err


def test_the_font_setting_of_the_database_is_used(db_path, tmp_path, capsys):
    from forms.store.database import open_database

    db = open_database(db_path)
    set_setting(db, FONT_SETTING, str(tmp_path / "已删除的字体.ttf"))
    db.close()
    assert main(["report", "building", "--db", str(db_path), "--code", BUILDING_CODE,
                 "--out", str(tmp_path / "x.pdf")]) == 2
    assert "已删除的字体.ttf" in capsys.readouterr().err


def test_number_prefix_and_unit_options_reach_every_report(db_path, tmp_path):
    for command in (["building", "--code", BUILDING_CODE], ["district", "--district", "渝中区"]):
        out = tmp_path / f"{command[0]}.pdf"
        assert main(["report", *command, "--db", str(db_path), "--number-prefix", "YZ", "--unit", "渝中区住建委",
                     "--out", str(out)]) == 0
        text = pdf_text(out)
        assert "报告编号 YZ-" in text and "调查单位：渝中区住建委" in text
