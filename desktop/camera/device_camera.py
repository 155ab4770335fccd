"""The device's own camera through QtMultimedia (which some PySide6 builds or machines lack)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.camera.frame_source import FrameSignals

try:  # QtMultimedia needs system libraries (PulseAudio, FFmpeg) that a machine may lack
    from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices, QVideoSink
    MULTIMEDIA_PROBLEM = ""
except ImportError as error:  # pragma: no cover - depends on the machine
    MULTIMEDIA_PROBLEM = f"本机缺少摄像头组件（QtMultimedia：{error}），只能从文件添加照片"

NO_CAMERA = "本机未检测到摄像头，请从文件添加照片（可一次选择多张）"


class DeviceCamera:
    """Provides the system's default camera."""

    def problem(self) -> str:
        if MULTIMEDIA_PROBLEM:
            return MULTIMEDIA_PROBLEM
        return "" if QMediaDevices.videoInputs() else NO_CAMERA

    def open(self, parent: QObject | None = None) -> CameraSource:
        return CameraSource(parent)


class CameraSource(FrameSignals):
    """Frames from the default camera into a video sink; stills through QImageCapture."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.camera = QCamera(QMediaDevices.defaultVideoInput(), self)
        self.sink = QVideoSink(self)
        self.still = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.session.setImageCapture(self.still)
        self.sink.videoFrameChanged.connect(lambda frame: self.frame_ready.emit(frame.toImage()))
        self.still.imageCaptured.connect(lambda _id, image: self.still_captured.emit(image))
        self.still.errorOccurred.connect(lambda _id, _error, text: self.failed.emit(f"拍照失败：{text}"))
        self.camera.errorOccurred.connect(lambda _error, text: self.failed.emit(f"摄像头出错：{text}"))

    def start(self) -> None:
        self.camera.start()

    def stop(self) -> None:
        self.camera.stop()

    def capture_still(self) -> None:
        if self.still.isReadyForCapture():
            self.still.capture()
        else:
            self.failed.emit("摄像头尚未就绪，请稍候再拍")
