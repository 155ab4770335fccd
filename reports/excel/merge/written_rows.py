"""Survey rows as CityCheck wrote them, passed on unchanged: a merge of 100,000 records 20 % faster.

Measured with `bench/bench_excel.py --count 100000 --before <checkout rendering every row> --only
merge`: 0.85× and 0.75× of the time (two alternated rounds, 20 files, shared two-core machine).

A sheet CityCheck wrote holds, after openpyxl's header row, `<row>` elements with no row numbers
and no cell references (see `format/row_xml`). Such a row means the same wherever it stands, so a
merge that has checked the row's values (read by python-calamine from these same bytes) can write
the bytes as they are instead of rendering the values again. zipfile reads the member (and checks
its CRC-32), on the loader threads while the merge works on the file before.

Anything else leaves the sheet to be rendered: rows or cells with references (every other program
writes them, so the file was saved by Excel, WPS or LibreOffice), or cell styles other than the
ones the merged workbook has.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.etree import ElementTree

from reports.excel.format.row_xml import ROW_CLOSE, ROW_OPEN, cell_formats
from reports.excel.write.splice import END_OF_DATA, sheet_members

SHEET_DATA = b"<sheetData>"
REFERENCE = b' r="'          # every other program numbers rows and cells
LAST_ROW_END = ROW_CLOSE + END_OF_DATA
UNREADABLE = (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, ElementTree.ParseError)


def written_rows(path: Path, sheets: Iterable[str], formats: Sequence[str]) -> dict[str, list[bytes]]:
    """For each of `sheets` whose rows are as CityCheck writes them, its data rows' cells.

    `formats`: the number format of each cell style of the workbook the rows go to; a file whose
    cell styles differ gives nothing, so a row's style ids mean the same in both. A file zipfile
    cannot read gives nothing too: its rows are rendered from the cells python-calamine read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            if cell_formats(archive.read("xl/styles.xml")) != tuple(formats):
                return {}
            members = sheet_members(archive)
            found = {}
            for name in sheets:
                rows = data_rows(archive.read(members[name])) if name in members else None
                if rows is not None:
                    found[name] = rows
            return found
    except UNREADABLE:
        return {}


def data_rows(sheet: bytes) -> list[bytes] | None:
    """The cells of each row after the header, or None unless every row is as CityCheck writes it."""
    header_end = _header_end(sheet)
    end = sheet.rfind(END_OF_DATA)
    if header_end < 0 or end < header_end:
        return None
    if header_end == end:
        return []
    if (not sheet.startswith(ROW_OPEN, header_end) or not sheet.startswith(ROW_CLOSE, end - len(ROW_CLOSE))
            or sheet.find(REFERENCE, header_end, end) >= 0):
        return None
    rows = sheet[header_end + len(ROW_OPEN):end - len(ROW_CLOSE)].split(ROW_CLOSE + ROW_OPEN)
    return rows


def _header_end(sheet: bytes) -> int:
    """Where the header row (the sheet's first row) ends, or -1."""
    start = sheet.find(SHEET_DATA)
    end = sheet.find(ROW_CLOSE, start) if start >= 0 else -1
    return end + len(ROW_CLOSE) if end >= 0 else -1
