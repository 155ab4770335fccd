"""Read building codes from QR codes and barcodes in an image (zxing-cpp), without Qt."""

from __future__ import annotations

import zxingcpp
from PIL import Image


def read_codes(image: Image.Image) -> list[str]:
    """Return the text of every valid QR code or barcode in `image`, in reading order."""
    grey = image if image.mode == "L" else image.convert("L")
    return [result.text.strip() for result in zxingcpp.read_barcodes(grey)
            if result.valid and result.text.strip()]
