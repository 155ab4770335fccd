"""The main window: records and tasks as tabs, one tab per open record, menus with hook points."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QTabBar, QTabWidget, QWidget

from desktop import defs, interaction
from desktop.app_context import AppContext
from desktop.background import BackgroundJob
from desktop.builders import create_action
from desktop.history_view import HistoryView
from desktop.records_view import RecordsView
from desktop.task_view import TaskView, task_place
from desktop.version import __version__
from desktop.wizard.survey_editor import SurveyEditor
from forms.store.tasks import TaskRow, set_task_status


class MainWindow(QMainWindow):
    """Holds the app's tabs and menus; other parts plug in through add_tab and add_menu_action."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("main_window")
        self.setWindowTitle(f"CityCheck 城市体检 {__version__} · {context.inspector.signature}")
        self.setMinimumSize(*defs.MIN_WINDOW_SIZE)
        self.resize(*defs.DEFAULT_WINDOW_SIZE)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setCentralWidget(self.tabs)
        self.records = RecordsView(context)
        self.tasks = TaskView(context)
        self._list_stale = False
        self.add_tab(self.records, "调查记录")
        self.add_tab(self.tasks, "任务")
        self.records.open_requested.connect(self.open_record)
        self.records.new_requested.connect(self.new_record)
        self.records.history_requested.connect(self.open_history)
        self.tasks.start_requested.connect(self.start_task)
        self._build_menus()
        self.statusBar().showMessage(f"数据库：{context.db.path}")

    # -- hook points for the other parts of the app -------------------------------------
    def add_tab(self, widget: QWidget, title: str, *, closable: bool = False) -> int:
        """Add a tab (e.g. the indicator dashboard) and return its index."""
        index = self.tabs.addTab(widget, title)
        if not closable:
            for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
                self.tabs.tabBar().setTabButton(index, side, None)
        return index

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

    # -- records ------------------------------------------------------------------------
    def new_record(self) -> SurveyEditor | None:
        """Ask which survey, create a draft and open it."""
        forms = list(self.context.catalog.values())
        choice = interaction.current().choose_item(self, "新建记录", "选择调查表：", [f.title for f in forms])
        if choice is None:
            return None
        return self.create_and_open(forms[choice].id, {})

    def start_task(self, task: TaskRow, form_id: str) -> SurveyEditor:
        """Create a draft of `form_id` with the task's place filled in and open it."""
        editor = self.create_and_open(form_id, task_place(task))
        if task.status == "todo":
            set_task_status(self.context.db, task.id, "in_progress")
        self.tasks.refresh()
        return editor

    def create_and_open(self, form_id: str, place: dict[str, str]) -> SurveyEditor:
        inspector = self.context.inspector
        answers = {"inspector": inspector.name, "survey_date": dt.date.today().isoformat()}
        snapshot = self.context.store.create(form_id, inspector=inspector.name, place=place, answers=answers)
        self._list_stale = True
        editor = self.open_record(snapshot.id)
        editor.focus_first_field()
        return editor

    def open_record(self, record_id: str) -> SurveyEditor:
        """Show the record's wizard tab, opening it if needed."""
        existing = self.findChild(SurveyEditor, f"survey_{record_id}")
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            return existing
        editor = SurveyEditor(self.context, record_id)
        index = self.add_tab(editor, editor.form.title, closable=True)
        editor.title_changed.connect(lambda title, e=editor: self._retitle(e, title))
        editor.record_saved.connect(self._record_saved)
        editor.history_requested.connect(self.open_history)
        self._retitle(editor, editor.title())
        self.tabs.setCurrentIndex(index)
        return editor

    def open_history(self, record_id: str) -> HistoryView:
        """Show the record's audit trail in a tab (rebuilt each time so it is current)."""
        old = self.findChild(HistoryView, f"history_{record_id}")
        if old is not None:
            self._close_tab(self.tabs.indexOf(old))
        view = HistoryView(self.context, record_id)
        self.tabs.setCurrentIndex(self.add_tab(view, "修改历史", closable=True))
        return view

    def current_editor(self) -> SurveyEditor | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, SurveyEditor) else None

    # -- internals ----------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menu("文件")
        file_menu.addAction(create_action(self, "新建记录…", shortcuts=[defs.NEW_RECORD_KEY],
                                          on_trigger=self.new_record))
        file_menu.addAction(create_action(self, "导入任务清单…", on_trigger=self._import_tasks))
        file_menu.addSeparator()
        file_menu.addAction(create_action(self, "退出", shortcuts=["Ctrl+Q"], on_trigger=self.close))
        view_menu = self.menu("查看")
        view_menu.addAction(create_action(self, "调查记录", shortcuts=["Ctrl+1"],
                                          on_trigger=lambda: self.tabs.setCurrentWidget(self.records)))
        view_menu.addAction(create_action(self, "任务", shortcuts=["Ctrl+2"],
                                          on_trigger=lambda: self.tabs.setCurrentWidget(self.tasks)))
        view_menu.addAction(create_action(self, "搜索记录", shortcuts=[defs.FIND_KEY], on_trigger=self._focus_search))
        help_menu = self.menu("帮助")
        help_menu.addAction(create_action(self, "快捷键", on_trigger=self._show_keys))

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
        )))

    def _retitle(self, editor: SurveyEditor, title: str) -> None:
        index = self.tabs.indexOf(editor)
        if index >= 0:
            self.tabs.setTabText(index, title)

    def _record_saved(self, _record_id: str) -> None:
        self._list_stale = True

    def _tab_shown(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.records and self._list_stale:
            self._list_stale = False
            self.records.refresh()
        elif widget is self.tasks:
            self.tasks.refresh()

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget in (self.records, self.tasks) or widget is None:
            return
        self.tabs.removeTab(index)
        widget.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        BackgroundJob.stop_all()
        super().closeEvent(event)
