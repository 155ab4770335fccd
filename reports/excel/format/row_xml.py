"""Sheet rows as SpreadsheetML text, straight from cell values: how CityCheck writes survey rows.

Building an openpyxl cell object for every cell costs ten times what reading it did. Rows here are
rendered into the `<c>` elements of a `<row>` with no references at all: rows follow each other
after the header, cells follow each other from column A (empty ones as `<c/>`, trailing ones too).
Excel, WPS, LibreOffice, openpyxl and python-calamine all read that. Equal rows are equal bytes,
wherever in the sheet they are, so the same record renders the same row XML whichever path read it.

Values are what python-calamine gives back: text, float, bool, date and datetime, and "" for an
empty cell; anything openpyxl would write (int, None) is taken too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS

from reports.excel.format.cells import EXCEL_EPOCH
from reports.excel.format.xml_text import escape_cell_text

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW_OPEN, ROW_CLOSE = b"<row>", b"</row>"      # rows carry no number: each follows the one before
EMPTY = "<c/>"
TEXT_OPEN, TEXT_CLOSE = '<c t="inlineStr"><is><t>', "</t></is></c>"
SPACED_OPEN = '<c t="inlineStr"><is><t xml:space="preserve">'
NUMBER_OPEN, NUMBER_CLOSE = "<c><v>", "</v></c>"
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})   # a bare CR would read back as LF
XML_SPACE = " \t\n\r"
MEMO_SIZE = 20_000      # rendered cells remembered; the memo starts over when full
MEMO_TEXT = 48          # longer texts are rendered every time
MEMO_KINDS = frozenset({str, float, dt.date, dt.datetime})     # values that equal only their own kind


def excel_serial(moment: dt.datetime) -> float:
    """Days since 1899-12-30 with the time as a fraction, computed as openpyxl's to_excel does."""
    days = (moment - EXCEL_EPOCH).days
    if 0 < days <= 60:
        days -= 1
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 10**6
    return days + seconds / 86400


class RowRenderer:
    """Renders cell values; dates and times use the workbook's date and datetime styles.

    Most cells repeat (choice labels, counts, place names), so rendered cells are remembered by
    value and most cells cost one dictionary lookup. Rows are rendered a column at a time: a merge
    holds each sheet as columns, and one column holds one kind of value.
    """

    def __init__(self, date_style: int, datetime_style: int) -> None:
        self.styles = (date_style, datetime_style)
        self._date_open = f'<c s="{date_style}"><v>'
        self._datetime_open = f'<c s="{datetime_style}"><v>'
        self._memo = _CellMemo(self.cell)

    def cells(self, values: Sequence[object]) -> str:
        """Return the cells of one row."""
        return "".join(self.column(values))

    def column(self, values: Sequence[object], remember: bool = True) -> list[str]:
        """Return each value's cell; `remember=False` for values that rarely repeat (UUIDs, times)."""
        if remember and set(map(type, values)) <= MEMO_KINDS:
            return list(map(self._memo.__getitem__, values))
        if plain_texts(values):
            return [TEXT_OPEN + value + TEXT_CLOSE for value in values]
        return list(map(self.cell, values))

    def rows(self, columns: Sequence[Sequence[str]]) -> list[bytes]:
        """Join rendered columns (see `column`) into each row's cells, as UTF-8."""
        return list(map(str.encode, map("".join, zip(*columns))))

    def cell(self, value: object) -> str:
        """One value's cell."""
        kind = value.__class__
        if kind is str:
            if not value:
                return EMPTY
            if (value.isprintable() and "<" not in value and "&" not in value and ">" not in value
                    and value[0] != " " and value[-1] != " " and "_x" not in value):
                return TEXT_OPEN + value + TEXT_CLOSE     # the common case: nothing to escape
            return self.text(value)
        if kind is float and value - value == 0.0:      # finite
            return NUMBER_OPEN + repr(value) + NUMBER_CLOSE
        return self.other(value)

    def text(self, value: str) -> str:
        """A text cell: characters no xlsx file may hold escaped (xml_text), markup escaped, spaces kept."""
        value = escape_cell_text(value)
        spaced = value[0] in XML_SPACE or value[-1] in XML_SPACE       # before "\r" becomes "&#13;"
        if "&" in value or "<" in value or ">" in value or "\r" in value:
            value = value.translate(ESCAPES)
        return (SPACED_OPEN if spaced else TEXT_OPEN) + value + TEXT_CLOSE

    def other(self, value: object) -> str:
        if value is None or value == "":
            return EMPTY
        if value is True or value is False:
            return f'<c t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):      # an int as the float python-calamine reads back
            return NUMBER_OPEN + repr(float(value)) + NUMBER_CLOSE if math.isfinite(value) else EMPTY
        if isinstance(value, dt.datetime):
            return self._datetime_open + repr(excel_serial(value)) + NUMBER_CLOSE
        if isinstance(value, dt.date):
            return self._date_open + repr(excel_serial(dt.datetime.combine(value, dt.time()))) + NUMBER_CLOSE
        return self.text(str(value))


def plain_texts(values: Sequence[object]) -> bool:
    """Whether every value is text `RowRenderer.cell` writes as it is (UUIDs, checks, hidden JSON).

    Checked on the column joined into one text, so a column costs a few scans instead of a call per cell.
    """
    if set(map(type, values)) != {str} or "" in values:
        return False
    joined = "".join(values)
    return (joined.isprintable() and "<" not in joined and ">" not in joined and "&" not in joined
            and "_x" not in joined and all(map(str.__eq__, map(str.strip, values), values)))


class _CellMemo(dict):
    """Rendered cells by value, filled on first use; long texts (notes, hidden data) are not kept.

    Look up only values of MEMO_KINDS: True equals 1.0 and would find the number's cell.
    """

    def __init__(self, render) -> None:
        super().__init__()
        self.render = render

    def __missing__(self, value: object) -> str:
        cell = self.render(value)
        if value.__class__ is not str or len(value) <= MEMO_TEXT:
            if len(self) >= MEMO_SIZE:
                self.clear()
            self[value] = cell
        return cell


def row_elements(bodies: Sequence[bytes]) -> bytes:
    """Rendered rows' cells wrapped in `<row>` elements, one after the other."""
    return ROW_OPEN + (ROW_CLOSE + ROW_OPEN).join(bodies) + ROW_CLOSE if bodies else b""


def cell_formats(styles_xml: bytes) -> tuple[str, ...]:
    """The number format of each cell style (`s="N"`) in a workbook's styles part."""
    root = ElementTree.fromstring(styles_xml)
    custom = {item.get("numFmtId"): item.get("formatCode") for item in root.iter(f"{MAIN_NS}numFmt")}
    cell_styles = root.find(f"{MAIN_NS}cellXfs")
    formats = []
    for style in cell_styles if cell_styles is not None else ():
        number = style.get("numFmtId", "0")
        formats.append(custom.get(number) or BUILTIN_FORMATS.get(int(number), number))
    return tuple(formats)


def as_read_back(values: Iterable[object]) -> list[object]:
    """Return openpyxl-ready values as python-calamine reads them back: numbers as floats, no None,
    midnight as a date.

    Rendering these gives the same text as rendering the cells read from the written file.
    """
    result = []
    for value in values:
        kind = type(value)
        if kind is int:
            value = float(value)
        elif value is None:
            value = ""
        elif kind is dt.datetime and not (value.hour or value.minute or value.second or value.microsecond):
            value = value.date()        # a whole number of days reads back as a date
        result.append(value)
    return result

