"""Decode the rows of one survey sheet (or repeat sheet) into record versions."""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from openpyxl.utils import get_column_letter

from forms.model import Field, FormDefinition
from reports.excel.format.cells import (
    CellProblem,
    cell_reader,
    read_decimal,
    read_integer,
    read_text,
    read_timestamp,
    read_typed_text,
    row_check,
)
from reports.excel.errors import excel_error, place
from reports.excel.format.layout import KEY_MAP_SHEET, STATUS_LABELS, SYSTEM_COLUMNS, Kind
from reports.excel.write.record_cells import COMPRESSED_PREFIX
from forms.store.record_version import RecordVersion, loads

UUID_TEXT = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
STATUS_CODES = {**{label: code for code, label in STATUS_LABELS.items()}, **{c: c for c in STATUS_LABELS}}
REQUIRED_SYSTEM = ("form_version", "created_at", "updated_at")
HASH_LENGTH = 32


@dataclass(frozen=True)
class KeyMapEntry:
    """One row of the hidden key map: which header of which sheet holds which key."""

    sheet: str
    header: str
    key: str
    kind: str
    form_id: str
    repeat_key: str


class _SheetReader:
    """Shared by main and repeat sheets: locate columns by header, decode cells with context."""

    def __init__(self, file: str, sheet: str, entries: list[KeyMapEntry]) -> None:
        self.file, self.sheet, self.entries = file, sheet, entries

    def locate(self, header_row: list[object]) -> tuple[dict[str, int], dict[str, int]]:
        """Return key -> column index of the other columns and of the answers; refuse missing or doubled headers.

        Kept apart: the header's answers 区, 地址, 调查员 … share their keys with system columns.
        """
        headers = [(read_text(cell) or "").strip() for cell in header_row]
        found, answers = {}, {}
        for entry in self.entries:
            if entry.kind in (Kind.DERIVED.value, Kind.HASH.value):     # rebuilt on import, never read
                continue
            positions = [i for i, header in enumerate(headers) if header == entry.header]
            if not positions and entry.kind == Kind.VECTOR.value:     # an export from before vectors
                continue
            if not positions:
                raise excel_error("import-006", place(self.file, self.sheet, row=1), header=entry.header)
            if len(positions) > 1:
                cells = "、".join(f"{get_column_letter(i + 1)}1" for i in positions)
                raise excel_error("import-007", place(self.file, self.sheet, cell=cells),
                                  header=entry.header, count=len(positions))
            (answers if entry.kind == Kind.ANSWER.value else found)[entry.key] = positions[0]
        return found, answers

    def where(self, column: int, row: int) -> str:
        return place(self.file, self.sheet, cell=f"{get_column_letter(column + 1)}{row}")

    def decode(self, read: Callable[[object], object], cell: object, column: int, row: int, header: str) -> object:
        try:
            return read(cell)
        except CellProblem as problem:
            raise excel_error(problem.code, self.where(column, row), header=header, **problem.values) from None

    def answer_columns(self, fields: dict[str, Field], at: dict[str, int], masked: frozenset[str],
                       form: FormDefinition) -> list[tuple[int, str, Callable, str]]:
        columns = []
        for entry in self.entries:
            if entry.kind != Kind.ANSWER.value:
                continue
            item = fields.get(entry.key)
            if item is None:
                raise excel_error("import-018", place(self.file, self.sheet, row=1), header=entry.header,
                                  key=entry.key, form=form.title)
            if entry.key not in masked:
                columns.append((at[entry.key], entry.key, cell_reader(item), entry.header))
        return columns

    def answers(self, row: list[object], number: int, columns) -> dict[str, object]:
        answers = {}
        for index, key, read, header in columns:
            cell = row[index]
            if cell == "" or cell is None:
                continue
            value = self.decode(read, cell, index, number, header)
            if value is not None:
                answers[key] = value
        return answers


