"""The dialog shown at start when the database fails its integrity check: restore, or quit."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from desktop import defs
from desktop.backup_ui.restore_view import RestoreView
from desktop.builders import create_button, create_label, hbox, vbox
from forms.store.backup import BackupInfo
from forms.store.startup_check import StartupCheck


class IntegrityFailureDialog(QDialog):
    """Says plainly that the database is damaged; accepted means "restore chosen_backup()"."""

    def __init__(self, check: StartupCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrity_failure_dialog")
        self.setWindowTitle("数据库已损坏")
        self.check = check
        self._chosen: BackupInfo | None = None
        self.message = create_label(check.message(), colour=defs.ERROR_COLOUR, object_name="integrity_message")
        self.backups = RestoreView(check.report.path, parent=self)
        self.backups.restore_button.hide()
        self.backups.hide()
        self.restore_newest = create_button("从最近的完好备份恢复", default=True, on_click=self._restore_newest,
                                            object_name="restore_newest")
        self.restore_newest.setEnabled(check.newest_good is not None)
        self.choose = create_button("选择其他备份…", on_click=self._choose, object_name="choose_backup")
        self.restore_chosen = create_button("恢复所选备份", on_click=self._restore_chosen,
                                            object_name="restore_chosen")
        self.restore_chosen.hide()
        quit_button = create_button("退出程序", on_click=self.reject, object_name="quit")
        self.setLayout(vbox(self.message, self.backups,
                            hbox(quit_button, 1, self.choose, self.restore_chosen, self.restore_newest),
                            margin=defs.PAGE_MARGIN, spacing=defs.LARGE_SPACING))
        self.setMinimumWidth(560)

    def chosen_backup(self) -> BackupInfo | None:
        """Return the backup to restore once the dialog was accepted."""
        return self._chosen

    def _restore_newest(self) -> None:
        self._chosen = self.check.newest_good
        self.accept()

    def _choose(self) -> None:
        self.backups.show()
        self.choose.hide()
        self.restore_chosen.show()

    def _restore_chosen(self) -> None:
        info = self.backups.selected_backup()
        if info is not None and info.readable:
            self._chosen = info
            self.accept()
