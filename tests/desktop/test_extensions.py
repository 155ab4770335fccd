"""The office workflow plugged into the main window: menus open their tools, the dashboard tab shows."""

import pytest
from PySide6.QtWidgets import QApplication

from desktop.extensions import DATABASE_MENU, EXCHANGE_MENU, REPORT_MENU, install_extensions
from desktop.indicators_view import IndicatorDashboard
from forms.demo import generate


@pytest.fixture
def office_window(window, context, qtbot):
    generate(context.db, 30, seed=5, catalog=context.catalog)
    window.records.refresh()
    install_extensions(window, context)
    dashboard = window.findChild(IndicatorDashboard)
    qtbot.waitUntil(lambda: dashboard.model.table is not None)
    return window


def action(window, menu: str, text: str):
    return next(a for a in window.menu(menu).actions() if a.text() == text)


def test_menus_and_dashboard_tab_are_added(office_window):
    titles = [a.text() for a in office_window.menuBar().actions()]
    assert titles.index(EXCHANGE_MENU) < titles.index("帮助")
    assert {REPORT_MENU, DATABASE_MENU} <= set(titles)
    tabs = [office_window.tabs.tabText(i) for i in range(office_window.tabs.count())]
    assert "指标汇总" in tabs


@pytest.mark.parametrize(("menu", "text", "object_name"), [
    (EXCHANGE_MENU, "导出 Excel…", "export_dialog"),
    (EXCHANGE_MENU, "处理冲突…", "conflicts_view"),
    (DATABASE_MENU, "备份与恢复…", "restore_view"),
])
def test_each_tool_opens_over_the_window_and_closes(office_window, qtbot, menu, text, object_name):
    action(office_window, menu, text).trigger()
    tool = office_window.findChild(object, object_name)
    assert tool is not None and tool.isVisible()
    assert tool.window() is tool and tool.parent() is office_window
    tool.close()
    qtbot.waitUntil(lambda: office_window.findChild(object, object_name) is None)


def test_record_preview_asks_for_a_selection_first(office_window, scripted_interaction):
    office_window.records.table.clearSelection()
    office_window.records.table.setCurrentIndex(office_window.records.table.model().index(-1, -1))
    action(office_window, REPORT_MENU, "预览本楼栋报告").trigger()
    kinds = [kind for kind, _title, _message in scripted_interaction.messages]
    assert kinds == ["info"]
    QApplication.processEvents()


def test_including_personal_data_warns_and_unticks_when_declined(qtbot, scripted_interaction):
    from desktop.privacy_choice import sensitive_checkbox

    box = sensitive_checkbox("包含个人信息")
    qtbot.addWidget(box)
    scripted_interaction.answers.append(False)
    box.setChecked(True)
    assert not box.isChecked()
    scripted_interaction.answers.append(True)
    box.setChecked(True)
    assert box.isChecked()
    assert [kind for kind, _t, _m in scripted_interaction.messages] == ["confirm", "confirm"]
