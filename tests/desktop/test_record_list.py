"""The records list: lazy pages, filters, search, sort and counts per status."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt

from desktop.record_list_model import COLUMNS, UPDATED_COLUMN, RecordListModel
from desktop.records_view import RecordsView
from forms.store.clock import parse_utc
from forms.store.record_filter import RecordFilter


def add_records(context, count: int, **place) -> list[str]:
    ids = []
    for serial in range(count):
        answers = {"district": place.get("district", "渝中区"), "street": place.get("street", "解放碑街道"),
                   "building_code": f"B{serial:04d}", "address": f"民生路{serial}号"}
        ids.append(context.store.create(place.get("form_id", "housing_safety"), inspector="王",
                                        answers=answers).id)
    return ids


def test_model_fetches_pages_on_demand(context):
    add_records(context, 25)
    model = RecordListModel(context.store, context.form_title, page_size=10)
    model.reload()
    assert model.rowCount() == 10 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 25 and not model.canFetchMore(QModelIndex())
    assert model.data(model.index(0, 0)) == "房屋安全"
    assert model.data(model.index(0, 1)) == "草稿"


def test_sort_by_building_code(context):
    add_records(context, 5)
    model = RecordListModel(context.store, context.form_title)
    model.reload()
    column = [c.order_key for c in COLUMNS].index("building_code")
    model.sort(column, Qt.SortOrder.AscendingOrder)
    codes = [model.row_at(i).building_code for i in range(model.rowCount())]
    assert codes == sorted(codes)
    model.sort(column, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).building_code == "B0004"


def test_filters_search_and_counts(qtbot, context):
    add_records(context, 3, district="渝中区")
    other = add_records(context, 2, district="南岸区", form_id="old_pipelines")
    view = RecordsView(context)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.is_counting())
    assert view.counts.text() == "草稿 5　已定稿 0　共 5 条"
    with qtbot.waitSignal(view.counted, timeout=5000):
        view.filters.survey.setCurrentIndex(view.filters.survey.findData("old_pipelines"))
    assert {view.model.row_at(i).id for i in range(view.model.rowCount())} == set(other)
    assert view.counts.text().endswith("共 2 条")
    view.filters.survey.setCurrentIndex(0)
    with qtbot.waitSignal(view.counted, timeout=5000):
        qtbot.keyClicks(view.filters.search, "B0001")
        qtbot.keyClick(view.filters.search, Qt.Key.Key_Return)
    assert view.model.rowCount() == 2
    assert view.model.record_filter == RecordFilter(text="B0001")
    with qtbot.waitSignal(view.counted, timeout=5000):
        view.filters.district.setText("南岸区")
        qtbot.keyClick(view.filters.district, Qt.Key.Key_Return)
    assert view.model.rowCount() == 1


def test_enter_on_a_row_opens_it(qtbot, context):
    ids = add_records(context, 2)
    view = RecordsView(context)
    qtbot.addWidget(view)
    view.table.setCurrentIndex(view.model.index(1, 0))
    with qtbot.waitSignal(view.open_requested) as opened:
        view.table.activated.emit(view.model.index(1, 0))
    assert opened.args == [view.model.row_at(1).id]
    assert opened.args[0] in ids
    qtbot.waitUntil(lambda: not view.is_counting())


def test_grade_and_colour_column_says_pending_until_judged(context):
    blank, judged, pipe = (context.store.create(form_id, inspector="王", answers=answers).id for form_id, answers in (
        ("housing_safety", {"district": "渝中区"}),
        ("housing_safety", {"district": "渝中区", "initial_judgement": "none"}),
        ("old_pipelines", {"district": "渝中区"})))
    model = RecordListModel(context.store, context.form_title)
    model.reload()
    column = [c.title for c in COLUMNS].index("等级/标色")
    shown = {model.row_at(i).id: model.data(model.index(i, column)) for i in range(model.rowCount())}
    assert shown == {blank: "未标色（待定）", judged: "绿色", pipe: ""}


def test_updated_time_shows_in_local_time(context, shanghai_time):
    [record_id] = add_records(context, 1)
    stored = context.store.get(record_id).updated_at
    model = RecordListModel(context.store, context.form_title)
    model.reload()
    shown = model.data(model.index(0, UPDATED_COLUMN))
    assert shown == (parse_utc(stored) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert stored.endswith("Z"), "the store keeps UTC"
