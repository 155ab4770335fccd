"""The restore view: the database's backups with date and record counts, back up now, restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from desktop import defs, interaction
from desktop.backup_ui.backup_list_model import BackupListModel
from desktop.background import run_operation
from desktop.builders import create_button, create_label, create_list_table, hbox, vbox
from forms.store.backup import (
    BackupInfo,
    RestoreResult,
    backup_keep,
    backup_now,
    backups_dir,
    list_backups,
    restore_backup,
)
from forms.store.clock import local_text
from forms.store.database import Database


def restore_question(info: BackupInfo) -> str:
    """Ask plainly before a restore replaces the database."""
    when = local_text(info.created_at)
    return (f"将用 {when} 的备份（{info.reason_label}，{info.records} 条记录）替换当前数据库。\n"
            "替换前会先自动备份当前数据库，之后仍可再恢复回来。是否继续？")


def restored_message(result: RestoreResult) -> str:
    kept = f"\n恢复前的数据库已另存为备份：{result.safety_backup.path.name}" if result.safety_backup else ""
    return f"已恢复到 {local_text(result.restored.created_at)} 的备份（{result.restored.records} 条记录），完整性检查通过。{kept}"


class RestoreView(QWidget):
    """Lists the backups of `db_path`; with `db`, can also back up now (keeping the setting's count)."""

    restored = Signal(object)        # RestoreResult, after a restore: reload anything read from the store
    backup_made = Signal(object)     # BackupInfo

    def __init__(self, db_path: Path, db: Database | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore_view")
        self.db_path = Path(db_path)
        self.db = db
        self.model = BackupListModel(parent=self)
        self.table = self._table()
        self.summary = create_label(object_name="backup_summary")
        self.backup_button = create_button("立即备份", on_click=self.backup_now, object_name="backup_now")
        self.backup_button.setEnabled(db is not None)
        self.restore_button = create_button("恢复所选备份…", on_click=self.restore_selected,
                                            object_name="restore_selected")
        refresh = create_button("刷新", on_click=self.refresh)
        self.setLayout(vbox(self.summary, self.table, hbox(refresh, 1, self.backup_button, self.restore_button),
                            margin=defs.MARGIN))
        self.refresh()

    def _table(self) -> QTableView:
        table = create_list_table(self.model, touch_rows=False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.doubleClicked.connect(lambda _index: self.restore_selected())
        return table

    def refresh(self) -> None:
        """Read the backup folder again."""
        self.model.set_backups(list_backups(self.db_path))
        keep = f"，保留最近 {backup_keep(self.db)} 份" if self.db is not None else ""
        count = self.model.rowCount()
        self.summary.setText(f"共 {count} 份备份（位置：{backups_dir(self.db_path)}{keep}）。"
                             "备份会在每天第一次启动、每次导入和合并之前自动进行。")
        if count:
            self.table.selectRow(0)
        self._selection_changed()

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup(rows[0].row()) if rows else None

    def select_backup(self, path: Path) -> None:
        """Select the row of the backup at `path`."""
        for row in range(self.model.rowCount()):
            if self.model.backup(row).path == Path(path):
                self.table.selectRow(row)

    def backup_now(self) -> None:
        if self.db is None:
            return
        db = self.db
        run_operation(self, "正在备份数据库", lambda _progress: backup_now(db, "manual"), self._backed_up)

    def restore_selected(self) -> None:
        info = self.selected_backup()
        if info is None or not info.readable:
            interaction.current().show_error(self, "恢复备份", "这份备份无法读取，不能用来恢复；请选择其他备份。")
            return
        if not interaction.current().confirm(self, "恢复备份", restore_question(info)):
            return
        path, db_path = info.path, self.db_path
        run_operation(self, "正在恢复备份", lambda _progress: restore_backup(db_path, path), self._restored)

    def _backed_up(self, info: BackupInfo) -> None:
        self.refresh()
        self.backup_made.emit(info)

    def _restored(self, result: RestoreResult) -> None:
        self.refresh()
        interaction.current().show_info(self, "恢复备份", restored_message(result))
        self.restored.emit(result)

    def _selection_changed(self, *_args) -> None:
        info = self.selected_backup()
        self.restore_button.setEnabled(info is not None and info.readable)
