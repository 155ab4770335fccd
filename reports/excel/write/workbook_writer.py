"""The one workbook writer: export and merge alike hand it rendered records; it writes atomically.

openpyxl writes the workbook's frame: each sheet's header, widths, frozen pane, filter and
drop-downs, the styles, and the small sheets. The survey sheets' rows (`RenderedRecord`, rendered
by `row_xml`) wait in a temporary file per sheet (`SheetSpool`) and are spliced in after the
header row when the frame is copied into the final file (see `splice`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.functions import tostring

from reports.excel.format.cells import text_cell
from reports.excel.errors import excel_error
from reports.excel.format.layout import (
    CHOICES_SHEET,
    FORMAT_MARKER,
    FORMAT_VERSION,
    KEY_MAP_SHEET,
    README_SHEET,
    RECORD_LIST_HEADER,
    RECORD_LIST_SHEET,
    Kind,
    SheetLayout,
    WorkbookLayout,
    choice_lists,
    has_drop_down,
    key_map_rows,
    list_name,
)
from reports.excel.format.print_setup import PrintKind, apply_print_settings
from reports.excel.write.sheet_spool import SheetSpool
from reports.excel.format.row_xml import RowRenderer, cell_formats
from reports.excel.write.rendered_record import RenderedRecord
from reports.excel.write.splice import row_batches, splice_rows
from reports.excel.write.temp_storage import TEMP_CODES, TemporaryFolderFull
from reports.progress import Cancelled, ProgressReporter
from reports.leftovers import partial_path
from reports.output_file import replaced_when_done
from reports.excel.format.xml_text import escape_cell_text

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
MAX_ROW = 1_048_576
HASH_MODULUS = 1 << 128
CANCEL_CHECK_EVERY = 200


@dataclass(frozen=True)
class SheetSummary:
    """What was written to one survey: its sheet, record count and order-free checksum."""

    form_id: str
    sheet: str
    records: int
    checksum: str


class SheetChecksum:
    """An order-free checksum of a sheet's records: the sum of their content hashes."""

    def __init__(self) -> None:
        self.total = 0
        self.count = 0

    @classmethod
    def of(cls, content_hashes: Sequence[str]) -> SheetChecksum:
        checksum = cls()
        checksum.total = sum(map(int, content_hashes, repeat(16))) % HASH_MODULUS
        checksum.count = len(content_hashes)
        return checksum

    def add(self, content_hash: str) -> None:
        self.total = (self.total + int(content_hash, 16)) % HASH_MODULUS
        self.count += 1

    def hexdigest(self) -> str:
        return f"{self.count}:{self.total:032x}"


@contextmanager
def abort_on_error(writer: WorkbookWriter, code: str) -> Iterator[WorkbookWriter]:
    """Drop the half-written workbook on any error; a failed write becomes the coded error `code`.

    A full temporary folder becomes the code that names that folder (see `temp_storage.TEMP_CODES`).
    """
    try:
        yield writer
    except TemporaryFolderFull as error:
        writer.abort()
        raise excel_error(TEMP_CODES[code], str(writer.out), folder=error.folder, detail=error.detail) from error
    except OSError as error:
        writer.abort()
        raise excel_error(code, str(writer.out), detail=error.strerror or error) from error
    except BaseException:
        writer.abort()
        raise


