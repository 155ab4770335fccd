"""The background helper: results, progress, cancel and coded errors reach the GUI thread."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from desktop.background import BackgroundJob, run_operation
from forms.errors import CodedError
from reports.progress import Cancelled


def test_job_delivers_result_on_gui_thread(qtbot):
    seen = {}

    def operation(progress):
        seen["worker"] = QThread.currentThread()
        progress.start(3, "计数")
        for _ in range(3):
            progress.advance()
        return 42

    job = BackgroundJob(operation)
    done = []
    job.succeeded.connect(lambda result: done.append((result, QThread.currentThread())))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert done[0][0] == 42
    assert done[0][1] is not seen["worker"]
    assert not job.is_running()
    job.deleteLater()


def test_progress_reaches_the_gui(qtbot):
    def operation(progress):
        progress.start(5, "导入")
        for _ in range(5):
            progress.advance()
        return None

    job = BackgroundJob(operation)
    started, steps = [], []
    job.progress_started.connect(lambda total, label: started.append((total, label)))
    job.progressed.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert started == [(5, "导入")]
    assert steps[-1] == (5, 5)
    job.deleteLater()


def test_cancel_sets_the_flag_and_ends_quietly(qtbot):
    begun = threading.Event()

    def operation(progress):
        progress.start(0, "等待")
        begun.set()
        while not progress.cancelled():
            time.sleep(0.01)
        raise Cancelled()

    job = BackgroundJob(operation)
    outcomes = []
    job.succeeded.connect(lambda r: outcomes.append("done"))
    job.failed.connect(lambda e: outcomes.append("failed"))
    job.cancelled.connect(lambda: outcomes.append("cancelled"))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
        assert begun.wait(5)
        job.cancel()
    assert outcomes == ["cancelled"]
    job.deleteLater()


def test_run_operation_calls_on_done(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    results = []
    job = run_operation(parent, "计算", lambda progress: "好", results.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert results == ["好"]


def test_run_operation_shows_coded_error(qtbot, scripted_interaction):
    parent = QWidget()
    qtbot.addWidget(parent)

    def operation(progress):
        raise CodedError("import-007", "任务.xlsx, row 3", "缺少楼栋编码")

    job = run_operation(parent, "导入任务", operation, lambda result: None)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert scripted_interaction.errors() == ["[import-007] 任务.xlsx, row 3: 缺少楼栋编码"]


def test_run_operation_shows_a_damaged_database_as_store_015(qtbot, scripted_interaction):
    import sqlite3

    parent = QWidget()
    qtbot.addWidget(parent)
    damage = sqlite3.DatabaseError("database disk image is malformed")
    damage.sqlite_errorcode = 11      # what SQLite sets for a damaged page (SQLITE_CORRUPT)

    def operation(progress):
        raise damage

    job = run_operation(parent, "区级汇总报告", operation, lambda result: None)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    [shown] = scripted_interaction.errors()
    assert shown.startswith("[store-015] 数据库: 数据库文件已损坏") and "citycheck restore" in shown


def test_run_operation_hands_errors_to_on_error(qtbot, scripted_interaction):
    parent = QWidget()
    qtbot.addWidget(parent)
    errors = []
    job = run_operation(parent, "导入任务", lambda p: 1 / 0, lambda r: None, errors.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)
    assert scripted_interaction.errors() == []


def test_cancel_button_of_dialog_cancels(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    begun = threading.Event()

    def operation(progress):
        begun.set()
        while not progress.cancelled():
            time.sleep(0.01)
        raise Cancelled()

    job = run_operation(parent, "长任务", operation, lambda r: None)
    assert begun.wait(5)
    dialog = parent.findChild(QProgressDialog)
    button = dialog.findChild(QPushButton)
    with qtbot.waitSignal(job.finished, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert job.is_cancel_requested()


def test_stop_all_cancels_running_jobs(qtbot):
    def operation(progress):
        while not progress.cancelled():
            time.sleep(0.01)
        raise Cancelled()

    job = BackgroundJob(operation).start()
    with qtbot.waitSignal(job.finished, timeout=5000):
        assert BackgroundJob.stop_all(5000)
