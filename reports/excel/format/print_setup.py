"""How the workbook's sheets print: A4, fit to the page width, the header row on every page."""

from __future__ import annotations

from enum import Enum

from openpyxl.worksheet.worksheet import Worksheet


class PrintKind(Enum):
    SURVEY = "landscape"    # a survey or repeat sheet: many columns, printed across
    TABLE = "portrait"      # 指标汇总, the 清单 sheets and other small tables


def apply_print_settings(sheet, kind: PrintKind) -> None:
    """Set A4 in the kind's orientation, one page wide (any number tall), row 1 repeated on every page."""
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = kind.value
    setup.fitToWidth = 1
    setup.fitToHeight = 0          # 0: as many pages tall as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
