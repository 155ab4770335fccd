"""The merged workbook: openpyxl writes its frame, the records' rendered rows are spliced in."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import suppress
from pathlib import Path

from openpyxl.cell import WriteOnlyCell

from reports.excel.layout import WorkbookLayout
from reports.excel.merge_entries import Entry
from reports.excel.sheet_xml import RowRenderer
from reports.excel.splice import numbered_rows, splice_rows
from reports.excel.writer import WorkbookWriter, temp_path_for
from reports.progress import Cancelled, ProgressReporter

PROGRESS_EVERY = 500


class MergeWorkbookWriter(WorkbookWriter):
    """A WorkbookWriter whose survey sheets take rendered entries instead of record versions."""

    def __init__(self, out: Path, layout: WorkbookLayout, *, include_sensitive: bool,
                 extra_sheets: Sequence[str] = ()) -> None:
        self.final_out = Path(out)
        super().__init__(self.final_out.with_name(f".{self.final_out.stem}.{os.getpid()}.frame.xlsx"), layout,
                         include_sensitive=include_sensitive, extra_sheets=extra_sheets)
        sheet = self._sheets[layout.sheets()[0].name]
        self.renderer = RowRenderer(WriteOnlyCell(sheet, dt.date(2000, 1, 1)).style_id,
                                    WriteOnlyCell(sheet, dt.datetime(2000, 1, 1, 0, 0, 1)).style_id)
        self._bulk: dict[str, list[Entry]] = {}
        self._progress: ProgressReporter | None = None

    def add_entries(self, entries: Sequence[Entry], progress: ProgressReporter) -> None:
        """Take the winners (in output order); their rows are written when the workbook is closed."""
        self._progress = progress
        for form_id, form_layout in self.layout.forms.items():
            mine = [entry for entry in entries if entry.form_id == form_id]
            checksum = self._checksums[form_id]
            for entry in mine:
                checksum.add(entry.written_hash)
            self._bulk[form_layout.main.name] = mine
            self._lengths[form_layout.main.name][0] += len(mine)
            for index, sheet in enumerate(form_layout.repeats):
                self._lengths[sheet.name][0] += sum(len(entry.repeats[index]) for entry in mine)

    def close(self, readme: Sequence[tuple[str, object]]) -> Path:
        """Save the frame, then copy it into `out` with every survey sheet's rows added."""
        frame = super().close(readme)
        temp = temp_path_for(self.final_out)
        try:
            splice_rows(frame, temp, self._rows_by_sheet())
            os.replace(temp, self.final_out)
        finally:
            for leftover in (temp, frame):
                with suppress(OSError):
                    leftover.unlink()
        return self.final_out

    def abort(self) -> None:
        super().abort()
        for leftover in (self.out, temp_path_for(self.out), temp_path_for(self.final_out)):
            with suppress(OSError):
                leftover.unlink()

    def _rows_by_sheet(self) -> dict[str, Iterator[bytes]]:
        rows = {}
        for form_layout in self.layout.forms.values():
            entries = self._bulk.get(form_layout.main.name, [])
            rows[form_layout.main.name] = numbered_rows(self._main_rows(entries))
            for index, sheet in enumerate(form_layout.repeats):
                rows[sheet.name] = numbered_rows(body for entry in entries for body in entry.repeats[index])
        return rows

    def _main_rows(self, entries: Sequence[Entry]) -> Iterator[bytes]:
        progress = self._progress
        for number, entry in enumerate(entries, start=1):
            yield entry.main
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress.advance(PROGRESS_EVERY)
                if progress.cancelled():
                    raise Cancelled()
        if progress is not None:
            progress.advance(len(entries) % PROGRESS_EVERY)