class MainSheetReader(_SheetReader):
    """Reads a survey's main sheet: system columns, answers and the hidden computed data."""

    def __init__(self, file: str, sheet: str, form: FormDefinition, entries: list[KeyMapEntry],
                 masked: frozenset[str]) -> None:
        super().__init__(file, sheet, entries)
        self.form, self.masked = form, masked
        self.headers = {entry.key: entry.header for entry in entries if entry.kind != Kind.ANSWER.value}
        missing = [key for _header, key, _width in SYSTEM_COLUMNS if key not in self.headers]
        if missing:
            raise excel_error("import-025", f"{file}, sheet {sheet}", sheet=KEY_MAP_SHEET, keys="、".join(missing))

    def read(self, rows: list[list[object]]) -> list[RecordVersion]:
        if not rows:
            raise excel_error("import-006", place(self.file, self.sheet, row=1), header=self.headers.get("id", "记录编号"))
        self.at, answer_at = self.locate(rows[0])
        self.hash_at = self.optional_column(rows[0], "content")
        self.exported: dict[str, str] = {}
        top_level = {item.key: item for item in self.form.fields() if self.form.repeat_of(item.key) is None}
        self.columns = self.answer_columns(top_level, answer_at, self.masked, self.form)
        versions, seen = [], {}
        width, id_at = len(rows[0]), self.at["id"]
        for number, row in enumerate(rows[1:], start=2):
            if len(row) < width:
                row = list(row) + [""] * (width - len(row))
            if row[id_at] in ("", None) and _blank(row):
                continue
            version = self.version(row, number)
            if version.id in seen:
                raise excel_error("import-011", place(self.file, self.sheet, row=number),
                                  record_id=version.id, first=seen[version.id])
            seen[version.id] = number
            if self.hash_at is not None:
                self.exported[version.id] = (read_text(row[self.hash_at]) or "")[:HASH_LENGTH]
            versions.append(version)
        return versions

    def optional_column(self, header_row: list[object], key: str) -> int | None:
        """Where the column of `key` is, when the file still has it."""
        header = self.headers.get(key)
        headers = [(read_text(cell) or "").strip() for cell in header_row]
        return headers.index(header) if header in headers else None

    def edited(self, versions: list[RecordVersion]) -> list[str]:
        """The records whose content is not what the export wrote (answers changed by hand)."""
        return [v.id for v in versions if self.exported.get(v.id) != v.content_hash()]

    def version(self, row: list[object], number: int) -> RecordVersion:
        system = self.system(row, number)
        data = self.computed(row, number)
        return RecordVersion(**system, answers=self.answers(row, number, self.columns), **data)

    def system(self, row: list[object], number: int) -> dict[str, object]:
        record_id = self.required_text("id", row, number)
        if not UUID_TEXT.match(record_id):
            raise excel_error("import-008", self.where(self.at["id"], number), value=record_id)
        try:
            revision = read_integer(row[self.at["revision"]])
        except CellProblem:
            revision = None
        if revision is None or revision < 1:
            raise excel_error("import-010", self.where(self.at["revision"], number), value=row[self.at["revision"]])
        form_cell = (read_text(row[self.at["form_id"]]) or "").strip()
        check = (read_text(row[self.at["check"]]) or "").strip()
        if form_cell not in (self.form.title, self.form.id) or check != row_check(record_id, self.form.id, revision):
            raise excel_error("import-009", place(self.file, self.sheet, row=number))
        status = (read_text(row[self.at["status"]]) or "").strip()
        if status not in STATUS_CODES:
            raise excel_error("import-021", self.where(self.at["status"], number), header=self.headers["status"],
                              value=status, detail="状态应为 定稿 或 草稿")
        values = {"id": record_id, "form_id": self.form.id, "revision": revision, "status": STATUS_CODES[status]}
        for key in REQUIRED_SYSTEM:
            reader = read_timestamp if key.endswith("_at") else read_text
            values[key] = self.cell(reader, key, row, number, missing="import-020")
        values["inspector"] = self.cell(read_typed_text, "inspector", row, number) or ""
        values["device_id"] = self.cell(read_text, "device_id", row, number) or ""
        for key in ("district", "street", "community", "estate", "building_code", "address"):
            values[key] = self.cell(read_typed_text, key, row, number)
        values["vector"] = self.vector(row, number) if "vector" in self.at else {}
        values["lat"] = self.cell(read_decimal, "lat", row, number)
        values["lon"] = self.cell(read_decimal, "lon", row, number)
        return values

    def required_text(self, key: str, row: list[object], number: int) -> str:
        value = self.cell(read_text, key, row, number, missing="import-020")
        return value.strip()

    def cell(self, read: Callable, key: str, row: list[object], number: int, missing: str | None = None):
        index = self.at[key]
        value = self.decode(read, row[index], index, number, self.headers[key])
        if value is None and missing is not None:
            raise excel_error(missing, self.where(index, number), header=self.headers[key], value="")
        return value

    def vector(self, row: list[object], number: int) -> dict[str, int]:
        """The hidden version vector: device id -> saves, positive whole numbers."""
        index = self.at["vector"]
        text = read_text(row[index])
        try:
            vector = loads(text) if text else {}
        except ValueError:
            vector = None
        if not isinstance(vector, dict) or not all(type(n) is int and n > 0 for n in vector.values()):
            raise excel_error("import-017", self.where(index, number), header=self.headers["vector"])
        return vector

    def computed(self, row: list[object], number: int) -> dict[str, object]:
        index = self.at["data"]
        text = read_text(row[index]) or ""
        try:
            if text.startswith(COMPRESSED_PREFIX):
                text = zlib.decompress(base64.b64decode(text[len(COMPRESSED_PREFIX):])).decode("utf-8")
            data = loads(text)
            return {"calculated": dict(data["calculated"]), "summary": dict(data["summary"]),
                    "findings": tuple(data["findings"])}
        except (ValueError, TypeError, KeyError, zlib.error):
            raise excel_error("import-017", self.where(index, number), header=self.headers["data"]) from None

    def with_repeats(self, version: RecordVersion, repeats: dict[str, list]) -> RecordVersion:
        if not repeats:
            return version
        return replace(version, answers={**version.answers, **repeats})


