"""The indicator dashboard: filters, table model, chart, on demo data."""

from __future__ import annotations

import pytest

from desktop.indicators_view import (
    ALL_DISTRICTS,
    ALL_STREETS,
    IndicatorDashboard,
    cell_text,
    nice_ceiling,
)
from forms.demo import generate
from forms.indicators import indicators_for_database
from forms.loader import load_catalog
from forms.store.database import open_database


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("dash") / "demo.sqlite3")
    generate(db, 250, seed=4)
    yield db
    db.close()


@pytest.fixture
def dashboard(qtbot, demo_db):
    widget = IndicatorDashboard(demo_db, load_catalog())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    qtbot.waitUntil(lambda: widget.model.table is not None)  # computed on a worker thread
    return widget


def test_starts_with_every_district_as_a_column(dashboard, demo_db):
    expected = indicators_for_database(demo_db, load_catalog(), group_by="district")
    model = dashboard.model
    assert dashboard.district_combo.itemText(0) == ALL_DISTRICTS
    assert not dashboard.street_combo.isEnabled()
    assert model.columnCount() == len(expected.rows) + 1
    assert model.rowCount() == len(expected.columns) + 1
    headers = [model.headerData(c, _horizontal()) for c in range(model.columnCount())]
    assert headers == [row.key[0] for row in expected.rows] + ["合计"]
    assert model.data(model.index(0, model.columnCount() - 1)) == str(expected.total.surveyed)
    assert "（仅统计定稿记录" in dashboard.title.text()


def test_district_filter_lists_its_streets_and_regroups(dashboard, qtbot):
    district = dashboard.district_combo.itemText(1)
    with qtbot.waitSignal(dashboard.table_changed) as shown:
        dashboard.district_combo.setCurrentIndex(1)
    table = shown.args[0]
    assert table.group_by == "street" and {row.key[0] for row in table.rows} == {district}
    assert dashboard.street_combo.isEnabled()
    streets = [dashboard.street_combo.itemText(i) for i in range(dashboard.street_combo.count())]
    assert streets[0] == ALL_STREETS and set(streets[1:]) == {row.key[1] for row in table.rows}
    with qtbot.waitSignal(dashboard.table_changed) as narrowed:
        dashboard.street_combo.setCurrentIndex(1)
    assert narrowed.args[0].group_by == "community"
    assert {row.key[1] for row in narrowed.args[0].rows} == {streets[1]}


def test_chart_follows_the_selected_indicator_row(dashboard):
    table = dashboard.model.table
    dashboard.table_view.selectRow(2)
    column = dashboard.model.indicator_at(2)
    assert dashboard.chart.bars() == [(row.key[0], row.values[column.id]) for row in table.rows]
    dashboard.table_view.selectRow(0)
    assert dashboard.chart.bars() == [(row.key[0], row.surveyed) for row in table.rows]
    assert not dashboard.grab().isNull()


def test_cell_text_and_axis():
    assert cell_text(None, 7, 0.14) == "7（14.0%）"
    assert cell_text(None, None, None) == "—"
    assert nice_ceiling(13) == 20 and nice_ceiling(7) == 8 and nice_ceiling(3.12) == 4


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
