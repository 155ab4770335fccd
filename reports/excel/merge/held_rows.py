"""Where a merge holds the row XML of the records it has read: memory, then a temporary file.

A merge holds every record's rows until it has read all inputs, because the output is sorted.
That is about 6 KB per record: a district's merge fits in memory, a city's would not. Rows are
kept in memory up to a budget; past it, each new record's rows go to a temporary file and are
read back when they are compared or written. The file is removed when the merge ends.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from reports.excel.errors import excel_error

ROW_BUDGET = 1 << 30           # bytes of rows kept in memory; 100,000 records render ~580 MB of rows
FILE_BUFFER = 1 << 20

RecordRowXml = tuple[bytes, tuple[tuple[bytes, ...], ...]]     # main row's cells, then each repeat sheet's rows


@dataclass(frozen=True, slots=True)
class RowsInFile:
    """Where one record's row XML lies in the held rows' file: main row first, then the repeat rows in order."""

    store: HeldRows
    offset: int
    main_length: int
    repeat_lengths: tuple[tuple[int, ...], ...]

    def load(self) -> RecordRowXml:
        data = self.store.read(self.offset, self.main_length + sum(map(sum, self.repeat_lengths)))
        repeats, at = [], self.main_length
        for lengths in self.repeat_lengths:
            repeats.append(_cut(data, at, lengths))
            at += sum(lengths)
        return data[:self.main_length], tuple(repeats)


def _cut(data: bytes, at: int, lengths: tuple[int, ...]) -> tuple[bytes, ...]:
    """The rows of `lengths` bytes each that lie one after another in `data` from `at`."""
    rows = []
    for length in lengths:
        rows.append(data[at:at + length])
        at += length
    return tuple(rows)


class HeldRows:
    """Counts the row XML held in memory; once past `budget` bytes, new records' rows go to a temporary file.

    The file is unbuffered, so reading a record's rows back costs one seek and one read of just
    those bytes; writes are gathered here and written a megabyte at a time.
    """

    def __init__(self, budget: int = ROW_BUDGET) -> None:
        self.budget = budget
        self.held = 0
        self._file = None
        self._written = 0                   # bytes in the file
        self._pending: list[bytes] = []     # bytes after those, not written yet
        self._pending_size = 0

    def wants(self, size: int) -> bool:
        """Whether rows of `size` bytes must go to the file; if not, they are counted as held."""
        if self.held + size <= self.budget:
            self.held += size
            return False
        return True

    def put(self, main: bytes, repeats: tuple[tuple[bytes, ...], ...]) -> RowsInFile:
        offset = self._written + self._pending_size
        parts = [main, *(row for rows in repeats for row in rows)]
        self._pending += parts
        self._pending_size += sum(map(len, parts))
        if self._pending_size >= FILE_BUFFER:
            self._flush()
        return RowsInFile(self, offset, len(main), tuple(tuple(map(len, rows)) for rows in repeats))

    def read(self, offset: int, length: int) -> bytes:
        if offset + length > self._written:
            self._flush()
        try:
            self._file.seek(offset)
            data = self._file.read(length)
        except OSError as error:
            raise self._failed(error) from error
        if len(data) != length:
            raise self._failed(f"{length} bytes expected at {offset}, {len(data)} read")
        return data

    def close(self) -> None:
        self._pending, self._pending_size = [], 0
        if self._file is not None:
            self._file.close()
            self._file = None

    def _flush(self) -> None:
        if not self._pending:
            return
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="citycheck-merge-rows-", buffering=0)
            data = memoryview(b"".join(self._pending))
            self._file.seek(self._written)
            while data:
                data = data[self._file.write(data):]
        except OSError as error:
            raise self._failed(error) from error
        self._written += self._pending_size
        self._pending, self._pending_size = [], 0

    @staticmethod
    def _failed(problem: OSError | str) -> Exception:
        detail = problem.strerror or problem if isinstance(problem, OSError) else problem
        return excel_error("merge-005", folder=tempfile.gettempdir(), detail=detail)
