"""Write a file all at once: a temporary file beside it, then os.replace."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from reports.pdf.errors import report_error


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary stream that becomes `path` only when the block finishes without error."""
    path = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".part", dir=path.parent)
    except OSError as error:
        raise report_error("report-004", str(path), path=path.name, detail=error.strerror or error) from error
    temp_path = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temp_path, path)
    except OSError as error:
        temp_path.unlink(missing_ok=True)
        raise report_error("report-004", str(path), path=path.name, detail=error.strerror or error) from error
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
