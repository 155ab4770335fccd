"""One record open for editing: answers, autosave on every change, undo/redo, live assessment."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop import interaction
from desktop.app_context import AppContext
from desktop.wizard.answer_paths import split_path, value_at, with_value
from forms.assessment import Assessment, assess
from forms.errors import CodedError
from forms.model import FormDefinition
from forms.store.json_text import canonical_json, to_json
from forms.store.record_version import RecordVersion
from forms.store.records import DRAFT, STATUS_FIELD

TYPING_MERGE_ID = 3001
AUDITED_TYPING_PAUSE_MS = 1500


class SetAnswerCommand(QUndoCommand):
    """Set one top-level answer; consecutive typing into the same field merges into one step."""

    def __init__(self, session: RecordSession, key: str, old: object, new: object, typing: bool) -> None:
        super().__init__(f"修改“{session.label_of(key)}”")
        self.session = session
        self.key = key
        self.old = old
        self.new = new
        self.typing = typing

    def redo(self) -> None:
        self.session.apply_answer(self.key, self.new, typing=self.typing)
        self.typing = False  # a later redo (after an undo) saves at once

    def undo(self) -> None:
        self.session.apply_answer(self.key, self.old)

    def id(self) -> int:
        return TYPING_MERGE_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetAnswerCommand) or other.key != self.key or not other.typing:
            return False
        self.new = other.new
        return True


class RecordSession(QObject):
    """Holds a record's answers while it is edited and writes every change to the store."""

    changed = Signal(str)          # top-level answer key that changed
    status_changed = Signal()      # finalized, unlocked for editing with a reason, or returned to draft
    returned_to_draft = Signal(str)  # why an edit sent a final record back to draft
    saved = Signal(str)            # record id, after every write

    def __init__(self, context: AppContext, record_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.snapshot: RecordVersion = context.store.get(record_id)
        self.form: FormDefinition = context.catalog[self.snapshot.form_id]
        self.answers: dict[str, object] = dict(self.snapshot.answers)
        self.undo_stack = QUndoStack(self)
        self._reason: str | None = None
        self.assessment: Assessment = self._assess()
        # Typing into a final record is saved after a pause, so the audit trail holds one
        # entry per edit rather than one per keystroke; drafts are saved on every keystroke.
        self._audited_save = QTimer(self, singleShot=True, interval=AUDITED_TYPING_PAUSE_MS)
        self._audited_save.timeout.connect(self._save)

    @property
    def record_id(self) -> str:
        return self.snapshot.id

    @property
    def is_final(self) -> bool:
        return self.snapshot.is_final

    @property
    def editable(self) -> bool:
        """Drafts are editable; a final record only after a reason was given."""
        return not self.is_final or self._reason is not None

    def label_of(self, key: str) -> str:
        return self.form.field(key).label if self.form.has_field(key) else key

    def value(self, path: str) -> object:
        return value_at(self.answers, path)

    def set_value(self, path: str, value: object, *, typing: bool = False) -> None:
        """Change the answer at `path` as one undoable step (typing merges into the last step)."""
        if not self.editable:
            return
        key = split_path(path)[0]
        new = with_value(self.answers, path, value).get(key)
        old = self.answers.get(key)
        if canonical_json(old) == canonical_json(new):
            return
        self.undo_stack.push(SetAnswerCommand(self, key, old, new, typing))

    def apply_answer(self, key: str, value: object, *, typing: bool = False) -> None:
        """Store `value` under `key`, autosave and re-assess (used by undo commands)."""
        self.answers = with_value(self.answers, key, value)
        self.assessment = self._assess()  # assessed once: the store saves this same assessment
        if typing and self.is_final:
            self._audited_save.start()
        else:
            self._save()
        self.changed.emit(key)

    def flush(self) -> None:
        """Write a change still waiting for the typing pause (on leaving a field, page or tab)."""
        if self._audited_save.isActive():
            self._audited_save.stop()
            self._save()

    def visit_section(self, section_key: str) -> None:
        """Remember the section shown, so reopening resumes there."""
        self._audited_save.stop()
        self._write(last_section=section_key)

    def unlock_with_reason(self, reason: str) -> None:
        """Allow editing a final record; every change is audited with `reason`."""
        self._reason = reason.strip()
        self.status_changed.emit()

    def finalize(self) -> bool:
        """Finalize the record; tell the person why when the store refuses."""
        try:
            self.snapshot = self.context.store.finalize(self.record_id, who=self.context.inspector.signature)
        except CodedError as error:
            interaction.current().show_error(None, "不能定稿", str(error))
            return False
        self._reason = None
        self.undo_stack.clear()
        self.status_changed.emit()
        self.saved.emit(self.record_id)
        return True

    def _save(self) -> None:
        self._audited_save.stop()
        self._write(last_section=None)

    def returned_reason(self) -> str | None:
        """Why this draft was sent back from final by an edit, or None when it was not."""
        if self.is_final:
            return None
        changes = [e for e in self.context.store.history(self.record_id) if e.field == STATUS_FIELD]
        if changes and changes[-1].new == to_json(DRAFT):
            return changes[-1].reason
        return None

    def _write(self, last_section: str | None) -> None:
        was_final = self.is_final
        reason = self._reason if was_final else None
        try:
            self.snapshot = self.context.store.save_answers(
                self.record_id, self.answers, who=self.context.inspector.signature,
                reason=reason, last_section=last_section, assessment=self.assessment)
        except CodedError as error:
            interaction.current().show_error(None, "保存失败", str(error))
            return
        if was_final and not self.is_final:
            self._reason = None
            self.returned_to_draft.emit(self.returned_reason() or "")
            self.status_changed.emit()
        self.saved.emit(self.record_id)

    def _assess(self) -> Assessment:
        return assess(self.form, self.answers, profile=self.context.store.profile)
