"""Loading the merge's input files: python-calamine reads the next files while this one is merged."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from reports.excel.errors import ExcelError
from reports.excel.format.layout import README_SHEET
from reports.excel.merge.written_rows import written_rows
from reports.excel.read.workbook_reader import open_export, read_rows, readme_of

LOADERS = 2       # python-calamine lets other threads run while it parses, so two loaders keep a core each

Loaded = dict[str, list[list[object]]] | ExcelError
WrittenRows = dict[str, list[bytes]]


def load_sheets(path: Path) -> Loaded:
    """Every sheet's rows, or the error that makes the file unreadable (the full reader reports it)."""
    try:
        book, _photos = open_export(path)
    except ExcelError as error:
        return error
    try:
        return {meta.name: read_rows(book, meta.name, path) for meta in book.sheets_metadata}
    except ExcelError as error:
        return error
    finally:
        book.close()


def load_file(path: Path, sheets: Sequence[str], formats: Sequence[str]) -> tuple[Loaded, WrittenRows]:
    """Every sheet's rows, and the survey sheets' rows as written when CityCheck wrote them (see written_rows)."""
    loaded = load_sheets(path)
    return loaded, written_rows(path, sheets, formats) if isinstance(loaded, dict) else {}


def load_ahead(paths: Sequence[Path], sheets: Sequence[str], formats: Sequence[str],
               loaders: int = LOADERS) -> Iterator[tuple[Path, Loaded, WrittenRows]]:
    """Yield each file as `load_file` reads it, in order, loading at most `loaders` files ahead on threads."""
    with ThreadPoolExecutor(loaders, thread_name_prefix="calamine") as pool:
        pending: deque[tuple[Path, Future]] = deque()
        for path in paths:
            pending.append((path, pool.submit(load_file, path, sheets, formats)))
            if len(pending) > loaders:
                done, future = pending.popleft()
                yield done, *future.result()
        while pending:
            done, future = pending.popleft()
            yield done, *future.result()


def includes_personal_data(path: Path) -> bool:
    """Whether the export holds personal data, from its 说明 sheet; a file that cannot say is refused later."""
    try:
        book, _photos = open_export(path)
    except ExcelError:
        return True
    try:
        readme = readme_of(read_rows(book, README_SHEET, path))
    except ExcelError:
        return True
    finally:
        book.close()
    return str(readme.get("包含个人信息", "")).startswith("是")
