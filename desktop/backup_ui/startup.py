"""The start-up hook: check the database before opening it, offer a restore, then the daily backup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop import interaction
from desktop.backup_ui.integrity_dialog import IntegrityFailureDialog
from desktop.backup_ui.restore_view import restored_message
from forms.errors import CodedError
from forms.store.backup import BackupInfo, backup_at_start, restore_backup
from forms.store.database import Database
from forms.store.startup_check import StartupCheck, check_at_start

log = logging.getLogger(__name__)
TITLE = "数据库完整性检查"


def check_database_at_start(db_path: Path, parent: QWidget | None = None, *, check: StartupCheck | None = None,
                            run_dialog: Callable[[IntegrityFailureDialog], int] = QDialog.exec) -> bool:
    """Run `PRAGMA integrity_check` before the store is opened; True when the app may go on.

    On failure the person is told plainly and may restore a backup (the damaged file is kept
    as a backup first) or quit; False means quit. Pass `check` when `check_at_start` already
    ran on a worker thread (it reads the whole file, seconds for a large database).
    """
    if check is None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            check = check_at_start(Path(db_path))
        finally:
            QApplication.restoreOverrideCursor()
    if check.ok:
        return True
    log.error("integrity check failed for %s: %s", Path(db_path).name, check.report.summary)
    dialog = IntegrityFailureDialog(check, parent)
    try:
        accepted = run_dialog(dialog) == QDialog.DialogCode.Accepted
        chosen = dialog.chosen_backup()
    finally:
        dialog.deleteLater()
    return accepted and chosen is not None and _restore(Path(db_path), chosen, parent)


def _restore(db_path: Path, backup: BackupInfo, parent: QWidget | None) -> bool:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = restore_backup(db_path, backup.path)
    except CodedError as error:
        interaction.current().show_error(parent, TITLE, str(error))
        return False
    finally:
        QApplication.restoreOverrideCursor()
    interaction.current().show_info(parent, TITLE, restored_message(result))
    return True


def daily_backup(db: Database, parent: QWidget | None = None) -> BackupInfo | None:
    """Make the first-start-of-the-day backup (GUI thread); a failure is logged and shown, never fatal."""
    try:
        return backup_at_start(db)
    except CodedError as error:
        log.warning("start backup failed: %s", error.code)
        interaction.current().show_error(parent, "自动备份", str(error))
        return None
