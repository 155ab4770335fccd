"""Read an export for merging without decoding every answer: the fast path of a merge.

A file CityCheck wrote and nobody reshaped (same columns, cells of the types we write, sheet
checksums intact) is read by checking what identifies each row (UUID, revision, survey, status,
times, the row checks and repeat rows' parents) and that each answer cell is what we write, without
decoding it. Its rows are rendered straight back into row XML. Anything else raises NotPristine
and the merge reads the file with `read_export`, which decodes every cell and refuses bad files
with the exact cell and code. Any other error is a fault here and propagates.
"""

from __future__ import annotations

import base64
import datetime as dt
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter, itemgetter

from reports.excel.merge.answer_checks import AnswerChecks
from reports.excel.format.cells import CellProblem, read_typed_text, row_checks
from reports.excel.format.conflict_sheet import read_conflict_rows
from reports.excel.errors import ExcelError
from reports.excel.format.layout import (
    CONFLICTS_SHEET,
    KEY_MAP_SHEET,
    README_SHEET,
    FormLayout,
    Kind,
    SheetLayout,
    WorkbookLayout,
)
from reports.excel.merge.entries import Entry, place_order
from reports.excel.merge.not_pristine import NotPristine
from reports.excel.read.workbook_reader import check_format, key_map_of, readme_of
from reports.excel.write.record_cells import COMPRESSED_PREFIX
from reports.excel.read.sheet_reader import STATUS_CODES, UUID_TEXT, KeyMapEntry
from reports.excel.format.row_xml import RowRenderer
from forms.store.place import BUILDING_KEYS
from forms.store.record_version import RecordVersion, sensitive_keys
from reports.excel.write.workbook_writer import SheetChecksum
from reports.excel.format.xml_text import unescape_column

HASH_TEXT_LENGTH = 65
UNIQUE_KEYS = ("id", "check", "content", "data", "created_at", "updated_at")    # rendered without the memo


@dataclass(frozen=True)
class RawFile:
    """What the fast path read from one file."""

    entries: tuple[Entry, ...]
    losers: tuple[RecordVersion, ...]
    include_sensitive: bool
    records: int


@dataclass(frozen=True)
class Table:
    """A sheet's cells by column, in the output's order, and its rows as written when they can be passed on."""

    columns: list[Sequence[object]]
    written: list[bytes] | None


def read_raw(sheets: Mapping[str, list[list[object]]], name: str, source: int, layout: WorkbookLayout,
             renderer: RowRenderer, mask: bool, written: Mapping[str, list[bytes]] | None = None) -> RawFile:
    """Read the sheets of one file (as loaded by python-calamine); NotPristine when the full reader is needed.

    `mask`: the output leaves out personal data, so this file's personal-data cells are emptied as read.
    `written`: survey sheets' rows as the file holds them (see written_rows); a sheet whose columns
    are in the output's order and whose cells need no change passes them on instead of rendering.
    """
    return _RawFileReader(sheets, name, source, layout, renderer, mask, written or {}).read()


