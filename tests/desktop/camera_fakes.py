"""Cameras for tests: one that serves prepared images as its live view and stills, one that is absent."""

from __future__ import annotations

import zxingcpp
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.camera.frame_source import FrameSignals

FRAME_INTERVAL_MS = 20
FRAME_SIZE = (640, 480)


def plain_frame(colour: str) -> QImage:
    """Return a camera frame of one colour (a wall, a sky)."""
    image = QImage(*FRAME_SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    return image


def code_frame(text: str, fmt=zxingcpp.BarcodeFormat.QRCode, scale: int = 4) -> QImage:
    """Return a camera frame showing `text` as a QR code (or another format) on a white wall."""
    symbol = zxingcpp.create_barcode(text, fmt).to_image(scale=scale)
    height, width = symbol.shape[:2]
    code = QImage(bytes(memoryview(symbol)), width, height, width, QImage.Format.Format_Grayscale8)
    frame = plain_frame("white")
    painter = QPainter(frame)
    painter.drawImage(100, 60, code)
    painter.end()
    return frame


class ImageFrameSource(FrameSignals):
    """Sends its images as frames in turn, over and over; a still is the frame last sent."""

    def __init__(self, images: list[QImage], parent: QObject | None = None, stops: list | None = None) -> None:
        super().__init__(parent)
        self.images = images
        self.stops = stops if stops is not None else []   # one entry per stop(), kept by the camera too
        self.sent = 0
        self.running = False
        self.timer = QTimer(self, interval=FRAME_INTERVAL_MS)
        self.timer.timeout.connect(self._send)

    def start(self) -> None:
        self.running = True
        self.timer.start()

    def stop(self) -> None:
        self.running = False
        self.stops.append(self.sent)
        self.timer.stop()

    def capture_still(self) -> None:
        if not self.sent:
            self.failed.emit("摄像头尚未就绪，请稍候再拍")
            return
        self.still_captured.emit(self.images[(self.sent - 1) % len(self.images)])

    def _send(self) -> None:
        self.frame_ready.emit(self.images[self.sent % len(self.images)])
        self.sent += 1


class ImageCamera:
    """A camera whose pictures are `images`; keeps every source it opened."""

    def __init__(self, images: list[QImage]) -> None:
        self.images = images
        self.sources: list[ImageFrameSource] = []
        self.stops: list[int] = []   # frames sent when a source was stopped (outlives the source)

    def problem(self) -> str:
        return ""

    def open(self, parent: QObject | None = None) -> ImageFrameSource:
        source = ImageFrameSource(self.images, parent, self.stops)
        self.sources.append(source)
        return source


class NoCamera:
    """A device without a camera."""

    def __init__(self, reason: str = "本机未检测到摄像头，请从文件添加照片（可一次选择多张）") -> None:
        self.reason = reason

    def problem(self) -> str:
        return self.reason

    def open(self, parent: QObject | None = None) -> ImageFrameSource:
        raise AssertionError("a missing camera must not be opened")
