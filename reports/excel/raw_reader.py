"""Read an export for merging without decoding every answer: the fast path of a merge.

A file CityCheck wrote and nobody reshaped (same columns, cells of the types we write, sheet
checksums intact) is read by checking what identifies each row (UUID, revision, survey, status,
times, the row checks and repeat rows' parents) and that each answer cell is what we write, without
decoding it. Its rows are rendered straight back into sheet XML. Anything else returns None and the merge reads the file with `read_export`, which
decodes every cell and refuses bad files with the exact cell and code.
"""

from __future__ import annotations

import base64
import datetime as dt
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

from reports.excel.answer_checks import AnswerCellProblem, AnswerChecks
from reports.excel.cells import CellProblem, row_check
from reports.excel.conflict_sheet import read_conflict_rows
from reports.excel.errors import ExcelError
from reports.excel.layout import (
    CONFLICTS_SHEET,
    KEY_MAP_SHEET,
    README_SHEET,
    FormLayout,
    Kind,
    SheetLayout,
    WorkbookLayout,
)
from reports.excel.merge_entries import PLACE_KEYS, Entry, place_order
from reports.excel.reader import check_format, key_map_of, readme_of
from reports.excel.rows import COMPRESSED_PREFIX
from reports.excel.sheet_reader import STATUS_CODES, UUID_TEXT, KeyMapEntry
from reports.excel.sheet_xml import RowRenderer
from reports.excel.versions import RecordVersion, sensitive_keys
from reports.excel.writer import SheetChecksum

HASH_TEXT_LENGTH = 65


class NotPristine(Exception):
    """The file needs the full reader: something in it is not exactly as CityCheck wrote it."""


@dataclass(frozen=True)
class RawFile:
    """What the fast path read from one file."""

    entries: tuple[Entry, ...]
    losers: tuple[RecordVersion, ...]
    include_sensitive: bool
    records: int


def read_raw(sheets: Mapping[str, list[list[object]]], name: str, source: int, layout: WorkbookLayout,
             renderer: RowRenderer, mask: bool) -> RawFile | None:
    """Read the sheets of one file (as loaded by python-calamine); None when the full reader is needed.

    `mask`: the output leaves out personal data, so this file's personal-data cells are emptied as read.
    """
    try:
        return _RawFileReader(sheets, name, source, layout, renderer, mask).read()
    except (NotPristine, AnswerCellProblem, ExcelError, CellProblem, KeyError, IndexError, ValueError, TypeError,
            zlib.error):
        return None


