"""Table models of the conflicts view: the waiting conflicts, and one conflict's differing answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from forms.model import FormDefinition
from forms.store.clock import local_text
from reports.excel.format.cells import cell_writer
from forms.store.conflicts import ConflictEntry

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole


class _Table(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, ...]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if role != DISPLAY or not index.isValid():
            return None
        return self.rows[index.row()][index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class ConflictListModel(_Table):
    """One row per conflict waiting for review."""

    headers = ("记录编号", "调查表", "修订号", "来源文件", "发现时间", "不同的内容")

    def __init__(self, catalog: Mapping[str, FormDefinition]) -> None:
        super().__init__()
        self.catalog = catalog
        self.entries: list[ConflictEntry] = []

    def set_entries(self, entries: Sequence[ConflictEntry]) -> None:
        self.entries = list(entries)
        self.set_rows([self._row(entry) for entry in self.entries])

    def _row(self, entry: ConflictEntry) -> tuple[str, ...]:
        form = self.catalog.get(entry.incoming.form_id)
        labels = [label_of(form, key) for key in entry.differing_answers()]
        return (entry.record_id[:8], form.title if form else entry.incoming.form_id, str(entry.revision),
                entry.source, local_text(entry.detected_at), "、".join(labels) or "计算结果或系统列")


class ComparisonModel(_Table):
    """The answers on which the stored and the incoming version differ, side by side."""

    headers = ("字段", "本机版本", "导入版本")

    def __init__(self, catalog: Mapping[str, FormDefinition]) -> None:
        super().__init__()
        self.catalog = catalog

    def show(self, entry: ConflictEntry | None) -> None:
        if entry is None:
            self.set_rows([])
            return
        form = self.catalog.get(entry.incoming.form_id)
        stored = entry.stored.answers if entry.stored else {}
        self.set_rows([(label_of(form, key), shown(form, key, stored.get(key)),
                        shown(form, key, entry.incoming.answers.get(key)))
                       for key in entry.differing_answers()])


def label_of(form: FormDefinition | None, key: str) -> str:
    return form.field(key).label if form is not None and form.has_field(key) else key


def shown(form: FormDefinition | None, key: str, value: object) -> str:
    """Show a value as it appears in an export: labels for choices, dates as dates."""
    if value is None:
        return "（空）"
    if form is None or not form.has_field(key) or isinstance(value, list) and value and isinstance(value[0], dict):
        return str(value)
    return str(cell_writer(form.field(key))(value) or "（空）")
