"""Dialogs over a live camera view: take a photo, or scan a building's QR code or barcode."""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QSizePolicy, QWidget

from desktop import defs
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.camera.frame_source import CameraProvider
from desktop.camera.images import grey_pillow_image
from desktop.screen_fit import fit_to_screen
from forms.barcodes import read_codes

VIEW_SIZE = QSize(640, 480)
SCAN_INTERVAL_S = 0.25   # decode at most four frames a second; the rest only show


class LiveViewDialog(QDialog):
    """Shows the camera's frames; stops the camera when closed."""

    def __init__(self, camera: CameraProvider, title: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.source = source = camera.open(self)
        self.view = QLabel("正在打开摄像头…")
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setMinimumSize(VIEW_SIZE / 2)
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)   # frames never grow it
        self.note = create_label(note, colour=defs.HINT_COLOUR)
        self.buttons = hbox(1)
        self.buttons.addWidget(create_button("取消", on_click=self.reject))
        self.setLayout(vbox(self.view, self.note, self.buttons, margin=defs.MARGIN))
        fit_to_screen(self, VIEW_SIZE.width() + 2 * defs.MARGIN, VIEW_SIZE.height() + 120)
        source.frame_ready.connect(self.show_frame)
        source.failed.connect(self.note.setText)

    def open(self) -> None:
        """Show the dialog window-modal and start the camera; it is stopped and deleted when closed."""
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.finished.connect(lambda _result: self.source.stop())
        super().open()
        self.source.start()

    def show_frame(self, image: QImage) -> None:
        self.view.setPixmap(QPixmap.fromImage(image).scaled(
            self.view.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))


class CameraDialog(LiveViewDialog):
    """Takes one photo; `image` holds it once the dialog is accepted."""

    def __init__(self, camera: CameraProvider, parent: QWidget | None = None) -> None:
        super().__init__(camera, "拍照", "对准拍摄对象后点击“拍照”。", parent)
        self.image: QImage | None = None
        self.shoot = create_button("拍照", on_click=self.source.capture_still, default=True, object_name="shoot")
        self.buttons.insertWidget(0, self.shoot)
        self.source.still_captured.connect(self._taken)

    def _taken(self, image: QImage) -> None:
        self.image = image
        self.accept()


class ScanDialog(LiveViewDialog):
    """Reads the first QR code or barcode in view; `code` holds it once accepted."""

    def __init__(self, camera: CameraProvider, parent: QWidget | None = None) -> None:
        super().__init__(camera, "扫码查找楼栋", "把楼栋编码的二维码或条形码放进画面，识别后自动查找。", parent)
        self.code = ""
        self._last_scan = 0.0
        self.source.frame_ready.connect(self._scan)

    def _scan(self, image: QImage) -> None:
        now = time.monotonic()
        if self.code or now - self._last_scan < SCAN_INTERVAL_S:
            return
        self._last_scan = now
        codes = read_codes(grey_pillow_image(image))
        if codes:
            self.code = codes[0]
            self.accept()
