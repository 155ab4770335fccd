"""Progress reporting for long work, shared by the command line and the desktop app."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class Cancelled(Exception):
    """Raised inside long work when the person asked to stop it."""


class ProgressReporter(Protocol):
    def start(self, total: int, label: str) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    """Reports nowhere and is never cancelled."""

    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def cancelled(self) -> bool:
        return False


class TextProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    width = 30

    def __init__(self, stream: TextIO | None = None, interval: float = 0.1) -> None:
        self.stream = stream or sys.stderr
        self.interval = interval
        self.total = 0
        self.done = 0
        self.label = ""
        self._last_draw = 0.0

    def start(self, total: int, label: str) -> None:
        self.total, self.done, self.label = max(total, 0), 0, label
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw(force=self.done >= self.total)

    def cancelled(self) -> bool:
        return False

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        share = self.done / self.total if self.total else 1.0
        filled = int(self.width * min(share, 1.0))
        bar = "█" * filled + "░" * (self.width - filled)
        end = "\n" if self.total and self.done >= self.total else ""
        self.stream.write(f"\r{self.label} {bar} {self.done}/{self.total}{end}")
        self.stream.flush()


def raise_if_cancelled(progress: ProgressReporter) -> None:
    if progress.cancelled():
        raise Cancelled()
