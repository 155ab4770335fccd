"""Review conflicts kept by import and pick, for each, the version to keep."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QTableView, QWidget

from desktop import defs
from desktop.background import BackgroundJob, run_operation
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.exchange.conflict_models import ComparisonModel, ConflictListModel
from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.conflicts import KEEP_INCOMING, KEEP_STORED, ConflictEntry, open_conflicts, resolve_conflict

TITLE = "处理冲突"


class ConflictsView(QWidget):
    """The conflicts waiting for review; each is settled by keeping the stored or the incoming version."""

    resolved = Signal(str)   # the record id whose conflict was settled

    def __init__(self, db: Database, catalog: Mapping[str, FormDefinition], parent: QWidget | None = None,
                 *, who: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_view")
        self.setWindowTitle(TITLE)
        self.db, self.who = db, who
        self.last_job: BackgroundJob | None = None
        self.conflicts = ConflictListModel(catalog)
        self.comparison = ComparisonModel(catalog)
        self.list_view = _table(self.conflicts, "conflict_list")
        self.compare_view = _table(self.comparison, "conflict_comparison")
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.status = create_label("", colour=defs.HINT_COLOUR, object_name="conflicts_status")
        self.keep_stored = create_button("保留本机版本", on_click=lambda: self.keep(KEEP_STORED),
                                         object_name="keep_stored")
        self.keep_incoming = create_button("保留导入版本", on_click=lambda: self.keep(KEEP_INCOMING),
                                           object_name="keep_incoming")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list_view)
        splitter.addWidget(self.compare_view)
        self.setLayout(vbox(splitter, self.status,
                            hbox(1, self.keep_stored, self.keep_incoming,
                                 create_button("刷新", on_click=self.refresh)),
                            margin=defs.PAGE_MARGIN))
        self.refresh()

    def refresh(self) -> None:
        self.conflicts.set_entries(open_conflicts(self.db))
        if self.conflicts.entries:
            self.list_view.selectRow(0)
        self._show_current()

    def current(self) -> ConflictEntry | None:
        row = self.list_view.currentIndex().row()
        return self.conflicts.entries[row] if 0 <= row < len(self.conflicts.entries) else None

    def keep(self, which: str) -> BackgroundJob | None:
        entry = self.current()
        if entry is None:
            return None
        db, who = self.db, self.who or "本机"
        self._enable(False)
        self.last_job = run_operation(self, TITLE, lambda _progress: resolve_conflict(
            db, entry.id, keep=which, who=who), lambda version: self._settled(version.id))
        self.last_job.finished.connect(self.refresh)
        return self.last_job

    def _settled(self, record_id: str) -> None:
        self.status.setText(f"已处理记录 {record_id[:8]} 的冲突；保留的版本以新修订号保存，合并时优先。")
        self.resolved.emit(record_id)

    def _show_current(self) -> None:
        entry = self.current()
        self.comparison.show(entry)
        self._enable(entry is not None)
        if not self.conflicts.entries:
            self.status.setText("没有待处理的冲突。")

    def _enable(self, enabled: bool) -> None:
        self.keep_stored.setEnabled(enabled)
        self.keep_incoming.setEnabled(enabled)


def _table(model, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view
