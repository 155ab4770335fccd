"""Opening records in the main window: new drafts, drafts from tasks, wizards and histories as tabs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop import interaction
from desktop.app_context import AppContext
from desktop.history_view import HistoryView
from desktop.task_view import task_place
from desktop.wizard.survey_editor import SurveyEditor
from forms.store.tasks import TaskRow, set_task_status

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


class RecordTabs:
    """Creates records and shows each open record (and history) as a tab of `window`."""

    def __init__(self, window: MainWindow, context: AppContext) -> None:
        self.window = window
        self.context = context

    def new_record(self) -> SurveyEditor | None:
        forms = list(self.context.catalog.values())
        choice = interaction.current().choose_item(self.window, "新建记录", "选择调查表：", [f.title for f in forms])
        if choice is None:
            return None
        return self.create_and_open(forms[choice].id, {})

    def start_task(self, task: TaskRow, form_id: str) -> SurveyEditor:
        editor = self.create_and_open(form_id, task_place(task))
        if task.status == "todo":
            set_task_status(self.context.db, task.id, "in_progress")
        self.window.tasks.refresh()
        return editor

    def create_and_open(self, form_id: str, place: dict[str, str]) -> SurveyEditor:
        inspector = self.context.inspector
        answers = {"inspector": inspector.name, "survey_date": dt.date.today().isoformat()}
        snapshot = self.context.store.create(form_id, inspector=inspector.name, place=place, answers=answers)
        self.window.mark_list_stale()
        editor = self.open_record(snapshot.id)
        editor.focus_first_field()
        return editor

    def open_record(self, record_id: str) -> SurveyEditor:
        tabs = self.window.tabs
        existing = self._open_tab(SurveyEditor, f"survey_{record_id}")
        if existing is not None:
            tabs.setCurrentWidget(existing)
            return existing
        editor = SurveyEditor(self.context, record_id)
        index = self.window.add_tab(editor, editor.title(), closable=True)
        editor.title_changed.connect(lambda title, e=editor: self._retitle(e, title))
        editor.record_saved.connect(lambda _id: self.window.mark_list_stale())
        editor.history_requested.connect(self.open_history)
        tabs.setCurrentIndex(index)
        return editor

    def open_history(self, record_id: str) -> HistoryView:
        """Show the record's audit trail (rebuilt each time so it is current)."""
        old = self._open_tab(HistoryView, f"history_{record_id}")
        if old is not None:
            self.window.close_tab(self.window.tabs.indexOf(old))
        view = HistoryView(self.context, record_id)
        self.window.tabs.setCurrentIndex(self.window.add_tab(view, "修改历史", closable=True))
        return view

    def current_editor(self) -> SurveyEditor | None:
        widget = self.window.tabs.currentWidget()
        return widget if isinstance(widget, SurveyEditor) else None

    def flush(self, widget: QWidget) -> None:
        """Write any change an editor tab still holds back (before it closes)."""
        if isinstance(widget, SurveyEditor):
            widget.session.flush()

    def flush_all(self) -> None:
        tabs = self.window.tabs
        for index in range(tabs.count()):
            self.flush(tabs.widget(index))

    def _open_tab(self, kind: type, name: str):
        """Return the open tab of `kind` named `name` (closed tabs may await deletion)."""
        tabs = self.window.tabs
        return next((w for w in map(tabs.widget, range(tabs.count()))
                     if isinstance(w, kind) and w.objectName() == name), None)

    def _retitle(self, editor: SurveyEditor, title: str) -> None:
        index = self.window.tabs.indexOf(editor)
        if index >= 0:
            self.window.tabs.setTabText(index, title)