class _RawFileReader:
    def __init__(self, sheets, name, source, layout, renderer, mask, written) -> None:
        self.sheets, self.name, self.source, self.written = sheets, name, source, written
        self.layout, self.renderer = layout, renderer
        readme = readme_of(_need(sheets.get(README_SHEET)))
        try:
            check_format(readme, name)
            self.key_map = key_map_of(_need(sheets.get(KEY_MAP_SHEET)), name)
        except ExcelError as error:     # the full reader refuses the file with this code
            raise NotPristine(error.code) from error
        self.readme = readme
        self.include_sensitive = str(readme.get("包含个人信息", "")).startswith("是")
        self.mask = mask

    def read(self) -> RawFile:
        entries: list[Entry] = []
        records = 0
        for sheet_name, keys in self.key_map.items():
            if keys[0].repeat_key:
                continue
            form_layout = self.layout.forms.get(keys[0].form_id)
            if form_layout is None:
                raise NotPristine(sheet_name)
            found = self.main_sheet(sheet_name, keys, form_layout)
            self.repeat_sheets(form_layout, found)
            entries += found.values()
            records += len(found)
        conflicts = self.sheets.get(CONFLICTS_SHEET)
        try:
            losers = read_conflict_rows(conflicts, self.name, CONFLICTS_SHEET) if conflicts else []
        except ExcelError as error:
            raise NotPristine(error.code) from error
        return RawFile(tuple(entries), tuple(losers), self.include_sensitive, records)

    def table(self, sheet_name: str, keys: list[KeyMapEntry], layout: SheetLayout) -> Table:
        """The sheet's cells a column at a time, in the output's column order, empty rows left out."""
        rows = _need(self.sheets.get(sheet_name))
        headers = [cell if isinstance(cell, str) else None for cell in rows[0]]
        at = {header: index for index, header in enumerate(headers) if header}
        if len(at) != sum(1 for header in headers if header):
            raise NotPristine("doubled header")
        header_of = {(entry.key, entry.kind): entry.header for entry in keys}
        if len(header_of) != len(layout.columns):
            raise NotPristine("other columns")
        try:
            positions = [at[header_of[(column.key, column.kind.value)]] for column in layout.columns]
        except KeyError as missing:
            raise NotPristine(f"column {missing} missing") from None
        body = rows[1:]
        width = len(rows[0])
        written = self.written.get(sheet_name)
        if positions != list(range(width)) or self.mask or written is None or len(written) != len(body):
            written = None         # columns moved or added, or cells to change: rows are rendered again
        if set(map(len, body)) - {width}:
            body = [(list(row) + [""] * width)[:width] for row in body]
        if not body:
            return Table([() for _ in positions], written)
        columns = list(zip(*body))
        if "" in columns[positions[0]]:         # rows left empty (a filled row without its key is refused below)
            take = itemgetter(*positions)
            body = [row for row in body if row[positions[0]] != "" or any(take(row))]
            columns = list(zip(*body)) if body else [() for _ in range(width)]
            written = None
        return Table([columns[index] for index in positions], written)

    def main_sheet(self, sheet_name: str, keys: list[KeyMapEntry], form_layout: FormLayout) -> dict[str, Entry]:
        form, layout = form_layout.form, form_layout.main
        table = self.table(sheet_name, keys, layout)
        columns = table.columns
        where = {column.key: index for index, column in enumerate(layout.columns)}
        ids, revisions, hashes = columns[where["id"]], columns[where["revision"]], columns[where["content"]]
        versions, statuses = columns[where["form_version"]], columns[where["status"]]
        _only(ids, str)
        _only(revisions, float)
        _only(versions, str)
        _only(hashes, str)
        if (not all(map(UUID_TEXT.match, ids)) or len(set(ids)) != len(ids)
                or not all(map(float.is_integer, revisions)) or min(revisions, default=1.0) < 1
                or not {form.title, form.id}.issuperset(columns[where["form_id"]])
                or not STATUS_CODES.keys() >= set(statuses) or "" in versions
                or set(map(len, hashes)) - {HASH_TEXT_LENGTH} or set(map(itemgetter(32), hashes)) - {":"}):
            raise NotPristine(sheet_name)
        for key in ("created_at", "updated_at"):
            if not {dt.date, dt.datetime}.issuperset(map(type, columns[where[key]])):
                raise NotPristine(key)
        numbers = list(map(int, revisions))
        if row_checks(ids, repeat(form.id), numbers) != columns[where["check"]]:
            raise NotPristine("row check")
        self.answer_checks(layout).check(columns)
        counted = [text[:32] for text in hashes]
        checksum = SheetChecksum.of(counted)
        expected = self.readme.get(f"校验值（{sheet_name}）")
        if expected not in (None, "") and str(expected) != checksum.hexdigest():
            raise NotPristine("checksum")      # the full reader warns about the changed rows
        if self.mask:
            columns = self.masked(layout, columns)
            columns[where["content"]] = [f"{text[33:]}:{text[33:]}" for text in hashes]
            counted = [text[33:] for text in hashes]
        places = zip(*(_places(columns[where[key]]) for key in BUILDING_KEYS))
        summaries = map(_summary_text, columns[where["data"]])
        bodies = table.written or self.render(columns, (where[key] for key in UNIQUE_KEYS))
        status_codes = map(STATUS_CODES.__getitem__, statuses)
        return {
            record_id: Entry(record_id, form.id, number, status, place_order(form.id, place, record_id), body, (),
                             content, summary, self.source)
            for record_id, number, status, place, body, content, summary
            in zip(ids, numbers, status_codes, places, bodies, counted, summaries)
        }

    def repeat_sheets(self, form_layout: FormLayout, found: dict[str, Entry]) -> None:
        """Attach each repeat sheet's rows to their records, checking parent, row number and row check."""
        file_sheets = {entries[0].repeat_key: (name, entries) for name, entries in self.key_map.items()
                       if entries[0].repeat_key and entries[0].form_id == form_layout.form.id}
        collected = []
        for layout in form_layout.repeats:
            name, keys = file_sheets.pop(layout.repeat.key, (None, None))
            collected.append(self.repeat_row_xml(name, keys, layout, found) if name else {})
        if file_sheets:
            raise NotPristine("unknown repeat sheet")
        for record_id, entry in found.items():
            entry.repeats = tuple(tuple(body for _n, body in sorted(rows.get(record_id, ()))) for rows in collected)

    def repeat_row_xml(self, sheet_name: str, keys: list[KeyMapEntry], layout: SheetLayout,
                    found: dict[str, Entry]) -> dict[str, list[tuple[int, bytes]]]:
        table = self.table(sheet_name, keys, layout)
        columns = table.columns
        parents, numbers = columns[0], columns[1]
        _only(parents, str)
        _only(numbers, float)
        entries = list(map(found.get, parents))
        if (None in entries or not all(map(float.is_integer, numbers)) or min(numbers, default=1.0) < 1
                or len(set(zip(parents, numbers))) != len(parents)):
            raise NotPristine(sheet_name)
        numbers = list(map(int, numbers))
        if row_checks(parents, numbers, map(attrgetter("revision"), entries)) != columns[-1]:
            raise NotPristine("row check")
        self.answer_checks(layout).check(columns)
        if self.mask:
            columns = self.masked(layout, columns)
        by_parent: dict[str, list[tuple[int, bytes]]] = {}
        bodies = table.written or self.render(columns, (0, len(columns) - 1))
        for parent, number, body in zip(parents, numbers, bodies):
            by_parent.setdefault(parent, []).append((number, body))
        return by_parent

    def render(self, columns: list, unique: Iterable[int]) -> list[bytes]:
        """Each row's cells; the columns at `unique` (UUIDs, times, checks) rarely repeat a value."""
        unique = set(unique)
        column = self.renderer.column
        return self.renderer.rows([column(unescape_column(values), index not in unique)
                                   for index, values in enumerate(columns)])

    def answer_checks(self, layout: SheetLayout) -> AnswerChecks:
        """Checks of the answer cells; a file without personal data holds those answers masked."""
        return AnswerChecks(layout, frozenset() if self.include_sensitive else sensitive_keys(layout.form))

    def masked(self, layout: SheetLayout, columns: list) -> list:
        """The columns with personal data emptied: a merged file without personal data leaves them empty.

        Empty, not "＊＊＊": a version without its personal data renders them so, and every path
        to the same version must give the same cells.
        """
        columns = list(columns)
        for index, column in enumerate(layout.columns):
            if column.kind is Kind.ANSWER and column.field is not None and column.field.sensitive:
                columns[index] = ("",) * len(columns[index])
        return columns


def _need(rows: Sequence | None) -> Sequence:
    if not rows:
        raise NotPristine("missing sheet")
    return rows


def _only(column: Sequence[object], kind: type) -> None:
    if set(map(type, column)) - {kind}:
        raise NotPristine(kind)


def _places(column: Sequence[object]) -> list[str | None]:
    """A place column's texts as the full reader would give them."""
    read = {value: _place(value) for value in set(column)}
    return list(map(read.__getitem__, column))


def _place(cell: object) -> str | None:
    """A place column's text as the full reader would give it."""
    if type(cell) is not str:
        raise NotPristine("place")
    try:
        return read_typed_text(cell)
    except CellProblem as problem:
        raise NotPristine(f"place: {problem.code}") from problem


def _summary_text(data: object) -> str:
    """The hidden computed-data JSON; the indicator table later reads its summary."""
    if type(data) is not str or not data:
        raise NotPristine("data")
    if data.startswith(COMPRESSED_PREFIX):
        try:
            return zlib.decompress(base64.b64decode(data[len(COMPRESSED_PREFIX):])).decode("utf-8")
        except (ValueError, zlib.error) as error:       # base64, zlib and UTF-8 errors
            raise NotPristine(f"data: {error}") from error
    return data
