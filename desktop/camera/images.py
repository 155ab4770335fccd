"""Hand Qt images to Pillow: encoded bytes for storing, greyscale pixels for decoding."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage


def png_bytes(image: QImage) -> bytes:
    """Return `image` encoded as PNG (lossless: the JPEG is made once, with its EXIF)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def grey_pillow_image(image: QImage) -> Image.Image:
    """Return a greyscale Pillow copy of `image` (what the code reader needs)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    size = (grey.width(), grey.height())
    return Image.frombuffer("L", size, bytes(grey.constBits()), "raw", "L", grey.bytesPerLine(), 1)
