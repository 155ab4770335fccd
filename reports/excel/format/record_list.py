"""The hidden record list: which records a file was written with, so rows deleted later are named."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reports.excel.format.cells import read_text
from reports.excel.errors import excel_error, place

SHOWN = 20


def listed_records(rows: list[list[object]]) -> dict[str, set[str]]:
    """Return main sheet -> the record ids listed for it (header row skipped)."""
    listed: dict[str, set[str]] = {}
    for row in rows[1:]:
        if len(row) >= 2 and read_text(row[0]) and read_text(row[1]):
            listed.setdefault(read_text(row[0]), set()).add(read_text(row[1]).strip())
    return listed


def missing_records(file: str, sheet: str, listed: Mapping[str, set[str]], found: Iterable[str]) -> list[str]:
    """A coded warning naming the records the file was written with that its sheet no longer holds."""
    missing = sorted(listed.get(sheet, set()) - set(found))
    if not missing:
        return []
    shown = "、".join(missing[:SHOWN]) + (f" 等（共 {len(missing)} 条）" if len(missing) > SHOWN else "")
    return [str(excel_error("import-032", place(file, sheet), count=len(missing), records=shown))]
