"""`citycheck indicators` prints the table or writes it to xlsx, atomically."""

from __future__ import annotations

import openpyxl
import pytest

from desktop.cli import main
from forms.demo import generate
from forms.store.database import open_database


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite3"
    db = open_database(path)
    generate(db, 150, seed=9)
    db.close()
    return path


def test_prints_an_aligned_chinese_table(demo_path, capsys):
    assert main(["indicators", "--db", str(demo_path), "--group-by", "district"]) == 0
    out = capsys.readouterr().out
    assert "仅统计定稿记录" in out
    lines = out.splitlines()
    assert lines[1].startswith("指标") and lines[1].rstrip().endswith("合计")
    assert any(line.startswith("存在燃气安全隐患的住宅数量（栋）") for line in lines)


def test_writes_xlsx_with_the_indicator_sheet(demo_path, tmp_path, capsys):
    out = tmp_path / "指标.xlsx"
    assert main(["indicators", "--db", str(demo_path), "--district", "渝中区", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out)["指标汇总"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("区", "街道", "调查楼栋数（栋）")
    assert {row[0] for row in rows[1:-3]} == {"渝中区"}
    assert [p.name for p in tmp_path.iterdir()] == ["指标.xlsx"]  # no temporary file left behind


def test_unwritable_output_is_a_coded_error(demo_path, tmp_path, capsys):
    assert main(["indicators", "--db", str(demo_path), "--out", str(tmp_path / "无此目录" / "x.xlsx")]) == 2
    assert capsys.readouterr().err.startswith("[indicators-001]")
