"""Checks that a workbook given to import or merge stays within `forms.size_limits`, before it is read.

A workbook is a zip of XML parts, and python-calamine builds whatever it holds in memory. So:

* the zip directory (`zipfile.ZipFile.infolist`) must declare parts that inflate at most
  MAX_COMPRESSION_RATIO times their packed size, and MAX_INFLATED_BYTES in all;
* every worksheet part is inflated once, a piece at a time, never past its declared size (zipfile
  stops there and checks the CRC-32, so a part whose header lies is refused), counting its rows
  and cells against MAX_SHEET_ROWS and MAX_SHEET_CELLS;
* after reading, no text cell may reach Excel's own limit, MAX_CELL_CHARS: python-calamine cuts
  longer text there, and a record must not be imported without the end of its text.

Each refusal is a coded import-11x error naming the file, the part or the cell.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Sequence
from typing import BinaryIO

from openpyxl.utils import get_column_letter

from forms.size_limits import (
    MAX_CELL_CHARS,
    MAX_COMPRESSION_RATIO,
    MAX_INFLATED_BYTES,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    RATIO_CHECKED_FROM,
)
from reports.excel.errors import excel_error

READ_CHUNK = 1 << 20                   # inflate a part a megabyte at a time
WORKSHEETS = "xl/worksheets/"
# Element starts counted; the few `<rowBreaks`, `<cols`, `<cfRule` … counted too only err on the safe side.
ROW_START = b"<row"
CELL_START = b"<c"
OVERLAP = len(ROW_START) - 1


def check_packing(archive: zipfile.ZipFile, where: str) -> None:
    """Refuse a zip whose directory declares a part packed tighter than MAX_COMPRESSION_RATIO."""
    for info in archive.infolist():
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise excel_error("import-111", where, member=info.filename, ratio=round(ratio),
                              limit=MAX_COMPRESSION_RATIO)


def check_zip_directory(archive: zipfile.ZipFile, where: str) -> None:
    """Refuse a workbook whose zip directory declares a part packed too tightly or too much inflated data."""
    check_packing(archive, where)
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_INFLATED_BYTES:
        raise excel_error("import-112", where, size=_megabytes(total), limit=_megabytes(MAX_INFLATED_BYTES))


def check_workbook(stream: BinaryIO, where: str) -> None:
    """Check a workbook's zip directory, then inflate each worksheet part counting its rows and cells."""
    with zipfile.ZipFile(stream) as archive:
        check_zip_directory(archive, where)
        for info in archive.infolist():
            if info.filename.startswith(WORKSHEETS) and info.filename.endswith(".xml"):
                _check_sheet_part(archive, info, where)


def check_cell_lengths(rows: Sequence[Sequence[object]], where: str) -> None:
    """Refuse a sheet's rows (as read) when a text cell reaches Excel's limit; name the cell.

    python-calamine cuts longer text to MAX_CELL_CHARS, so a cell read at the limit may have lost its end.
    """
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value.__class__ is str and len(value) >= MAX_CELL_CHARS:
                raise excel_error("import-115", f"{where}, cell {_cell_name(column, number)}", limit=MAX_CELL_CHARS)


def _check_sheet_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> None:
    rows = cells = 0
    tail = b""
    try:
        # zipfile stops at the declared size and then checks the CRC-32: a lying header fails here.
        with archive.open(info) as part:
            while piece := part.read(READ_CHUNK):
                window = tail + piece
                tail = window[-OVERLAP:]    # a start inside the tail is counted with the next piece
                rows += window.count(ROW_START) - tail.count(ROW_START)
                cells += window.count(CELL_START) - tail.count(CELL_START)
                _check_counts(rows, cells, info.filename, where)
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise excel_error("import-113", where, member=info.filename, declared=info.file_size,
                          detail=error) from error
    _check_counts(rows + tail.count(ROW_START), cells + tail.count(CELL_START), info.filename, where)


def _check_counts(rows: int, cells: int, member: str, where: str) -> None:
    if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
        raise excel_error("import-114", where, member=member, rows=MAX_SHEET_ROWS, cells=MAX_SHEET_CELLS)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def _cell_name(column: int, row: int) -> str:
    return f"{get_column_letter(column)}{row}"
