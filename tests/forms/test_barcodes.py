"""QR codes and barcodes of building codes are read from plain images."""

from __future__ import annotations

import zxingcpp
from PIL import Image

from forms.barcodes import read_codes


def code_image(text: str, fmt=zxingcpp.BarcodeFormat.QRCode, scale: int = 4) -> Image.Image:
    """Draw `text` as a QR code (or another format) on a white photo-sized image."""
    symbol = zxingcpp.create_barcode(text, fmt).to_image(scale=scale)
    height, width = symbol.shape[:2]
    code = Image.frombytes("L", (width, height), bytes(memoryview(symbol)))
    photo = Image.new("RGB", (640, 480), "white")
    photo.paste(code.convert("RGB"), (100, 60))
    return photo


def test_reads_a_qr_code_in_a_photo():
    assert read_codes(code_image("500107001")) == ["500107001"]


def test_reads_a_code128_barcode():
    assert read_codes(code_image("B-0042", zxingcpp.BarcodeFormat.Code128, scale=3)) == ["B-0042"]


def test_an_image_without_a_code_reads_nothing():
    assert read_codes(Image.new("RGBA", (320, 240), "grey")) == []
