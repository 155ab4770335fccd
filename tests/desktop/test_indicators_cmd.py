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
    assert any(line.startswith("特色指标·需加装电梯的住宅数量（栋）") for line in lines)
    assert "占比分母" in lines[-1]


def test_writes_xlsx_with_the_four_deliverables(demo_path, tmp_path, capsys):
    out = tmp_path / "指标.xlsx"
    assert main(["indicators", "--db", str(demo_path), "--district", "渝中区", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["指标汇总", "指标调查表", "楼栋台账", "问题清单", "整治建议清单"]
    rows = list(book["指标汇总"].iter_rows(values_only=True))
    assert rows[0][:3] == ("区", "街道", "调查住宅楼栋数（栋，占比分母）")   # the 2025 handbook's denominator
    assert {row[0] for row in rows[1:-4]} == {"渝中区"}
    survey = list(book["指标调查表"].iter_rows(values_only=True))
    assert survey[0] == ("汇总层级", "区", "街道", "社区", "小区", "维度", "序号", "指标项", "体检结果", "单位", "占比（%）")
    assert {row[0] for row in survey[1:]} == {"小区", "社区", "街道", "区", "合计"}
    problems = list(book["问题清单"].iter_rows(values_only=True))
    assert problems[0][4:] == ("序号", "指标项", "体检结果（栋）", "存在问题", "问题程度", "治理难度", "问题分类", "楼栋")
    assert len(problems) > 1 and {row[8] for row in problems[1:]} <= {"严重", "较严重", "一般"}
    advice = list(book["整治建议清单"].iter_rows(values_only=True))
    assert {row[10] for row in advice[1:]} <= {"限时", "尽力"}
    assert "楼栋台账" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["指标.xlsx"]  # no temporary file left behind


def test_unwritable_output_is_a_coded_error(demo_path, tmp_path, capsys):
    assert main(["indicators", "--db", str(demo_path), "--out", str(tmp_path / "无此目录" / "x.xlsx")]) == 2
    assert capsys.readouterr().err.startswith("[indicators-001]")


def test_a_kept_years_list_adds_the_completion_sheet(demo_path, tmp_path, capsys):
    assert main(["indicators", "--db", str(demo_path), "--list-year", "2025"]) == 0
    assert "记入 2025 年问题清单" in capsys.readouterr().out
    out = tmp_path / "次年.xlsx"
    assert main(["indicators", "--db", str(demo_path), "--out", str(out)]) == 0
    rows = list(openpyxl.load_workbook(out)["问题整治完成率"].iter_rows(values_only=True))
    assert rows[0][-1] == "问题整治完成率（%）" and rows[1][-1] == 0     # nothing re-surveyed yet
    assert "2025年问题清单" in rows[-1][0]
    statuses = list(openpyxl.load_workbook(out)["问题整治情况"].iter_rows(values_only=True))
    assert statuses[0][-1] == "整治情况" and {row[-1] for row in statuses[1:]} == {"未整治"}


def test_lists_roll_up_to_the_district(demo_path, tmp_path, capsys):
    out = tmp_path / "区级.xlsx"
    assert main(["indicators", "--db", str(demo_path), "--list-level", "district", "--out", str(out)]) == 0
    problems = list(openpyxl.load_workbook(out)["问题清单"].iter_rows(values_only=True))
    assert problems[0][:2] == ("区", "序号") and len({row[0] for row in problems[1:]}) > 1
