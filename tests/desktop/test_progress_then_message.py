"""A result message appears only after the progress dialog of the finished work is gone."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication, QProgressDialog
from test_task_import import ROWS, write_workbook

from desktop import interaction
from desktop.background import DIALOG_DELAY_MS


class ProgressWatchingInteraction(interaction.ScriptedInteraction):
    """Notes, with each message, whether a progress dialog was still on screen."""

    def _note(self, kind: str, title: str, message: str) -> None:
        visible = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        super()._note(kind, f"{title}|progress shown={bool(visible)}", message)


def test_task_import_tells_its_result_after_closing_the_progress(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "任务.xlsx", ROWS * 200)
    watching = ProgressWatchingInteraction(echo=False)
    previous = interaction.install(watching)
    try:
        view = window.tasks
        job = view.import_file(path)
        time.sleep(DIALOG_DELAY_MS / 1000 + 0.1)   # long enough for the progress dialog to show
        with qtbot.waitSignal(job.finished, timeout=20000):
            pass
    finally:
        interaction.install(previous)
    titles = [title for kind, title, _ in watching.messages if kind in ("error", "info")]
    assert titles == ["导入任务清单|progress shown=False"]
