"""Workbooks and photos over the size limits are refused with a code before they are read."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from forms.demo import generate
from forms.loader import load_catalog
from forms.size_limits import MAX_CELL_CHARS, MAX_PHOTO_PIXELS, MAX_SHEET_ROWS
from forms.store.database import open_database
from forms.store.errors import StoreError
from forms.store.photos import add_photo
from reports.excel.read import input_limits
from reports.excel.errors import ExcelError
from reports.excel.export import export_workbook
from reports.excel.merge.workbooks import merge_workbooks
from reports.excel.read.workbook_reader import read_export

CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"></Types>')
CENTRAL_HEADER = b"PK\x01\x02"


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    catalog = load_catalog()
    folder = tmp_path_factory.mktemp("limits")
    db = open_database(folder / "citycheck.sqlite3")
    generate(db, 6, 2, catalog)
    path = export_workbook(db, folder / "导出.xlsx", catalog=catalog).path
    db.close()
    return path


def refusal(path: Path) -> ExcelError:
    with pytest.raises(ExcelError) as refused:
        read_export(path, load_catalog())
    return refused.value


def workbook_with_sheet(path: Path, rows) -> Path:
    """A zip that looks like a workbook, whose one sheet part streams `rows` (bytes) in."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<worksheet><sheetData>')
            for chunk in rows:
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return path


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    zeros = (bytes(1 << 20) for _ in range(40))           # 40 MB of one byte packs ~1000 times
    error = refusal(workbook_with_sheet(tmp_path / "炸弹.xlsx", zeros))
    assert error.code == "import-111" and "xl/worksheets/sheet1.xml" in error.message
    assert error.where == "炸弹.xlsx"


def test_more_inflated_data_than_allowed_is_refused(export, monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_INFLATED_BYTES", 100_000)
    error = refusal(export)
    assert error.code == "import-112" and "分批导出" in error.message


def test_a_million_row_sheet_is_refused_naming_the_part(tmp_path):
    rows = (b"".join(b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c></row>' % (n, n, n)
                     for n in range(start, start + 50_000)) for start in range(1, 1_000_001, 50_000))
    path = workbook_with_sheet(tmp_path / "百万行.xlsx", rows)
    error = refusal(path)
    assert error.code == "import-114"
    assert "xl/worksheets/sheet1.xml" in error.message and f"{MAX_SHEET_ROWS} 行" in error.message


def test_a_part_larger_than_its_header_says_is_refused(export, tmp_path):
    """Shrink the declared size of the first sheet in the zip directory: the header now lies."""
    data = bytearray(export.read_bytes())
    with zipfile.ZipFile(export) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    at = data.find(info.filename.encode(), data.find(CENTRAL_HEADER)) - 46   # its entry in the zip directory
    assert data[at:at + 4] == CENTRAL_HEADER
    struct.pack_into("<L", data, at + 24, 1000)                   # uncompressed size
    lying = tmp_path / "说谎.xlsx"
    lying.write_bytes(bytes(data))
    error = refusal(lying)
    assert error.code == "import-113" and "1000 字节" in error.message


def test_a_cell_longer_than_excel_allows_is_refused_naming_the_cell(export, tmp_path):
    book = load_workbook(export)
    book["房屋安全"]["C2"] = "长" * (MAX_CELL_CHARS + 1)
    long_cell = tmp_path / "长文本.xlsx"
    book.save(long_cell)
    error = refusal(long_cell)
    assert error.code == "import-115"
    assert error.where == "长文本.xlsx, sheet 房屋安全, cell C2"
    with pytest.raises(ExcelError) as merged:
        merge_workbooks([long_cell, export], tmp_path / "合并.xlsx", catalog=load_catalog())
    assert "import-115" in str(merged.value)
    assert not (tmp_path / "合并.xlsx").exists()


def huge_jpeg_header(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims `width` × `height` pixels."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, format="JPEG")
    data = bytearray(out.getvalue())
    frame = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, frame + 5, height, width)
    return bytes(data)


def test_a_photo_claiming_12000_by_12000_pixels_is_refused_before_decoding(tmp_path):
    db = open_database(tmp_path / "citycheck.sqlite3")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with pytest.raises(StoreError) as refused:
                add_photo(db, huge_jpeg_header(12000, 12000))
    finally:
        db.close()
    assert refused.value.code == "store-016"
    assert "12000×12000" in refused.value.message and f"{MAX_PHOTO_PIXELS // 1_000_000} 百万像素" in refused.value.message
