"""Work kept in the temporary folder (TMPDIR / TEMP) while a workbook is written, and its failures.

An export's rows wait there per sheet (`sheet_spool`), and SQLite sorts the selected records
there. When that folder is full the person must hear about that folder, not the output's.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from forms.store.faults import SQLITE_FULL, sqlite_code

# The code for a full temporary folder, by the code for an unwritable output of the same operation.
TEMP_CODES = {"export-001": "export-005", "merge-003": "merge-005"}


class TemporaryFolderFull(Exception):
    """Writing to a temporary folder failed: which folder, and why."""

    def __init__(self, folder: str, detail: str) -> None:
        super().__init__(folder, detail)
        self.folder = folder
        self.detail = detail


def sqlite_temp_folder() -> str:
    """Return the folder SQLite sorts in: $SQLITE_TMPDIR or $TMPDIR on POSIX, %TEMP% on Windows."""
    names = ("TEMP", "TMP") if os.name == "nt" else ("SQLITE_TMPDIR", "TMPDIR")
    return next((os.environ[name] for name in names if os.environ.get(name)), tempfile.gettempdir())


@contextmanager
def in_temp_folder() -> Iterator[None]:
    """Report a failed write inside the block as TemporaryFolderFull."""
    try:
        yield
    except OSError as error:
        raise TemporaryFolderFull(tempfile.gettempdir(), error.strerror or str(error)) from error


@contextmanager
def sorting_in_temp_folder() -> Iterator[None]:
    """Report SQLite running out of room for its sort files inside the block as TemporaryFolderFull."""
    try:
        yield
    except exc.OperationalError as error:
        if sqlite_code(error) != SQLITE_FULL:
            raise
        raise TemporaryFolderFull(sqlite_temp_folder(), str(error.orig)) from error
