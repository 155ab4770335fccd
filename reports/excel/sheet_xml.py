"""Sheet rows as SpreadsheetML text, straight from cell values, for the merge's bulk data.

A merge writes back rows it has just read: building openpyxl cell objects for every one of them
costs ten times what reading them did. Rows here are rendered once, when read, into the `<c>`
elements of a `<row>` without cell references (cells follow each other from column A, empty ones
as `<c/>`), so equal rows are equal bytes and writing them out only adds the row number.

Values are what python-calamine gives back: text, float, bool, date and datetime, and "" for an
empty cell; anything openpyxl would write (int, None) is taken too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from reports.excel.cells import EXCEL_EPOCH

EMPTY = "<c/>"
TEXT_OPEN, TEXT_CLOSE = '<c t="inlineStr"><is><t>', "</t></is></c>"
SPACED_OPEN = '<c t="inlineStr"><is><t xml:space="preserve">'
NUMBER_OPEN, NUMBER_CLOSE = "<c><v>", "</v></c>"
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})   # a bare CR would read back as LF
XML_SPACE = " \t\n\r"


def excel_serial(moment: dt.datetime) -> float:
    """Days since 1899-12-30 with the time as a fraction, computed as openpyxl's to_excel does."""
    days = (moment - EXCEL_EPOCH).days
    if 0 < days <= 60:
        days -= 1
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 10**6
    return days + seconds / 86400


class RowRenderer:
    """Renders rows of cell values; dates and times use the workbook's date and datetime styles."""

    def __init__(self, date_style: int, datetime_style: int) -> None:
        self._date_open = f'<c s="{date_style}"><v>'
        self._datetime_open = f'<c s="{datetime_style}"><v>'

    def cells(self, values: Sequence[object]) -> str:
        """Return the cells of one row (trailing empty cells left out)."""
        end = len(values)
        while end and (values[end - 1] == "" or values[end - 1] is None):
            end -= 1
        parts = []
        append = parts.append
        text, other = self.text, self.other
        for value in values[:end] if end < len(values) else values:
            kind = value.__class__
            if kind is str:
                if not value:
                    append(EMPTY)
                elif (value.isprintable() and "<" not in value and "&" not in value
                      and value[0] != " " and value[-1] != " "):
                    append(TEXT_OPEN + value + TEXT_CLOSE)     # the common case: nothing to escape
                else:
                    append(text(value))
            elif kind is float and value - value == 0.0:      # finite
                append(NUMBER_OPEN + repr(value) + NUMBER_CLOSE)
            else:
                append(other(value))
        row = "".join(parts)
        return self.careful(values[:end]) if "]]>" in row else row

    def careful(self, values: Sequence[object]) -> str:
        """Every text cell escaped in full: for the rare row holding "]]>", which XML text cannot."""
        return "".join(self.text(value) if value.__class__ is str else self.cells([value]) or EMPTY
                       for value in values)

    def text(self, value: str) -> str:
        """A text cell: control characters no xlsx file may hold dropped, markup escaped, spaces kept."""
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not value:
            return EMPTY
        if "&" in value or "<" in value or ">" in value or "\r" in value:
            value = value.translate(ESCAPES)
        if value[0] in XML_SPACE or value[-1] in XML_SPACE:
            return SPACED_OPEN + value + TEXT_CLOSE
        return TEXT_OPEN + value + TEXT_CLOSE

    def other(self, value: object) -> str:
        if value is None or value == "":
            return EMPTY
        if value is True or value is False:
            return f'<c t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            return NUMBER_OPEN + repr(value) + NUMBER_CLOSE if math.isfinite(value) else EMPTY
        if isinstance(value, dt.datetime):
            return self._datetime_open + repr(excel_serial(value)) + NUMBER_CLOSE
        if isinstance(value, dt.date):
            return self._date_open + repr(excel_serial(dt.datetime.combine(value, dt.time()))) + NUMBER_CLOSE
        return self.text(str(value))


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

