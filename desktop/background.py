"""Run long work off the GUI thread with progress, cancel and a coded-error message."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop import interaction
from forms.errors import CodedError
from forms.store.faults import store_fault
from reports.progress import Cancelled, ProgressReporter

T = TypeVar("T")
log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.05   # at most 20 progress signals a second reach the GUI
DIALOG_DELAY_MS = 400        # quick work finishes without a dialog flashing up


class _WorkerProgress:
    """The ProgressReporter handed to the operation inside the worker thread."""

    def __init__(self, thread: _WorkerThread, stop: threading.Event) -> None:
        self._thread = thread
        self._stop = stop
        self._total = 0
        self._done = 0
        self._last_emit = 0.0

    def start(self, total: int, label: str) -> None:
        self._total, self._done = max(total, 0), 0
        self._thread.progress_started.emit(self._total, label)

    def advance(self, n: int = 1) -> None:
        self._done += n
        now = time.monotonic()
        if self._done >= self._total or now - self._last_emit >= PROGRESS_INTERVAL_S:
            self._last_emit = now
            self._thread.progressed.emit(self._done, self._total)

    def cancelled(self) -> bool:
        return self._stop.is_set()


@dataclass(frozen=True)
class Outcome:
    """How an operation ended: "done" with a result, "failed" with an error, or "cancelled"."""

    kind: str
    value: object = None


class _WorkerThread(QThread):
    """Runs the operation; its progress signals are queued to the GUI thread."""

    progress_started = Signal(int, str)
    progressed = Signal(int, int)

    def __init__(self, operation: Callable[[ProgressReporter], object],
                 stop: threading.Event, parent: QObject) -> None:
        super().__init__(parent)
        self._operation = operation
        self._stop = stop
        self.outcome = Outcome("cancelled")

    def run(self) -> None:
        try:
            result = self._operation(_WorkerProgress(self, self._stop))
        except Cancelled:
            self.outcome = Outcome("cancelled")
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the GUI thread
            self.outcome = Outcome("failed", error)
        else:
            self.outcome = Outcome("done", result)
        finally:
            self._operation = None  # drop whatever the closure holds as soon as it is done


class BackgroundJob(QObject):
    """One operation run on its own thread; every signal arrives on the GUI thread."""

    progress_started = Signal(int, str)   # total, label
    progressed = Signal(int, int)         # done, total
    succeeded = Signal(object)            # the operation's result
    failed = Signal(object)               # the exception it raised
    cancelled = Signal()                  # it raised Cancelled
    finished = Signal()                   # after any of the three above

    def __init__(self, operation: Callable[[ProgressReporter], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread = _WorkerThread(operation, self._stop, self)
        self._thread.progress_started.connect(self.progress_started)
        self._thread.progressed.connect(self.progressed)
        self._thread.finished.connect(self._on_thread_finished)
        self._running = False

    # Running jobs hold themselves here, so neither garbage collection nor a closing
    # window can destroy a thread that is still working.
    _running_jobs: set[BackgroundJob] = set()

    def start(self) -> BackgroundJob:
        """Start the operation on its own thread."""
        self._running = True
        BackgroundJob._running_jobs.add(self)
        self._thread.start()
        return self

    @classmethod
    def stop_all(cls, timeout_ms: int = 5000) -> bool:
        """Cancel every running job and wait for their threads; True when all ended."""
        jobs = list(cls._running_jobs)
        for job in jobs:
            job.cancel()
        return all(job.wait(timeout_ms) for job in jobs)

    def cancel(self) -> None:
        """Ask the operation to stop; it sees `cancelled()` return True."""
        self._stop.set()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the thread ends (used when the app closes); True if it ended."""
        if timeout_ms < 0:
            return self._thread.wait()
        return self._thread.wait(timeout_ms)

    def is_running(self) -> bool:
        return self._running

    def is_cancel_requested(self) -> bool:
        return self._stop.is_set()

    def _on_thread_finished(self) -> None:
        self._running = False
        outcome = self._thread.outcome
        if outcome.kind == "done":
            self.succeeded.emit(outcome.value)
        elif outcome.kind == "failed":
            log.debug("background operation failed", exc_info=outcome.value)
            self.failed.emit(outcome.value)
        else:
            self.cancelled.emit()
        self._thread.outcome = Outcome("cancelled")
        self.finished.emit()
        # Let go of ourselves only after this slot has returned to Qt.
        QTimer.singleShot(0, self._release)

    def _release(self) -> None:
        BackgroundJob._running_jobs.discard(self)


def run_operation(
    parent: QWidget | None,
    title: str,
    operation: Callable[[ProgressReporter], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> BackgroundJob:
    """Run `operation` in the background behind a progress dialog with a cancel button.

    `on_done(result)` runs on the GUI thread; Cancelled ends quietly; any other error
    goes to `on_error`, or else is shown (coded errors with their code) as a message.
    """
    job = BackgroundJob(operation)
    dialog = _progress_dialog(parent, title, job)
    # Close the dialog before the result is told: a message under a finished progress
    # dialog is hidden from the person (and the modal dialog blocks it).
    for outcome in (job.succeeded, job.failed, job.cancelled):
        outcome.connect(lambda *_args: _close(dialog))
    job.succeeded.connect(on_done)
    job.failed.connect(on_error or (lambda error: show_failure(parent, title, error)))
    return job.start()


def show_failure(parent: QWidget | None, title: str, error: BaseException) -> None:
    """Tell the person what went wrong, with the code of a coded error."""
    coded = error if isinstance(error, CodedError) else store_fault(error)
    if coded is not None:
        interaction.current().show_error(parent, title, str(coded))
        return
    log.error("unexpected failure in %s", title, exc_info=error)
    interaction.current().show_error(parent, title, f"意外错误（{type(error).__name__}）：{error}")


def _progress_dialog(parent: QWidget | None, title: str, job: BackgroundJob) -> QProgressDialog:
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(DIALOG_DELAY_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    dialog.canceled.connect(job.cancel)
    dialog.canceled.connect(lambda: dialog.setLabelText("正在取消…"))
    job.progress_started.connect(lambda total, label: _restart(dialog, total, label))
    job.progressed.connect(lambda done, total: dialog.setValue(min(done, total)) if total else None)
    return dialog


def _restart(dialog: QProgressDialog, total: int, label: str) -> None:
    dialog.setRange(0, total)
    dialog.setLabelText(label)
    dialog.setValue(0)


def _close(dialog: QProgressDialog) -> None:
    dialog.hide()
    dialog.deleteLater()
