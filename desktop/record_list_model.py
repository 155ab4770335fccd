"""The records list as a lazy table model: pages come from the store as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop import defs
from forms.rules.catalogue import colour_name
from forms.store.clock import local_text
from forms.store.record_filter import RecordFilter
from forms.store.record_rows import RecordListRow
from forms.store.records import RecordStore

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    order_key: str | None
    text: Callable[[RecordListRow, Callable[[str], str]], str]


def _summary_text(row: RecordListRow, _title: Callable[[str], str]) -> str:
    """Return the grade and colour label, e.g. "C 橙色", or "未标色（待定）" before the 初判."""
    grade = row.summary.get("grade") or ""
    colour = colour_name(row.summary["colour"]) if "colour" in row.summary else ""
    return f"{grade} {colour}".strip()


COLUMNS = (
    Column("调查表", "form_id", lambda row, title: title(row.form_id)),
    Column("状态", "status", lambda row, _t: defs.STATUS_LABELS.get(row.status, row.status)),
    Column("区", "district", lambda row, _t: row.district or ""),
    Column("街道", "street", lambda row, _t: row.street or ""),
    Column("社区", "community", lambda row, _t: row.community or ""),
    Column("小区", "estate", lambda row, _t: row.estate or ""),
    Column("楼栋编码", "building_code", lambda row, _t: row.building_code or ""),
    Column("地址", "address", lambda row, _t: row.address or ""),
    Column("调查员", "inspector", lambda row, _t: row.inspector or ""),
    Column("等级/标色", None, _summary_text),
    Column("更新时间", "updated_at", lambda row, _t: local_text(row.updated_at)),
)
STATUS_COLUMN = 1
UPDATED_COLUMN = len(COLUMNS) - 1


class RecordListModel(QAbstractTableModel):
    """Records matching a filter, fetched from the store one page at a time."""

    filter_changed = Signal()

    def __init__(self, store: RecordStore, form_title: Callable[[str], str],
                 page_size: int = defs.LIST_PAGE_SIZE, parent=None) -> None:
        super().__init__(parent)
        self._store = store
        self._form_title = form_title
        self._page_size = page_size
        self._filter = RecordFilter()
        self._order_by = "-updated_at"
        self._rows: list[RecordListRow] = []
        self._exhausted = False

    @property
    def record_filter(self) -> RecordFilter:
        return self._filter

    def set_filter(self, record_filter: RecordFilter) -> None:
        """Show the records matching `record_filter`, starting again from the first page."""
        self._filter = record_filter
        self.reload()
        self.filter_changed.emit()

    def reload(self) -> None:
        """Drop the loaded pages and fetch the first one again."""
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def row_at(self, row: int) -> RecordListRow:
        return self._rows[row]

    def row_of(self, record_id: str) -> int | None:
        """Return the row of a loaded record, or None."""
        return next((i for i, item in enumerate(self._rows) if item.id == record_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = self._store.ids_page(self._filter, self._order_by, offset=len(self._rows),
                                    limit=self._page_size)
        self._exhausted = len(page) < self._page_size
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()].text(row, self._form_title)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == STATUS_COLUMN:
            return QColor(defs.FINAL_COLOUR if row.status == "final" else defs.DRAFT_COLOUR)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].order_key
        order_by = key if order == Qt.SortOrder.AscendingOrder else f"-{key}"
        if key is None or order_by == self._order_by:
            return
        self._order_by = order_by
        self.reload()
