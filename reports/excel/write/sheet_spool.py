"""A survey sheet's rows kept in a temporary file until the workbook is saved.

Rows arrive record by record, a survey's main sheet and its repeat sheets interleaved, while a
workbook holds each sheet in one piece: every sheet's rendered rows wait in their own file, as
openpyxl's write-only sheets do, so memory stays flat however large the export.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from reports.excel.format.row_xml import row_elements
from reports.excel.write.temp_storage import in_temp_folder

BATCH_BYTES = 1 << 18
READ_BYTES = 1 << 20


class SheetSpool:
    """Rendered rows (`<row>` elements) of one sheet, appended in order, read back once."""

    def __init__(self) -> None:
        with in_temp_folder():
            self._file = tempfile.TemporaryFile(prefix="citycheck-rows-")
        self._batch: list[bytes] = []
        self._size = 0

    def add(self, cells: bytes) -> None:
        """Append one row, given as its rendered cells."""
        self._batch.append(cells)
        self._size += len(cells)
        if self._size >= BATCH_BYTES:
            self._flush()

    def chunks(self) -> Iterator[bytes]:
        """Every row written so far, as `<row>` elements in pieces of about a megabyte."""
        self._flush()
        with in_temp_folder():
            self._file.seek(0)
            while chunk := self._file.read(READ_BYTES):
                yield chunk

    def close(self) -> None:
        self._batch = []
        self._file.close()

    def _flush(self) -> None:
        if self._batch:
            with in_temp_folder():
                self._file.write(row_elements(self._batch))
            self._batch, self._size = [], 0