class _RawFileReader:
    def __init__(self, sheets, name, source, layout, renderer, mask) -> None:
        self.sheets, self.name, self.source = sheets, name, source
        self.layout, self.renderer = layout, renderer
        readme = readme_of(_need(sheets.get(README_SHEET)))
        check_format(readme, name)
        self.readme = readme
        self.key_map = key_map_of(_need(sheets.get(KEY_MAP_SHEET)), name)
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
        losers = read_conflict_rows(conflicts, self.name, CONFLICTS_SHEET) if conflicts else []
        return RawFile(tuple(entries), tuple(losers), self.include_sensitive, records)

    def columns(self, sheet_name: str, keys: list[KeyMapEntry], layout: SheetLayout) -> tuple[list[list[object]], list[int]]:
        """The sheet's rows and, for each output column, where it is in them."""
        rows = _need(self.sheets.get(sheet_name))
        headers = [cell if isinstance(cell, str) else None for cell in rows[0]]
        at = {header: index for index, header in enumerate(headers) if header}
        if len(at) != sum(1 for header in headers if header):
            raise NotPristine("doubled header")
        header_of = {(entry.key, entry.kind): entry.header for entry in keys}
        if len(header_of) != len(layout.columns):
            raise NotPristine("other columns")
        return rows, [at[header_of[(column.key, column.kind.value)]] for column in layout.columns]

    def main_sheet(self, sheet_name: str, keys: list[KeyMapEntry], form_layout: FormLayout) -> dict[str, Entry]:
        form, layout = form_layout.form, form_layout.main
        rows, positions = self.columns(sheet_name, keys, layout)
        take = itemgetter(*positions)
        where = {column.key: index for index, column in enumerate(layout.columns)}
        masks = self.maskers(layout) if self.mask else []
        answers = self.answer_checks(layout)
        checksum = SheetChecksum()
        found: dict[str, Entry] = {}
        width = len(rows[0])
        cells = self.renderer.cells
        places = [where[key] for key in PLACE_KEYS]
        (at_id, at_revision, at_form, at_status, at_check, at_created, at_updated, at_version,
         at_hash, at_data) = (where[key] for key in ("id", "revision", "form_id", "status", "check", "created_at",
                                                     "updated_at", "form_version", "content", "data"))
        titles = (form.title, form.id)
        for row in rows[1:]:
            if len(row) < width:
                row = list(row) + [""] * (width - len(row))
            values = list(take(row))
            record_id, revision, hashes = values[at_id], values[at_revision], values[at_hash]
            if record_id == "" and not any(values):
                continue
            if (type(record_id) is not str or not UUID_TEXT.match(record_id) or record_id in found
                    or type(revision) is not float or not revision.is_integer() or revision < 1
                    or values[at_form] not in titles or values[at_status] not in STATUS_CODES
                    or not isinstance(values[at_created], dt.date) or not isinstance(values[at_updated], dt.date)
                    or type(values[at_version]) is not str or not values[at_version]
                    or type(hashes) is not str or len(hashes) != HASH_TEXT_LENGTH or hashes[32] != ":"
                    or values[at_check] != row_check(record_id, form.id, int(revision))):
                raise NotPristine(record_id)
            answers.check(values)
            checksum.add(hashes[:32])
            for index in masks:
                values[index] = ""
            if self.mask:
                values[at_hash] = hashes = f"{hashes[33:]}:{hashes[33:]}"
            place = tuple(_place(values[index]) for index in places)
            found[record_id] = Entry(
                record_id, form.id, int(revision), STATUS_CODES[values[at_status]],
                place_order(form.id, place, record_id), cells(values).encode("utf-8"), (), hashes[:32],
                _summary_text(values[at_data]), self.source,
            )
        expected = self.readme.get(f"校验值（{sheet_name}）")
        if expected not in (None, "") and str(expected) != checksum.hexdigest():
            raise NotPristine("checksum")      # the full reader warns about the changed rows
        return found

    def repeat_sheets(self, form_layout: FormLayout, found: dict[str, Entry]) -> None:
        """Attach each repeat sheet's rows to their records, checking parent, row number and row check."""
        file_sheets = {entries[0].repeat_key: (name, entries) for name, entries in self.key_map.items()
                       if entries[0].repeat_key and entries[0].form_id == form_layout.form.id}
        collected = []
        for layout in form_layout.repeats:
            name, keys = file_sheets.pop(layout.repeat.key, (None, None))
            collected.append(self.repeat_rows(name, keys, layout, found) if name else {})
        if file_sheets:
            raise NotPristine("unknown repeat sheet")
        for record_id, entry in found.items():
            entry.repeats = tuple(tuple(body for _n, body in sorted(rows.get(record_id, ()))) for rows in collected)

    def repeat_rows(self, sheet_name: str, keys: list[KeyMapEntry], layout: SheetLayout,
                    found: dict[str, Entry]) -> dict[str, list[tuple[int, bytes]]]:
        rows, positions = self.columns(sheet_name, keys, layout)
        take = itemgetter(*positions)
        masks = self.maskers(layout) if self.mask else []
        answers = self.answer_checks(layout)
        width = len(rows[0])
        cells = self.renderer.cells
        by_parent: dict[str, list[tuple[int, bytes]]] = {}
        seen: set[tuple[str, float]] = set()
        for row in rows[1:]:
            if len(row) < width:
                row = list(row) + [""] * (width - len(row))
            values = list(take(row))
            parent, number = values[0], values[1]
            if parent == "" and not any(values):
                continue
            entry = found.get(parent) if type(parent) is str else None
            if (entry is None or type(number) is not float or not number.is_integer() or number < 1
                    or (parent, number) in seen or values[-1] != row_check(parent, int(number), entry.revision)):
                raise NotPristine(parent)
            answers.check(values)
            seen.add((parent, number))
            for index in masks:
                values[index] = ""
            by_parent.setdefault(parent, []).append((int(number), cells(values).encode("utf-8")))
        return by_parent

    def answer_checks(self, layout: SheetLayout) -> AnswerChecks:
        """Checks of the answer cells; a file without personal data holds those answers masked."""
        return AnswerChecks(layout, frozenset() if self.include_sensitive else sensitive_keys(layout.form))

    def maskers(self, layout: SheetLayout) -> list[int]:
        """The personal-data columns: a merged file without personal data leaves them empty.

        Empty, not "＊＊＊": a version without its personal data renders them so, and every path
        to the same version must give the same cells.
        """
        return [index for index, column in enumerate(layout.columns)
                if column.kind is Kind.ANSWER and column.field is not None and column.field.sensitive]


def _need(rows: Sequence | None) -> Sequence:
    if not rows:
        raise NotPristine("missing sheet")
    return rows


def _place(cell: object) -> str | None:
    """A place column's text as the full reader would give it."""
    if type(cell) is not str:
        raise NotPristine("place")
    if not cell.strip():
        return None
    return cell[1:] if cell.startswith("'") else cell


def _summary_text(data: object) -> str:
    """The hidden computed-data JSON; the indicator table later reads its summary."""
    if type(data) is not str or not data:
        raise NotPristine("data")
    if data.startswith(COMPRESSED_PREFIX):
        return zlib.decompress(base64.b64decode(data[len(COMPRESSED_PREFIX):])).decode("utf-8")
    return data
