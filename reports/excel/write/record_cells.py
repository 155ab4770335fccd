"""The cells of survey rows: a record version becomes one main-sheet row and its repeat-sheet rows."""

from __future__ import annotations

import base64
import zlib
from collections.abc import Callable, Iterator, Mapping

from forms.model import Field
from forms.privacy import shown_value
from reports.excel.format.cells import (
    cell_writer,
    number_cell,
    row_check,
    text_cell,
    timestamp_cell,
)
from reports.excel.format.layout import STATUS_LABELS, Column, FormLayout, Kind, SheetLayout
from reports.excel.format.summary_text import summary_text
from forms.store.record_version import RecordVersion, canonical_text, sensitive_keys

CELL_TEXT_MAX = 32_000          # Excel holds at most 32,767 characters in a cell
COMPRESSED_PREFIX = "z:"
FINDINGS_SEPARATOR = "；"
SYSTEM, ANSWERS, CALCULATED, VERSION = "system", "answers", "calculated", "version"

Getter = Callable[[RecordVersion], object]


class FormCells:
    """Turns versions of one survey into the cells of its main-sheet row and its repeat-sheet rows.

    Every column's converter is chosen once, here; columns that read the same mapping (answers,
    calculated values) are grouped so a row costs one lookup and one call per cell.
    """

    def __init__(self, layout: FormLayout, *, include_sensitive: bool) -> None:
        self.layout = layout
        self.include_sensitive = include_sensitive
        self._main = [self._part(kind, columns) for kind, columns in _runs(layout.main.columns)]
        self._repeats = [(sheet, [self._row_getter(c) for c in sheet.columns]) for sheet in layout.repeats]

    def main_row(self, version: RecordVersion) -> list[object]:
        row: list[object] = []
        for part in self._main:
            row += part(version)
        return row

    def repeat_rows(self, version: RecordVersion) -> Iterator[tuple[SheetLayout, list[object]]]:
        for sheet, getters in self._repeats:
            rows = version.answers.get(sheet.repeat.key)
            if not isinstance(rows, list):
                continue
            for number, row in enumerate(rows, start=1):
                row = row if isinstance(row, Mapping) else {}
                yield sheet, [get(version, number, row) for get in getters]

    def _part(self, kind: str, columns: list[Column]) -> Callable[[RecordVersion], list[object]]:
        """Return the function giving the cells of a run of neighbouring columns."""
        if kind == SYSTEM:
            attributes = [(column.key, system_writer(column.key, self.layout.form.title)) for column in columns]
            return lambda v: [write(getattr(v, key)) for key, write in attributes]
        if kind == ANSWERS or kind == CALCULATED:
            pairs = [(column.key, self._writer(column)) for column in columns]

            def cells(version: RecordVersion) -> list[object]:
                values = getattr(version, kind)
                return [write(values.get(key)) for key, write in pairs]

            return cells
        getters = [self._getter(column) for column in columns]
        return lambda v: [get(v) for get in getters]

    def _writer(self, column: Column) -> Callable[[object], object]:
        return self._answer_writer(column.field) if column.kind is Kind.ANSWER else cell_writer(column.field)

    def _getter(self, column: Column) -> Getter:
        """The cell of a column computed from the whole version (hidden data, check, summary, findings)."""
        if column.kind is Kind.DATA:
            return data_cell
        if column.kind is Kind.CHECK:
            return lambda v: row_check(v.id, v.form_id, v.revision)
        if column.kind is Kind.VECTOR:
            return vector_cell
        if column.kind is Kind.HASH:
            masked, include = sensitive_keys(self.layout.form), self.include_sensitive
            return lambda v: hash_cell(v, masked, include)
        if column.key == "summary":
            return lambda v: text_cell(summary_text(v.summary))
        if column.key == "findings":
            return lambda v: findings_text(v.findings)
        write = cell_writer(column.field)
        return lambda v, key=column.key: write(v.calculated.get(key))

    def _row_getter(self, column: Column) -> Callable[[RecordVersion, int, Mapping], object]:
        if column.kind is Kind.PARENT:
            return lambda v, n, row: v.id
        if column.kind is Kind.ROW:
            return lambda v, n, row: n
        if column.kind is Kind.CHECK:
            return lambda v, n, row: row_check(v.id, n, v.revision)
        write = self._answer_writer(column.field)
        return lambda v, n, row, key=column.key: write(row.get(key))

    def _answer_writer(self, item: Field) -> Callable[[object], object]:
        write = cell_writer(item)
        if not item.sensitive or self.include_sensitive:
            return write
        return lambda value: text_cell(shown_value(item, value, include_sensitive=False))


def _source(column: Column) -> str:
    """Which part of a version the column's cell comes from."""
    if column.kind is Kind.SYSTEM:
        return SYSTEM
    if column.kind is Kind.ANSWER:
        return ANSWERS
    if column.kind is Kind.DERIVED and column.key not in ("summary", "findings"):
        return CALCULATED
    return VERSION


def _runs(columns: tuple[Column, ...]) -> list[tuple[str, list[Column]]]:
    """Split the columns into runs of neighbours reading the same part of a version."""
    runs: list[tuple[str, list[Column]]] = []
    for column in columns:
        source = _source(column)
        if runs and runs[-1][0] == source:
            runs[-1][1].append(column)
        else:
            runs.append((source, [column]))
    return runs


def system_writer(key: str, form_title: str) -> Callable[[object], object]:
    """Return the function turning the version's attribute `key` into its system column's cell."""
    if key == "form_id":
        return lambda value: form_title
    if key == "revision":
        return lambda value: value
    if key == "status":
        return lambda value: STATUS_LABELS.get(value, value)
    if key in ("created_at", "updated_at"):
        return timestamp_cell
    if key in ("lat", "lon"):
        return number_cell
    return text_cell


def data_cell(version: RecordVersion) -> str:
    """Hidden JSON of what the assessment computed, compressed when it would not fit a cell."""
    text = version.derived_text()
    if len(text) <= CELL_TEXT_MAX:
        return text
    return COMPRESSED_PREFIX + base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def vector_cell(version: RecordVersion) -> str | None:
    """Hidden version vector as canonical JSON; empty for a record saved before vectors existed."""
    return canonical_text(dict(version.vector)) if version.vector else None


def hash_cell(version: RecordVersion, masked: frozenset[str], include_sensitive: bool) -> str:
    """Hidden "full:masked" content hashes: of the record as written, and without its personal data.

    Merging reads them instead of decoding every cell; the first is what the sheet checksum adds up.
    """
    hidden = version.masked_content_hash(masked)
    return f"{version.content_hash() if include_sensitive else hidden}:{hidden}"


def findings_text(findings) -> str | None:
    parts = []
    for finding in findings:
        title = str(finding.get("title") or finding.get("rule_id") or "")
        source = f"{finding.get('standard', '')} {finding.get('clause', '')}".strip()
        parts.append(f"{title}（{source}）" if source else title)
    return text_cell(FINDINGS_SEPARATOR.join(parts)) if parts else None
