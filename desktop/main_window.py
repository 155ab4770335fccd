"""The main window: records and tasks as tabs, one tab per open record, menus with hook points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QTabBar, QTabWidget, QWidget

from desktop import defs, interaction
from desktop.builders import create_action
from desktop.screen_fit import fit_to_screen
from desktop.version import __version__

if TYPE_CHECKING:
    from desktop.app_context import AppContext
    from desktop.history_view import HistoryView
    from desktop.record_tabs import RecordTabs
    from desktop.records_view import RecordsView
    from desktop.task_view import TaskView
    from desktop.wizard.survey_editor import SurveyEditor
    from forms.store.tasks import TaskRow


class MainWindow(QMainWindow):
    """Holds the app's tabs and menus; other parts plug in through add_tab and add_menu_action.

    The window can show before the store is open (a cold start shows it at once);
    `attach(context)` then builds the record and task tabs and emits `context_ready`.
    """

    context_ready = Signal(object)

    def __init__(self, context: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: AppContext | None = None
        self.records: RecordsView | None = None
        self.tasks: TaskView | None = None
        self.record_tabs: RecordTabs | None = None
        self.setObjectName("main_window")
        self.setWindowTitle(f"CityCheck 城市体检 {__version__}")
        self.setMinimumSize(*defs.MIN_WINDOW_SIZE)
        fit_to_screen(self, *defs.DEFAULT_WINDOW_SIZE)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setCentralWidget(self.tabs)
        self._list_stale = False
        self._record_actions: list[QAction] = []
        self._build_menus()
        self._set_record_actions_enabled(False)
        self.statusBar().showMessage("正在打开数据库…")
        if context is not None:
            self.attach(context)

    def attach(self, context: AppContext) -> None:
        """Show the store's records and tasks; called once the database is open."""
        # Imported here: these pull in the store (SQLAlchemy), which a cold start loads
        # on a worker thread while the window is already on screen.
        from desktop.record_tabs import RecordTabs
        from desktop.records_view import RecordsView
        from desktop.task_view import TaskView

        self.context = context
        self.record_tabs = RecordTabs(self, context)
        self.show_inspector()
        self.records = RecordsView(context)
        self.tasks = TaskView(context)
        self.tabs.insertTab(0, self.records, "调查记录")
        self.tabs.insertTab(1, self.tasks, "任务")
        for index in (0, 1):
            self._hide_close_button(index)
        self.tabs.setCurrentIndex(0)
        self.records.open_requested.connect(self.open_record)
        self.records.new_requested.connect(self.new_record)
        self.records.history_requested.connect(self.open_history)
        self.records.scan_requested.connect(self.scan_building)
        self.tasks.start_requested.connect(self.start_task)
        self._set_record_actions_enabled(True)
        self.statusBar().showMessage(f"数据库：{context.db.path}")
        self.context_ready.emit(context)

    def show_inspector(self) -> None:
        """Name the inspector in the window title."""
        self.setWindowTitle(f"CityCheck 城市体检 {__version__} · {self.context.inspector.signature}")

    def open_settings(self):
        """Show 设置 (inspector, text size, tablet mode, palette, default folders)."""
        from desktop.settings_flow import open_settings

        return open_settings(self)

    def scan_building(self):
        """Scan a building's QR code or barcode and open or start its record."""
        from desktop.building_scan import scan_building

        return scan_building(self)

    # -- hook points for the other parts of the app -------------------------------------
    def add_tab(self, widget: QWidget, title: str, *, closable: bool = False) -> int:
        """Add a tab (e.g. the indicator dashboard) and return its index."""
        index = self.tabs.addTab(widget, title)
        if not closable:
            self._hide_close_button(index)
        return index

    def _hide_close_button(self, index: int) -> None:
        for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
            self.tabs.tabBar().setTabButton(index, side, None)

    def add_menu_action(self, menu_title: str, action: QAction) -> QMenu:
        """Put `action` into the menu titled `menu_title`, creating the menu before 帮助 if needed."""
        menu = self.menu(menu_title)
        action.setParent(self)
        menu.addAction(action)
        return menu

    def menu(self, title: str) -> QMenu:
        """Return the menu titled `title`, creating it before the 帮助 menu when missing."""
        for action in self.menuBar().actions():
            if action.menu() is not None and action.text() == title:
                return action.menu()
        menu = QMenu(title, self)
        help_action = next((a for a in self.menuBar().actions() if a.text() == "帮助"), None)
        if help_action is None:
            self.menuBar().addMenu(menu)
        else:
            self.menuBar().insertMenu(help_action, menu)
        return menu

    # -- records (the work itself is in RecordTabs, built once the store is open) -------
    def new_record(self) -> SurveyEditor | None:
        """Ask which survey, create a draft and open it."""
        return self.record_tabs.new_record()

    def start_task(self, task: TaskRow, form_id: str) -> SurveyEditor:
        """Create a draft of `form_id` with the task's place filled in and open it."""
        return self.record_tabs.start_task(task, form_id)

    def create_and_open(self, form_id: str, place: dict[str, str]) -> SurveyEditor:
        """Create a draft of `form_id` for the inspector, dated today, and open it."""
        return self.record_tabs.create_and_open(form_id, place)

    def open_record(self, record_id: str) -> SurveyEditor:
        """Show the record's wizard tab, opening it if needed."""
        return self.record_tabs.open_record(record_id)

    def open_history(self, record_id: str) -> HistoryView:
        """Show the record's audit trail in a tab."""
        return self.record_tabs.open_history(record_id)

    def current_editor(self) -> SurveyEditor | None:
        return self.record_tabs.current_editor() if self.record_tabs else None

    def mark_list_stale(self) -> None:
        """Reload the records list next time its tab shows."""
        self._list_stale = True

    # -- internals ----------------------------------------------------------------------
    def _build_menus(self) -> None:
        self._record_actions = [
            create_action(self, "新建记录…", shortcuts=[defs.NEW_RECORD_KEY], on_trigger=self.new_record),
            create_action(self, "导入任务清单…", on_trigger=self._import_tasks),
            create_action(self, "调查记录", shortcuts=["Ctrl+1"],
                          on_trigger=lambda: self.tabs.setCurrentWidget(self.records)),
            create_action(self, "任务", shortcuts=["Ctrl+2"], on_trigger=lambda: self.tabs.setCurrentWidget(self.tasks)),
            create_action(self, "搜索记录", shortcuts=[defs.FIND_KEY], on_trigger=self._focus_search),
            create_action(self, "设置…", shortcuts=[defs.SETTINGS_KEY], on_trigger=self.open_settings),
            create_action(self, "扫码查找楼栋…", shortcuts=[defs.SCAN_KEY], on_trigger=self.scan_building),
        ]
        new_record, import_tasks, show_records, show_tasks, search, settings, scan = self._record_actions
        file_menu = self.menu("文件")
        file_menu.addActions([new_record, scan, import_tasks])
        file_menu.addSeparator()
        file_menu.addAction(settings)
        file_menu.addSeparator()
        file_menu.addAction(create_action(self, "退出", shortcuts=["Ctrl+Q"], on_trigger=self.close))
        self.menu("查看").addActions([show_records, show_tasks, search])
        help_menu = self.menu("帮助")
        help_menu.addAction(create_action(self, "快捷键", on_trigger=self._show_keys))

    def _set_record_actions_enabled(self, enabled: bool) -> None:
        for action in self._record_actions:
            action.setEnabled(enabled)

    def _import_tasks(self) -> None:
        self.tabs.setCurrentWidget(self.tasks)
        self.tasks.choose_and_import()

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.records)
        self.records.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_keys(self) -> None:
        interaction.current().show_info(self, "快捷键", "\n".join((
            f"新建记录：{defs.NEW_RECORD_KEY}",
            f"下一节 / 上一节：{' 或 '.join(defs.NEXT_SECTION_KEYS)} / {' 或 '.join(defs.PREVIOUS_SECTION_KEYS)}",
            "回车：跳到下一项",
            f"撤销 / 重做：{defs.UNDO_KEY} / {defs.REDO_KEY}",
            f"定稿：{defs.FINALIZE_KEY}",
            f"搜索记录：{defs.FIND_KEY}",
            f"扫码查找楼栋：{defs.SCAN_KEY}",
            f"设置：{defs.SETTINGS_KEY}",
        )))

    def _tab_shown(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.records and self._list_stale:
            self._list_stale = False
            self.records.refresh()
        elif widget is self.tasks:
            self.tasks.refresh()

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is None or widget in (self.records, self.tasks):
            return
        if self.record_tabs is not None:
            self.record_tabs.flush(widget)
        self.tabs.removeTab(index)
        widget.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.record_tabs is not None:
            self.record_tabs.flush_all()
        from desktop.background import BackgroundJob  # not needed before the window first shows

        BackgroundJob.stop_all()
        super().closeEvent(event)
