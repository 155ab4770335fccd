"""The merged workbook: the winners' rows, already rendered when they were read, go in as they are."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from reports.excel.format.layout import RECORD_LIST_SHEET
from reports.excel.merge.entries import Entry
from reports.excel.write.splice import row_batches
from reports.excel.write.workbook_writer import WorkbookWriter
from reports.progress import Cancelled, ProgressReporter

PROGRESS_EVERY = 500


class MergeWorkbookWriter(WorkbookWriter):
    """A WorkbookWriter whose survey sheets take rendered entries instead of record versions."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
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
                self._listed.append((form_layout.main.name, entry.id))
            self._bulk[form_layout.main.name] = mine
            self._lengths[form_layout.main.name][0] += len(mine)
            for index, sheet in enumerate(form_layout.repeats):
                self._lengths[sheet.name][0] += sum(entry.repeat_count(index) for entry in mine)

    def _survey_rows(self) -> dict[str, Iterable[bytes]]:
        rows = {RECORD_LIST_SHEET: self._record_list_rows()}
        for form_layout in self.layout.forms.values():
            entries = self._bulk.get(form_layout.main.name, [])
            rows[form_layout.main.name] = row_batches(self._main_rows(entries))
            for index, sheet in enumerate(form_layout.repeats):
                rows[sheet.name] = row_batches(body for entry in entries for body in entry.repeat_rows(index))
        return rows

    def _main_rows(self, entries: Sequence[Entry]) -> Iterator[bytes]:
        progress = self._progress
        for number, entry in enumerate(entries, start=1):
            yield entry.main_row()
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress.advance(PROGRESS_EVERY)
                if progress.cancelled():
                    raise Cancelled()
        if progress is not None:
            progress.advance(len(entries) % PROGRESS_EVERY)