class WorkbookWriter:
    """Write survey sheets, then extra sheets, 说明 and the hidden sheets; replace `out` at the end."""

    def __init__(self, out: Path, layout: WorkbookLayout, *, include_sensitive: bool,
                 extra_sheets: Sequence[str] = ()) -> None:
        self.out = Path(out)
        self.frame = partial_path(self.out, "frame")
        self.layout = layout
        self.include_sensitive = include_sensitive
        self._book = Workbook(write_only=True)
        self._checksums = {form_id: SheetChecksum() for form_id in layout.forms}
        self._sheets = {}
        self._lengths: dict[str, list[int]] = {}
        self._lists = {name: index for index, name in enumerate(choice_lists(layout), start=1)}
        for sheet in layout.sheets():
            self._sheets[sheet.name] = self._data_sheet(sheet)
        for name in (*extra_sheets, README_SHEET, KEY_MAP_SHEET, CHOICES_SHEET, RECORD_LIST_SHEET):
            self._sheets[name] = self._book.create_sheet(name)
        for name in (KEY_MAP_SHEET, CHOICES_SHEET, RECORD_LIST_SHEET):
            self._sheets[name].sheet_state = "hidden"
        self._sheets[RECORD_LIST_SHEET].append(list(RECORD_LIST_HEADER))
        self._survey_sheets = {form_id: (fl.main.name, tuple(sheet.name for sheet in fl.repeats))
                               for form_id, fl in layout.forms.items()}
        self._listed: list[tuple[str, str]] = []     # (main sheet, record id) of every record written
        styled = self._sheets[README_SHEET]       # any sheet: cell styles belong to the workbook
        self.renderer = RowRenderer(WriteOnlyCell(styled, dt.date(2000, 1, 1)).style_id,
                                    WriteOnlyCell(styled, dt.datetime(2000, 1, 1, 0, 0, 1)).style_id)
        self._spools: dict[str, SheetSpool] = {}

    @property
    def cell_formats(self) -> tuple[str, ...]:
        """The number format of each cell style so far: what a rendered row's style ids mean."""
        return cell_formats(tostring(write_stylesheet(self._book)))

    def add(self, record: RenderedRecord) -> None:
        """Append one record's rows to its survey's sheets and count it in the survey's checksum."""
        main, repeats = self._survey_sheets[record.form_id]
        self._append(main, (record.main,))
        for name, rows in zip(repeats, record.repeats):
            if rows:
                self._append(name, rows)
        self._listed.append((main, record.record_id))
        self._checksums[record.form_id].add(record.written_hash)

    def add_all(self, records: Iterable[RenderedRecord], progress: ProgressReporter) -> None:
        """Append records in order, advancing `progress` by one each; raise Cancelled when asked to stop."""
        add, advance = self.add, progress.advance
        for number, record in enumerate(records, start=1):
            add(record)
            advance()
            if number % CANCEL_CHECK_EVERY == 0 and progress.cancelled():
                raise Cancelled()

    def drop_sheet(self, name: str) -> None:
        """Leave out an extra sheet reserved before knowing whether it would have rows."""
        self._book.remove(self._sheets.pop(name))

    def write_sheet(self, name: str, rows: Iterable[Sequence[object]], widths: Sequence[float] = ()) -> None:
        """Fill an extra sheet: the first row is its header."""
        sheet = self._sheets[name]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if widths:
            sheet.freeze_panes = "A2"
            apply_print_settings(sheet, PrintKind.TABLE)
        for number, row in enumerate(rows):
            cells = [_frame_text(value) if isinstance(value, str) else value for value in row]
            sheet.append(self._header(sheet, cells) if number == 0 else cells)

    def summaries(self) -> list[SheetSummary]:
        return [
            SheetSummary(form_id, fl.main.name, self._checksums[form_id].count, self._checksums[form_id].hexdigest())
            for form_id, fl in self.layout.forms.items()
        ]

    def close(self, readme: Sequence[tuple[str, object]]) -> Path:
        """Write 说明 and the hidden sheets, save the frame, add the rows and move the result over `out`."""
        self._finish_filters()
        self.write_sheet(README_SHEET, [("项目", "内容"), *self._readme(readme)], widths=(28, 80))
        self._write_key_map()
        self._write_choices()
        try:
            with replaced_when_done(self.out) as partial:
                self._book.save(self.frame)
                splice_rows(self.frame, partial, self._row_xml_by_sheet())
        finally:
            with suppress(OSError):
                self.frame.unlink()
            self._close_spools()
        return self.out

    def abort(self) -> None:
        """Drop everything written so far and remove the temporary files; never fails itself."""
        self._discard_frame()
        self._close_spools()
        with suppress(OSError):     # close() removes its own unfinished output; the frame may be left
            self.frame.unlink()

    def _discard_frame(self) -> None:
        """Have openpyxl finish its sheets and remove their temporary files: save the frame into memory.

        When that fails too (the temporary folder is the full disk), each sheet is finished on its own,
        and openpyxl removes what is left of its files when the program ends.
        """
        if not any(sheet.closed for sheet in self._sheets.values()):
            with suppress(OSError):
                self._book.save(io.BytesIO())
                return
        for sheet in self._sheets.values():
            if not sheet.closed:
                # A failed save leaves openpyxl's sheet streams half-closed: anything may come out of them.
                with suppress(Exception):
                    sheet.close()

    def _row_xml_by_sheet(self) -> dict[str, Iterable[bytes]]:
        """Each survey sheet's `<row>` elements, as spliced in after its header, and the record list's."""
        rows = {name: spool.chunks() for name, spool in self._spools.items()}
        rows[RECORD_LIST_SHEET] = self._record_list_xml()
        return rows

    def _record_list_xml(self) -> Iterator[bytes]:
        """The hidden record list: one row per record written, so a reader can name rows deleted later."""
        cells = self.renderer.cells
        return row_batches(cells(pair).encode("utf-8") for pair in sorted(self._listed))

    def _close_spools(self) -> None:
        for spool in self._spools.values():
            spool.close()
        self._spools.clear()

    def _readme(self, readme: Sequence[tuple[str, object]]) -> list[tuple[str, object]]:
        items = [("文件格式", FORMAT_MARKER), ("格式版本", FORMAT_VERSION),
                 ("包含个人信息", "是" if self.include_sensitive else "否（个人信息已隐藏）"), *readme]
        for summary in self.summaries():
            items.append((f"记录数（{summary.sheet}）", summary.records))
        for summary in self.summaries():
            items.append((f"校验值（{summary.sheet}）", summary.checksum))
        return items

    def _data_sheet(self, layout: SheetLayout):
        sheet = self._book.create_sheet(layout.name)
        sheet.freeze_panes = "B2"
        apply_print_settings(sheet, PrintKind.SURVEY)
        for index, column in enumerate(layout.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            if column.hidden:
                sheet.column_dimensions[letter].hidden = True
            if column.kind is Kind.ANSWER and has_drop_down(column.field):
                list_column = self._lists[list_name(layout.form, column.field)]
                self._drop_down(sheet, letter, list_column, len(column.field.choices))
        sheet.append(self._header(sheet, layout.headers()))
        self._lengths[layout.name] = [1, len(layout.columns)]
        return sheet

    def _drop_down(self, sheet, letter: str, list_column: int, size: int) -> None:
        source = get_column_letter(list_column)
        formula = f"{quote_sheetname(CHOICES_SHEET)}!${source}$2:${source}${size + 1}"
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
        validation.add(f"{letter}2:{letter}{MAX_ROW}")
        sheet.data_validations.append(validation)

    def _header(self, sheet, values: Sequence[object]) -> list[WriteOnlyCell]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(vertical="center")
            cells.append(cell)
        return cells

    def _append(self, name: str, rows: Sequence[bytes]) -> None:
        spool = self._spools.get(name) or self._spools.setdefault(name, SheetSpool())
        for cells in rows:
            spool.add(cells)
        self._lengths[name][0] += len(rows)

    def _finish_filters(self) -> None:
        for name, (rows, width) in self._lengths.items():
            self._sheets[name].auto_filter.ref = f"A1:{get_column_letter(width)}{rows}"

    def _write_key_map(self) -> None:
        for row in key_map_rows(self.layout):
            self._sheets[KEY_MAP_SHEET].append(list(row))

    def _write_choices(self) -> None:
        lists = choice_lists(self.layout)
        names = list(lists)
        sheet = self._sheets[CHOICES_SHEET]
        sheet.append(names)
        depth = max((len(labels) for labels in lists.values()), default=0)
        for index in range(depth):
            sheet.append([labels[index] if index < len(labels) else None for labels in lists.values()])


def _frame_text(value: str) -> str | None:
    """A text cell openpyxl writes as it is: quoted like a survey cell, unwritable characters escaped."""
    cell = text_cell(value)
    return escape_cell_text(cell) if cell else None
