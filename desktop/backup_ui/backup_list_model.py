"""The backups of one database as a table: time, reason, record counts, size."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from forms.store.backup import BackupInfo
from forms.store.clock import local_text

COLUMNS = ("时间", "原因", "记录数", "已定稿", "草稿", "大小")
UNREADABLE = "无法读取"


def cell_text(info: BackupInfo, column: int) -> str:
    if column == 0:
        return local_text(info.created_at, seconds=True)
    if column == 1:
        return info.reason_label
    if column == 5:
        return info.size_text
    if not info.readable:
        return UNREADABLE if column == 2 else ""
    return str((info.records, info.final, info.draft)[column - 2])


class BackupListModel(QAbstractTableModel):
    """Read-only rows of BackupInfo, newest first as listed."""

    def __init__(self, backups: list[BackupInfo] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._backups = list(backups or [])

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.beginResetModel()
        self._backups = list(backups)
        self.endResetModel()

    def backup(self, row: int) -> BackupInfo:
        return self._backups[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._backups)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        info = self._backups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(info, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
