"""A store damaged in the middle of its file, and an import into it that must be refused unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest


def damage_middle(path: Path, length: int = 8192) -> None:
    """Overwrite `length` bytes in the middle of the file, as a failing disk or a crash might."""
    with open(path, "r+b") as file:
        file.seek(Path(path).stat().st_size // 2)
        file.write(b"\xa5" * length)


def refused_import(path: Path, files, catalog):
    """Import `files` into the damaged store at `path`; return the refusal after checking nothing changed."""
    from forms.store.database import open_database
    from forms.store.errors import StoreError
    from reports.excel.importer import import_files

    before = Path(path).read_bytes()
    db = open_database(path)
    try:
        with pytest.raises(StoreError) as refused:
            import_files(db, files, catalog=catalog)
    finally:
        db.close()
    assert Path(path).read_bytes() == before, "a refused import changed the damaged database"
    return refused.value
