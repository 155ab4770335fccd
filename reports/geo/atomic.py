"""Write a map file all at once: a temporary file beside it, renamed over it when complete."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reports.geo.errors import map_error


@contextmanager
def replaced_when_done(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it becomes `path` only when the block succeeds (map-001)."""
    path = Path(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".part", dir=path.parent)
        os.close(handle)
    except OSError as error:
        raise map_error("map-001", str(path), detail=error.strerror or error) from error
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, path)
    except (OSError, sqlite3.Error) as error:
        raise map_error("map-001", str(path), detail=getattr(error, "strerror", None) or error) from error
    finally:
        temp.unlink(missing_ok=True)
