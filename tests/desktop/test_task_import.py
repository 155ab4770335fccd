"""Task lists from Excel: tolerant columns, bad rows rejected by row number, import in the background."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from reports.task_list import TaskListError, parse_task_rows, read_task_list

FORM_IDS = {"房屋安全": "housing_safety", "老旧管线": "old_pipelines", "适老化设施": "aging_friendly",
            "历史建筑": "historic_buildings", "housing_safety": "housing_safety"}
HEADER = ["备注", "楼栋编码", "区", "街道", "社区", "小区", "地址", "需调查的表单"]  # reordered, one extra


def write_workbook(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["杨家坪街道 2026 年体检任务"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


ROWS = [
    HEADER,
    ["", "500107001", "九龙坡区", "杨家坪街道", "团结路社区", "和平小区", "团结路1号", "房屋安全、适老化设施"],
    ["缺编码", "", "九龙坡区", "杨家坪街道", "团结路社区", "", "团结路2号", "房屋安全"],
    ["", "500107003", "九龙坡区", "杨家坪街道", "团结路社区", "", "团结路3号", "房屋安全，燃气表"],
    [None, None, None, None, None, None, None, None],
    ["", 500107005, "九龙坡区", "杨家坪街道", "团结路社区", "", "团结路5号", "老旧管线 历史建筑"],
]


def test_reads_reordered_columns_and_rejects_bad_rows_by_number(tmp_path):
    reading = read_task_list(write_workbook(tmp_path / "任务.xlsx", ROWS), FORM_IDS)
    assert [t.building_code for t in reading.tasks] == ["500107001", "500107005"]
    assert reading.tasks[0].forms == ("housing_safety", "aging_friendly")
    assert reading.tasks[1].forms == ("old_pipelines", "historic_buildings")
    assert reading.tasks[0].estate == "和平小区" and reading.tasks[1].estate is None
    assert [(e.code, e.where) for e in reading.rejected] == [
        ("tasks-003", "任务.xlsx, row 4"), ("tasks-004", "任务.xlsx, row 5")]
    assert "楼栋编码" in reading.rejected[0].message and "燃气表" in reading.rejected[1].message


def test_missing_columns_are_named():
    with pytest.raises(TaskListError) as raised:
        parse_task_rows([["区", "街道", "地址"], ["a", "b", "c"]], FORM_IDS, source="t.xlsx")
    assert raised.value.code == "tasks-002"
    assert "社区、楼栋编码、需调查的表单" in raised.value.message


def test_unreadable_file_is_a_coded_error(tmp_path):
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(TaskListError) as raised:
        read_task_list(path, FORM_IDS)
    assert raised.value.code == "tasks-001"


def test_import_runs_in_background_and_starts_a_survey(qtbot, window, tmp_path, scripted_interaction):
    path = write_workbook(tmp_path / "任务.xlsx", ROWS)
    view = window.tasks
    scripted_interaction.answers.append(str(path))
    window.tabs.setCurrentWidget(view)
    view.choose_and_import()
    with qtbot.waitSignal(view.last_job.finished, timeout=10000):
        pass
    assert view.model.rowCount() == 2
    assert any("row 4" in e and "row 5" in e for e in scripted_interaction.errors())
    assert view.model.data(view.model.index(0, 7)) == "已开始 0/2 · 已定稿 0/2"

    view.table.setCurrentIndex(view.model.index(0, 0))
    scripted_interaction.answers.append(1)  # 适老化设施
    editor = None
    with qtbot.waitSignal(view.start_requested):
        view.start_selected()
    editor = window.current_editor()
    assert editor.form.id == "aging_friendly"
    assert editor.session.value("building_code") == "500107001"
    assert editor.session.value("estate") == "和平小区"
    assert editor.session.value("inspector") == window.context.inspector.name
    window.tabs.setCurrentWidget(view)
    assert view.model.data(view.model.index(0, 7)) == "已开始 1/2 · 已定稿 0/2"
    assert view.model.data(view.model.index(0, 8)) == "调查中"
