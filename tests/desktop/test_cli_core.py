"""`citycheck forms`, `forms check` and `demo` as a user runs them."""

import textwrap

from desktop.cli import main


def test_forms_lists_the_four_surveys(capsys):
    assert main(["forms"]) == 0
    out = capsys.readouterr().out
    for title in ("房屋安全", "老旧管线", "适老化设施", "历史建筑"):
        assert title in out
    assert out.count("2026.1") == 2 and out.count("2026.2") == 2   # 房屋安全, 适老化设施 raised for the 2025 handbook


def test_forms_check_passes_a_good_file(capsys):
    from forms.loader import DEFINITIONS_DIR

    assert main(["forms", "check", str(DEFINITIONS_DIR / "老旧管线.yaml")]) == 0
    assert "通过检查" in capsys.readouterr().out


def test_forms_check_fails_a_bad_file_with_coded_errors(tmp_path, capsys):
    bad = tmp_path / "老旧管线.yaml"
    bad.write_text(textwrap.dedent("""
        id: old_pipelines
        version: "1"
        title: 老旧管线
        sections:
          - key: a
            title: 页
            fields:
              - {key: install_year, type: year, label: 投入使用年份}
              - {key: pipe_age, type: calculate, label: 使用年限, calculation: "2026 - ${install_yr}"}
    """), encoding="utf-8")
    assert main(["forms", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "[form-012] 老旧管线.yaml, field pipe_age" in err and "${install_year}" in err


def test_forms_check_missing_file(tmp_path, capsys):
    assert main(["forms", "check", str(tmp_path / "无.yaml")]) == 2
    assert "[form-001]" in capsys.readouterr().err


def test_demo_writes_records_and_prints_a_summary(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "d.sqlite3"), "demo", "--count", "40", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "已写入 40 条演示记录" in out and "房屋安全" in out


def test_db_may_come_before_or_after_the_subcommand(tmp_path, capsys):
    before, after = tmp_path / "before.sqlite3", tmp_path / "after.sqlite3"
    assert main(["--db", str(before), "demo", "--count", "2"]) == 0
    assert main(["demo", "--db", str(after), "--count", "2"]) == 0
    assert before.exists() and after.exists()
