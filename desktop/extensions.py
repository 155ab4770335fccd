"""Plug the district office's workflow into the main window: Excel, reports, indicators, backups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop import interaction
from desktop.builders import create_action
from desktop.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from desktop.app_context import AppContext
    from desktop.main_window import MainWindow

EXCHANGE_MENU = "数据交换"
REPORT_MENU = "报告"
DATABASE_MENU = "数据库"


def install_extensions(window: MainWindow, context: AppContext) -> None:
    """Add the menus and tabs of the office workflow once the store is open."""
    from desktop.indicators_view import IndicatorDashboard
    from desktop.problem_list_view import ProblemListView

    add_actions(window, EXCHANGE_MENU, [
        ("导出 Excel…", "Ctrl+E", lambda: open_dialog(window, export_dialog(window, context))),
        ("导入 Excel…", "Ctrl+I", lambda: open_dialog(window, import_dialog(window, context))),
        ("合并 Excel（不入库）…", "", lambda: open_dialog(window, merge_dialog(window, context))),
        ("处理冲突…", "", lambda: open_dialog(window, conflicts_view(window, context))),
    ])
    add_actions(window, REPORT_MENU, [
        ("预览本条记录报告", "Ctrl+P", lambda: preview_record(window, context)),
        ("预览本楼栋报告", "Ctrl+Shift+P", lambda: preview_building(window, context)),
        ("区级汇总报告…", "", lambda: open_dialog(window, district_dialog(window, context))),
        ("批量生成楼栋报告…", "", lambda: open_dialog(window, batch_dialog(window, context))),
    ])
    add_actions(window, DATABASE_MENU, [
        ("备份与恢复…", "", lambda: open_dialog(window, restore_view(window, context))),
    ])
    window.add_tab(IndicatorDashboard(context.db, context.catalog), "指标汇总")
    add_map_tab(window, context)
    window.add_tab(ProblemListView(context.db, context.catalog, who=context.inspector.signature), "问题清单")


def add_map_tab(window: MainWindow, context: AppContext) -> QWidget:
    """The 问题地图 tab, and 查看 › 问题地图 to bring it to the front."""
    from desktop.map.map_tab import MapTab

    tab = MapTab(context)
    tab.open_requested.connect(window.open_record)
    window.add_tab(tab, "问题地图")
    add_actions(window, "查看", [("问题地图", "", lambda: window.tabs.setCurrentWidget(tab))])
    return tab


def add_actions(window: MainWindow, menu: str, entries) -> None:
    for text, shortcut, on_trigger in entries:
        shortcuts = [shortcut] if shortcut else []
        window.add_menu_action(menu, create_action(window, text, shortcuts=shortcuts, on_trigger=on_trigger))


def open_dialog(window: MainWindow, widget: QWidget) -> QWidget:
    """Show a tool window over the main window; it is deleted when closed."""
    widget.setParent(window, Qt.WindowType.Dialog)
    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    widget.setWindowModality(Qt.WindowModality.WindowModal)
    widget.show()
    return widget


def export_dialog(window: MainWindow, context: AppContext) -> QWidget:
    from desktop.exchange.export_dialog import ExportDialog

    return ExportDialog(context.db, context.catalog, window, who=context.inspector.signature)


def import_dialog(window: MainWindow, context: AppContext) -> QWidget:
    from desktop.exchange.import_dialog import ImportDialog

    dialog = ImportDialog(context.db, context.catalog, window)
    dialog.finished.connect(lambda _code: window.mark_list_stale())
    return dialog


def merge_dialog(window: MainWindow, context: AppContext) -> QWidget:
    from desktop.exchange.merge_dialog import MergeDialog

    return MergeDialog(context.catalog, window)


def conflicts_view(window: MainWindow, context: AppContext) -> QWidget:
    from desktop.exchange.conflicts_view import ConflictsView

    view = ConflictsView(context.db, context.catalog, window, who=context.inspector.signature)
    view.destroyed.connect(lambda _obj=None: window.mark_list_stale())
    return view


def district_dialog(window: MainWindow, context: AppContext) -> QWidget:
    from desktop.reports_ui.district_dialog import DistrictReportDialog

    return DistrictReportDialog(context.db, context.catalog, window)


def batch_dialog(window: MainWindow, context: AppContext) -> QWidget:
    from desktop.reports_ui.batch_dialog import BatchReportDialog

    return BatchReportDialog(context.db, context.catalog, window)


def restore_view(window: MainWindow, context: AppContext) -> QWidget:
    from desktop.backup_ui.restore_view import RestoreView

    view = RestoreView(context.db.path, context.db)
    view.setWindowTitle("备份与恢复")
    fit_to_screen(view, 900, 520)
    view.restored.connect(lambda _result: window.mark_list_stale())
    return view


def current_record_id(window: MainWindow) -> str | None:
    """The record of the survey tab in front, else the record selected in the list."""
    editor = window.current_editor()
    if editor is not None:
        return editor.session.record_id
    return window.records.selected_record_id() if window.records is not None else None


def preview_record(window: MainWindow, context: AppContext) -> None:
    from desktop.reports_ui.report_runs import preview_record_report

    record_id = current_record_id(window)
    if record_id is None:
        interaction.current().show_info(window, "预览报告", "请先在调查记录列表中选中一条记录，或打开一条记录。")
        return
    preview_record_report(window, context.db, context.catalog, record_id)


def preview_building(window: MainWindow, context: AppContext) -> None:
    from desktop.reports_ui.report_runs import preview_building_report

    record_id = current_record_id(window)
    record = context.store.get(record_id) if record_id else None
    if record is None or not record.building_code:
        interaction.current().show_info(window, "预览楼栋报告",
                                        "请先选中一条填写了楼栋编码的记录；楼栋报告汇总该楼栋的全部调查。")
        return
    preview_building_report(window, context.db, context.catalog, record.building_code, district=record.district)