class RepeatSheetReader(_SheetReader):
    """Reads a repeat sheet: rows keyed by parent record UUID and row number."""

    def __init__(self, file: str, sheet: str, form: FormDefinition, entries: list[KeyMapEntry],
                 masked: frozenset[str], main_sheet: str) -> None:
        super().__init__(file, sheet, entries)
        self.form, self.masked, self.main_sheet = form, masked, main_sheet
        self.repeat = form.field(entries[0].repeat_key)

    def read(self, rows: list[list[object]], revisions: dict[str, int]) -> dict[str, list[dict]]:
        """Return parent record id -> repeat rows in row-number order."""
        if not rows:
            raise excel_error("import-006", place(self.file, self.sheet, row=1), header="记录编号")
        at, answer_at = self.locate(rows[0])
        columns = self.answer_columns({f.key: f for f in self.repeat.fields}, answer_at, self.masked, self.form)
        by_parent: dict[str, dict[int, dict]] = {}
        width = len(rows[0])
        for number, row in enumerate(rows[1:], start=2):
            if len(row) < width:
                row = list(row) + [""] * (width - len(row))
            if row[at["parent"]] in ("", None) and _blank(row):
                continue
            parent, row_number = self.identity(row, number, at, revisions)
            rows_of_parent = by_parent.setdefault(parent, {})
            if row_number in rows_of_parent:
                raise excel_error("import-015", self.where(at["row"], number), value=row_number)
            rows_of_parent[row_number] = self.answers(row, number, columns)
        return {parent: [rows[n] for n in sorted(rows)] for parent, rows in by_parent.items()}

    def identity(self, row, number, at, revisions) -> tuple[str, int]:
        parent = (read_text(row[at["parent"]]) or "").strip()
        if not UUID_TEXT.match(parent):
            raise excel_error("import-008", self.where(at["parent"], number), value=parent)
        if parent not in revisions:
            raise excel_error("import-014", place(self.file, self.sheet, row=number),
                              record_id=parent, sheet=self.main_sheet)
        try:
            row_number = read_integer(row[at["row"]])
        except CellProblem:
            row_number = None
        if row_number is None or row_number < 1:
            raise excel_error("import-015", self.where(at["row"], number), value=row[at["row"]])
        check = (read_text(row[at["check"]]) or "").strip()
        if check != row_check(parent, row_number, revisions[parent]):
            raise excel_error("import-009", place(self.file, self.sheet, row=number))
        return parent, row_number


def _blank(row: list[object]) -> bool:
    return all(cell == "" or cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)

