"""Faults of the database file itself (damaged, held by another program) as coded store errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exc

from forms.store.errors import StoreError, store_error
from forms.store.integrity import check_integrity

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26
BUSY_TIMEOUT_MS = 5000   # how long a connection waits for another program's lock (PRAGMA busy_timeout)


def sqlite_code(error: BaseException) -> int | None:
    """Return SQLite's primary result code behind `error` (raw or wrapped by SQLAlchemy), or None."""
    original = error.orig if isinstance(error, exc.DBAPIError) else error
    code = getattr(original, "sqlite_errorcode", None) if isinstance(original, sqlite3.Error) else None
    return code & 0xFF if isinstance(code, int) else None


def is_damage(error: BaseException) -> bool:
    """Tell whether SQLite refused a page of the file as damaged."""
    return sqlite_code(error) == SQLITE_CORRUPT


def store_fault(error: BaseException, path: Path | str | None = None) -> StoreError | None:
    """Return the coded error for a damaged or busy database behind `error`, or None for anything else."""
    where = Path(path).name if path is not None else "数据库"
    code = sqlite_code(error)
    original = error.orig if isinstance(error, exc.DBAPIError) else error
    if code == SQLITE_CORRUPT:
        return store_error("store-015", where, detail=original)
    if code == SQLITE_NOTADB:
        return store_error("store-002", where, detail=original)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return store_error("store-014", where, seconds=BUSY_TIMEOUT_MS // 1000)
    return None


def refuse_damaged(path: Path) -> None:
    """Run `PRAGMA quick_check` on the database at `path`; raise store-015 when it fails."""
    report = check_integrity(path, max_problems=3, quick=True)
    if not report.ok:
        raise store_error("store-015", Path(path).name, detail=report.summary)


@contextmanager
def faults_reported(path: Path) -> Iterator[None]:
    """Turn a damaged or busy database met inside the block into its coded error."""
    try:
        yield
    except (exc.DBAPIError, sqlite3.Error) as error:
        coded = store_fault(error, path)
        if coded is None:
            raise
        raise coded from error
