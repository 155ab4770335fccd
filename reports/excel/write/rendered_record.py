"""What the one workbook writer takes: a record's cells per sheet, then rendered as SpreadsheetML.

An export builds `RecordCells` from record versions and renders them (for large exports in a
producer process, whence they travel pickled); a merge holds its records already rendered. Both hand the
writer `RenderedRecord`s (see `WorkbookWriter.add`).
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.store.record_version import RecordVersion, sensitive_keys
from reports.excel.format.layout import WorkbookLayout
from reports.excel.format.row_xml import RowRenderer, as_read_back
from reports.excel.write.record_cells import FormCells


@dataclass(frozen=True, slots=True)
class RenderedRecord:
    """One record's rows as rendered cells (see `RowRenderer`), and what its survey's checksum adds up."""

    record_id: str
    form_id: str
    written_hash: str
    main: bytes
    repeats: tuple[tuple[bytes, ...], ...]     # per repeat sheet of the survey, rows in row-number order


@dataclass(frozen=True, slots=True)
class RecordCells:
    """One record's cell values: its main-sheet row and, per repeat sheet of its survey, its rows."""

    record_id: str
    form_id: str
    written_hash: str
    main: list[object]
    repeats: tuple[tuple[list[object], ...], ...]

    def rendered(self, renderer: RowRenderer) -> RenderedRecord:
        cells = renderer.cells
        return RenderedRecord(
            self.record_id, self.form_id, self.written_hash, cells(as_read_back(self.main)).encode("utf-8"),
            tuple(tuple(cells(as_read_back(row)).encode("utf-8") for row in rows) for rows in self.repeats),
        )


class WorkbookCells:
    """Turns record versions of any survey of the workbook into their `RecordCells`."""

    def __init__(self, layout: WorkbookLayout, *, include_sensitive: bool) -> None:
        self._forms = {form_id: FormCells(fl, include_sensitive=include_sensitive)
                       for form_id, fl in layout.forms.items()}
        self._masked = {form_id: frozenset() if include_sensitive else sensitive_keys(fl.form)
                        for form_id, fl in layout.forms.items()}

    def of(self, version: RecordVersion) -> RecordCells:
        form = self._forms[version.form_id]
        repeats: dict[str, list[list[object]]] = {}
        for sheet, row in form.repeat_rows(version):
            repeats.setdefault(sheet.name, []).append(row)
        return RecordCells(
            version.id, version.form_id, version.masked_content_hash(self._masked[version.form_id]),
            form.main_row(version), tuple(tuple(repeats.get(sheet.name, ())) for sheet in form.layout.repeats),
        )
