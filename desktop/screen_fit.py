"""Keep windows inside the screen's free area (a 1366×768 laptop with a taskbar has about 728 px)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop import defs


def free_size(widget: QWidget) -> QSize:
    """Return the room a window of `widget` has inside, less its title bar and borders."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    return QSize(available.width() - defs.WINDOW_FRAME_ALLOWANCE[0],
                 available.height() - defs.WINDOW_FRAME_ALLOWANCE[1])


def fit_to_screen(widget: QWidget, width: int, height: int) -> QSize:
    """Resize `widget` to width × height, or smaller where the screen is smaller; return the size."""
    size = QSize(width, height).boundedTo(free_size(widget)).expandedTo(widget.minimumSize())
    widget.resize(size)
    return size
