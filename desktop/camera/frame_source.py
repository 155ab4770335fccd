"""The seam between the camera dialogs and whatever gives them pictures.

A `FrameSource` emits live frames and, when asked, one still; a `CameraProvider` says whether
a camera can be used here (and why not) and opens a source. The app installs the device
camera's provider; tests install one that serves prepared images.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance


class FrameSignals(QObject):
    """The signals every frame source emits; sources derive from it."""

    frame_ready = Signal(object)      # QImage of the live view
    still_captured = Signal(object)   # QImage of the photo taken
    failed = Signal(str)              # what went wrong, in Chinese


class FrameSource(Protocol):
    """Live pictures: `frame_ready` while started, `still_captured` after `capture_still()`."""

    frame_ready: SignalInstance
    still_captured: SignalInstance
    failed: SignalInstance

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def capture_still(self) -> None: ...


class CameraProvider(Protocol):
    def problem(self) -> str:
        """Return why no camera can be used here (Chinese), or "" when one can."""
        ...

    def open(self, parent: QObject | None = None) -> FrameSource:
        """Return a source for the camera; call only when `problem()` is empty."""
        ...


_installed: list[CameraProvider] = []


def current() -> CameraProvider:
    """Return the camera every view uses (the device camera unless another was installed)."""
    if not _installed:
        from desktop.camera.device_camera import DeviceCamera

        _installed.append(DeviceCamera())
    return _installed[-1]


def install(provider: CameraProvider | None) -> CameraProvider | None:
    """Make `provider` current (None: the device camera again) and return the one it replaces."""
    previous = _installed[-1] if _installed else None
    _installed.clear()
    if provider is not None:
        _installed.append(provider)
    return previous
