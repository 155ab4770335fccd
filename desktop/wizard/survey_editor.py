"""The survey wizard for one record: side list, one page per section, findings, finalize."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from desktop import defs, interaction
from desktop.app_context import AppContext
from desktop.builders import create_action, create_button, create_label, hbox, vbox
from desktop.wizard.finalize_page import FinalizePage
from desktop.wizard.findings_panel import FindingsPanel
from desktop.wizard.record_session import RecordSession
from desktop.wizard.section_list import SectionList
from desktop.wizard.section_page import SectionPage

FINALIZE_KEY = "__finalize__"
SCOPE = Qt.ShortcutContext.WidgetWithChildrenShortcut


class SurveyEditor(QWidget):
    """Edits one record; every change is saved as it is made."""

    record_saved = Signal(str)
    history_requested = Signal(str)
    title_changed = Signal(str)

    def __init__(self, context: AppContext, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = RecordSession(context, record_id, self)
        self.form = self.session.form
        self.setObjectName(f"survey_{record_id}")
        self.pages: dict[int, SectionPage] = {}
        self._visited: set[int] = set(range(self._resume_index()))
        self._shown = False
        self._stale: set[int] = set()
        self.section_list = SectionList(self.form)
        self.stack = QStackedWidget()
        for _ in self.form.sections:
            self.stack.addWidget(QWidget())
        self.finalize_page = FinalizePage(self.form)
        self.stack.addWidget(self.finalize_page)
        self.findings = FindingsPanel()
        self.heading = create_label(bold=True, point_size=defs.TITLE_POINT_SIZE - 1, wrap=False)
        self.notice = create_label(colour=defs.ERROR_COLOUR, bold=True, object_name="status_notice")
        self._build_actions()
        self._build_layout()
        self._connect()
        self._show_status()
        self._show_returned(self.session.returned_reason())
        self.go_to(self._resume_index())

    # -- navigation -------------------------------------------------------------------
    @property
    def current_index(self) -> int:
        return self.stack.currentIndex()

    def section_count(self) -> int:
        return len(self.form.sections)

    def page(self, index: int) -> SectionPage:
        """Return the page of section `index`, building it on first use."""
        if index not in self.pages:
            page = SectionPage(self.form.sections[index], self.session)
            page.end_reached.connect(self._next_and_focus)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[index] = page
            if index in self._visited:
                page.reveal()
        return self.pages[index]

    def go_to(self, index: int) -> None:
        """Show section `index` (or the finalize page after the last section)."""
        index = max(0, min(index, self.section_count()))
        if self._shown and index != self.current_index:
            self._leave(self.current_index)
        self._shown = True
        if index < self.section_count():
            page = self.page(index)
            if index in self._stale:
                page.refresh()
                self._stale.discard(index)
            self.session.visit_section(self.form.sections[index].key)
        else:
            self._show_finalize_state()
            self.session.visit_section(FINALIZE_KEY)
        self.stack.setCurrentIndex(index)
        self.section_list.blockSignals(True)
        self.section_list.setCurrentRow(index)
        self.section_list.blockSignals(False)
        self._update_nav()

    def _leave(self, index: int) -> None:
        self._visited.add(index)
        if index in self.pages:
            self.pages[index].reveal()

    def go_next(self) -> None:
        self.go_to(self.current_index + 1)

    def _next_and_focus(self) -> None:
        self.go_next()
        self.focus_first_field()

    def go_previous(self) -> None:
        self.go_to(self.current_index - 1)

    def jump_to_field(self, section_key: str, path: str) -> None:
        """Open the section holding `path` and put the cursor in its field."""
        index = next(i for i, s in enumerate(self.form.sections) if s.key == section_key)
        self.go_to(index)
        self.pages[index].focus_field(path.split("[", 1)[0])

    def focus_first_field(self) -> None:
        if self.current_index < self.section_count():
            widget = self.page(self.current_index).first_input()
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- record actions ---------------------------------------------------------------
    def finalize(self) -> bool:
        if self.session.finalize():
            self._show_returned(None)
            self._refresh_all()
            return True
        return False

    def unlock_for_edit(self) -> bool:
        """Ask for the reason to change a final record; editing is allowed once given."""
        reason = interaction.current().ask_text(
            self, "修改定稿记录", "该记录已定稿。请填写修改原因（将记入修改历史）：")
        if not reason or not reason.strip():
            return False
        self.session.unlock_with_reason(reason)
        return True

    # -- building ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        stack = self.session.undo_stack
        self.undo_action = create_action(self, "撤销", shortcuts=[defs.UNDO_KEY], on_trigger=stack.undo, context=SCOPE)
        self.redo_action = create_action(self, "重做", shortcuts=[defs.REDO_KEY, "Ctrl+Y"],
                                         on_trigger=stack.redo, context=SCOPE)
        self.next_action = create_action(self, "下一节", shortcuts=defs.NEXT_SECTION_KEYS,
                                         on_trigger=self.go_next, context=SCOPE)
        self.previous_action = create_action(self, "上一节", shortcuts=defs.PREVIOUS_SECTION_KEYS,
                                             on_trigger=self.go_previous, context=SCOPE)
        self.finalize_action = create_action(self, "定稿", shortcuts=[defs.FINALIZE_KEY],
                                             on_trigger=self._finalize_from_key, context=SCOPE)
        self.addActions([self.undo_action, self.redo_action, self.next_action,
                         self.previous_action, self.finalize_action])

    def _build_layout(self) -> None:
        self.undo_button = create_button("撤销", tooltip=defs.UNDO_KEY, on_click=self.session.undo_stack.undo)
        self.redo_button = create_button("重做", tooltip=defs.REDO_KEY, on_click=self.session.undo_stack.redo)
        self.unlock_button = create_button("修改定稿记录…", on_click=self.unlock_for_edit, object_name="unlock")
        history = create_button("修改历史", on_click=lambda: self.history_requested.emit(self.session.record_id))
        self.previous_button = create_button("◀ 上一节", tooltip=" / ".join(defs.PREVIOUS_SECTION_KEYS),
                                             on_click=self.go_previous)
        self.next_button = create_button("下一节 ▶", tooltip=" / ".join(defs.NEXT_SECTION_KEYS),
                                         on_click=self.go_next, object_name="next_section")
        for button in (self.undo_button, self.redo_button, history, self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.saved_note = create_label(colour=defs.HINT_COLOUR, wrap=False)
        top = hbox(self.heading, 1, self.unlock_button, self.undo_button, self.redo_button, history)
        centre = vbox(self.stack, hbox(self.previous_button, self.next_button, 1, self.saved_note))
        body = hbox(self.section_list, centre, self.findings, spacing=defs.SPACING)
        self.setLayout(vbox(top, self.notice, body, margin=defs.MARGIN))

    def _connect(self) -> None:
        self.section_list.currentRowChanged.connect(self.go_to)
        self.session.changed.connect(self._on_changed)
        self.session.status_changed.connect(self._refresh_all)
        self.session.returned_to_draft.connect(self._show_returned)
        self.session.saved.connect(self.record_saved)
        self.session.saved.connect(lambda _id: self._show_saved())
        self.session.undo_stack.canUndoChanged.connect(self._update_nav)
        self.session.undo_stack.canRedoChanged.connect(self._update_nav)
        self.finalize_page.jump_requested.connect(self.jump_to_field)
        self.finalize_page.finalize_requested.connect(self.finalize)

    # -- reacting to the session ------------------------------------------------------
    def _on_changed(self, key: str) -> None:
        for index, page in self.pages.items():
            if key in page.rows:
                page.show_values({key})
            if index == self.current_index:
                page.refresh()
            else:
                self._stale.add(index)
        self._show_status()
        if self.current_index == self.section_count():
            self._show_finalize_state()

    def _refresh_all(self) -> None:
        for page in self.pages.values():
            page.show_values()
            page.refresh()
        self._stale.clear()
        self._show_status()
        self._show_finalize_state()

    def title(self) -> str:
        """Return the tab title: survey and building."""
        place = self.session.value("building_code") or self.session.value("address") or "新记录"
        return f"{self.form.title} · {place}"

    def _show_status(self) -> None:
        assessment = self.session.assessment
        self.section_list.show_states(assessment)
        self.findings.show_assessment(assessment)
        snapshot = self.session.snapshot
        status = defs.STATUS_LABELS.get(snapshot.status, snapshot.status)
        if snapshot.is_final and self.session.editable:
            status += "（修改中）"
        title = self.title()
        self.heading.setText(f"{title}　〔{status}〕")
        self.unlock_button.setVisible(snapshot.is_final and not self.session.editable)
        self.title_changed.emit(title)

    def _show_returned(self, reason: str | None) -> None:
        """Show, above the form, why an edit sent this record back to draft (hidden otherwise)."""
        self.notice.setText(f"⚠ {reason}。请补全或更正后重新定稿。" if reason else "")
        self.notice.setVisible(bool(reason))

    def _show_finalize_state(self) -> None:
        self.finalize_page.show_assessment(self.session.assessment, is_final=self.session.is_final)

    def _show_saved(self) -> None:
        self.saved_note.setText(f"已自动保存 · 第 {self.session.snapshot.revision} 版")

    def _update_nav(self, *_args: object) -> None:
        self.previous_button.setEnabled(self.current_index > 0)
        self.next_button.setEnabled(self.current_index < self.section_count())
        stack = self.session.undo_stack
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())

    def _finalize_from_key(self) -> None:
        self.go_to(self.section_count())
        if self.session.assessment.evaluation.can_finalize and not self.session.is_final:
            self.finalize()

    def _resume_index(self) -> int:
        last = self.session.snapshot.last_section
        if last == FINALIZE_KEY:
            return self.section_count()
        keys = [s.key for s in self.form.sections]
        return keys.index(last) if last in keys else 0
