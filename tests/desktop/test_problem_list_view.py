"""The 问题清单 tab: edits are saved and survive a refresh, a year's list shows its completion, export."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt

from desktop import interaction
from desktop.problem_list_view import ProblemListView
from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.problem_lists import load_settings


@pytest.fixture()
def demo_db(tmp_path):
    db = open_database(tmp_path / "demo.sqlite3")
    generate(db, 200, seed=6)
    yield db
    db.close()


@pytest.fixture
def view(qtbot, demo_db):
    widget = ProblemListView(demo_db, load_catalog(), who="区住建局 张工")
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    assert widget.deliverables is None          # nothing is computed until the tab is opened
    widget.show()
    qtbot.waitUntil(lambda: widget.deliverables is not None)
    return widget


def column_of(model, header):
    return model.headers().index(header)


def test_lists_the_problems_with_editable_degree_and_responsible(view, demo_db, qtbot):
    model = view.model
    assert model.rowCount() == len(view.deliverables.problems) > 0
    assert model.headers()[:4] == ["区", "街道", "社区", "小区"]
    degree = model.index(0, column_of(model, "问题程度"))
    assert model.flags(degree) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(degree, "很严重")                       # not one of 严重/较严重/一般
    assert model.setData(degree, "一般")
    responsible = model.index(0, column_of(model, "责任单位"))
    assert model.setData(responsible, "某街道办事处")
    key = model.rows()[0].key
    assert load_settings(demo_db)[key].severity == "一般"
    assert load_settings(demo_db)[key].responsible == "某街道办事处"
    assert load_settings(demo_db)[key].difficulty == ""              # untouched: the default stays
    with qtbot.waitSignal(view.deliverables_changed):
        view.refresh()
    again = next(row for row in view.model.rows() if row.key == key)
    assert (again.severity, again.responsible) == ("一般", "某街道办事处")
    assert not view.grab().isNull()


def test_next_year_is_a_checkbox(view, demo_db):
    model = view.model
    index = model.index(0, column_of(model, "纳入下年计划"))
    before = model.data(index, Qt.ItemDataRole.CheckStateRole)
    flipped = Qt.CheckState.Unchecked if before == Qt.CheckState.Checked else Qt.CheckState.Checked
    assert model.setData(index, flipped.value, Qt.ItemDataRole.CheckStateRole)
    assert load_settings(demo_db)[model.rows()[0].key].next_year == (flipped == Qt.CheckState.Checked)


def test_keeping_a_year_shows_its_completion_and_export_writes_both_lists(view, qtbot, tmp_path):
    scripted = interaction.ScriptedInteraction(echo=False)
    previous = interaction.install(scripted)
    try:
        view.year_spin.setValue(2025)
        with qtbot.waitSignal(view.deliverables_changed):
            view.keep_year()
        assert "2025年问题清单" in view.completion_title.text()
        assert view.completion_model.rowCount() > 0
        out = tmp_path / "清单.xlsx"
        view.output.set_path(out)
        view.export()
        qtbot.waitUntil(lambda: any(kind == "info" and "导出完成" in title for kind, title, _ in scripted.messages))
    finally:
        interaction.install(previous)
    book = openpyxl.load_workbook(out)
    assert {"问题清单", "整治建议清单", "问题整治完成率"} <= set(book.sheetnames)
