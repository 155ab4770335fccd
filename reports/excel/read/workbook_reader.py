"""Read a CityCheck export (.xlsx or .zip) with python-calamine, checking every system column."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from forms.model import FormDefinition
from reports.excel.format.conflict_sheet import read_conflict_rows
from reports.excel.errors import excel_error
from reports.excel.read.input_files import check_input_file
from reports.excel.read.input_limits import check_cell_lengths, check_packing, check_workbook
from reports.excel.format.layout import (
    CONFLICTS_SHEET,
    FORMAT_MARKER,
    FORMAT_VERSION,
    KEY_MAP_SHEET,
    README_SHEET,
    RECORD_LIST_SHEET,
)
from reports.excel.format.photo_archive import PHOTO_PREFIX, is_photo_archive, photo_members
from reports.excel.format.record_list import listed_records, missing_records
from reports.excel.read.sheet_reader import KeyMapEntry, MainSheetReader, RepeatSheetReader
from forms.store.record_version import RecordVersion, sensitive_keys
from reports.excel.write.workbook_writer import SheetChecksum


@dataclass(frozen=True)
class ExportFile:
    """What one export holds: record versions, losing versions from its 冲突 sheet, photos."""

    path: Path
    versions: tuple[RecordVersion, ...]
    losers: tuple[RecordVersion, ...] = ()
    include_sensitive: bool = True
    photo_members: Mapping[str, str] = field(default_factory=dict)   # sha256 -> zip member
    warnings: tuple[str, ...] = ()
    packed: bool = False          # a .zip export, which should hold every photo its records mention
    edited: Mapping[str, str] = field(default_factory=dict)   # record id -> sheet, answers changed by hand

    @property
    def name(self) -> str:
        return self.path.name

    def photo_bytes(self, sha256: str) -> bytes:
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(self.photo_members[sha256])


def read_export(path: Path, catalog: Mapping[str, FormDefinition]) -> ExportFile:
    """Read and validate one export; raise ExcelError naming file, sheet and cell on the first problem."""
    path = Path(path)
    book, photos = open_export(path)
    try:
        sheets = {meta.name for meta in book.sheets_metadata}
        if KEY_MAP_SHEET not in sheets or README_SHEET not in sheets:
            raise excel_error("import-003", path.name, sheet=KEY_MAP_SHEET)
        readme = readme_of(read_rows(book, README_SHEET, path))
        check_format(readme, path.name)
        key_map = key_map_of(read_rows(book, KEY_MAP_SHEET, path), path.name)
        include_sensitive = str(readme.get("包含个人信息", "")).startswith("是")
        versions, warnings, edited = [], [], {}
        listed = listed_records(read_rows(book, RECORD_LIST_SHEET, path)) if RECORD_LIST_SHEET in sheets else {}
        for sheet_name, entries in key_map.items():
            if entries[0].repeat_key:
                continue
            form = form_of(catalog, entries[0].form_id, path.name, sheet_name)
            masked = frozenset() if include_sensitive else sensitive_keys(form)
            found, changed = _read_form(book, sheets, key_map, sheet_name, form, masked, path)
            edited.update(dict.fromkeys(changed, sheet_name))
            versions += found
            warnings += missing_records(path.name, sheet_name, listed, (v.id for v in found))
            warnings += _checksum_warning(readme, sheet_name, found)
        losers = read_conflict_rows(read_rows(book, CONFLICTS_SHEET, path), path.name, CONFLICTS_SHEET) \
            if CONFLICTS_SHEET in sheets else []
    finally:
        book.close()
    return ExportFile(path, tuple(versions), tuple(losers), include_sensitive, photos or {}, tuple(warnings),
                      photos is not None, edited)


def open_export(path: Path) -> tuple[CalamineWorkbook, dict[str, str] | None]:
    """Open the workbook, and list the photos of a .zip export (None for a plain workbook)."""
    check_input_file(path)
    try:
        if is_photo_archive(path):
            return _open_archive(path)
        with open(path, "rb") as stream:
            check_workbook(stream, path.name)
        return CalamineWorkbook.from_path(str(path)), None
    except (FileNotFoundError, PermissionError, IsADirectoryError) as error:
        raise excel_error("import-001", path.name, detail=error.strerror or error) from error
    except Exception as error:  # noqa: BLE001 - calamine raises many types for damaged files
        if getattr(error, "code", "").startswith("import-"):
            raise
        raise excel_error("import-002", path.name, detail=_short(error)) from error


def _open_archive(path: Path) -> tuple[CalamineWorkbook, dict[str, str]]:
    with zipfile.ZipFile(path) as archive:
        check_packing(archive, path.name)     # photos are read one by one; the workbook is checked below
        names = archive.namelist()
        books = [n for n in names if n.lower().endswith(".xlsx") and not n.startswith(PHOTO_PREFIX)]
        if len(books) != 1:
            raise excel_error("import-016", path.name, count=len(books))
        data = archive.read(books[0])
    check_workbook(io.BytesIO(data), f"{path.name}, {books[0]}")
    return CalamineWorkbook.from_filelike(io.BytesIO(data)), photo_members(names)


def read_rows(book: CalamineWorkbook, name: str, path: Path) -> list[list[object]]:
    try:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as error:  # noqa: BLE001 - a damaged sheet part
        raise excel_error("import-002", f"{path.name}, sheet {name}", detail=_short(error)) from error
    check_cell_lengths(rows, f"{path.name}, sheet {name}")
    return rows


def readme_of(rows: list[list[object]]) -> dict[str, object]:
    return {str(row[0]).strip(): row[1] for row in rows if len(row) >= 2 and row[0] != ""}


def check_format(readme: Mapping[str, object], file: str) -> None:
    if readme.get("文件格式") != FORMAT_MARKER:
        raise excel_error("import-003", file, sheet=KEY_MAP_SHEET)
    try:
        version = int(float(readme.get("格式版本")))
    except (TypeError, ValueError):
        raise excel_error("import-003", file, sheet=KEY_MAP_SHEET) from None
    if version > FORMAT_VERSION:
        raise excel_error("import-004", file, found=version, supported=FORMAT_VERSION)


def key_map_of(rows: list[list[object]], file: str) -> dict[str, list[KeyMapEntry]]:
    by_sheet: dict[str, list[KeyMapEntry]] = {}
    for row in rows[1:]:
        cells = [str(cell) if cell is not None else "" for cell in (list(row) + [""] * 6)[:6]]
        if not cells[0]:
            continue
        entry = KeyMapEntry(*cells)
        by_sheet.setdefault(entry.sheet, []).append(entry)
    if not by_sheet:
        raise excel_error("import-003", file, sheet=KEY_MAP_SHEET)
    return by_sheet


def form_of(catalog: Mapping[str, FormDefinition], form_id: str, file: str, sheet: str) -> FormDefinition:
    form = catalog.get(form_id)
    if form is None:
        raise excel_error("import-005", f"{file}, sheet {sheet}", form=form_id)
    return form


def _read_form(book, sheets, key_map, sheet_name, form, masked, path) -> tuple[list[RecordVersion], list[str]]:
    """Read a survey's main sheet and attach the rows of its repeat sheets; name the records edited by hand."""
    main = MainSheetReader(path.name, sheet_name, form, key_map[sheet_name], masked)
    versions = main.read(_sheet_rows(book, sheets, sheet_name, path))
    revisions = {v.id: v.revision for v in versions}
    repeat_answers: dict[str, dict[str, list]] = {}
    for name, entries in key_map.items():
        if entries[0].form_id != form.id or not entries[0].repeat_key:
            continue
        reader = RepeatSheetReader(path.name, name, form, entries, masked, sheet_name)
        for record_id, rows in reader.read(_sheet_rows(book, sheets, name, path), revisions).items():
            repeat_answers.setdefault(record_id, {})[reader.repeat.key] = rows
    versions = [main.with_repeats(v, repeat_answers.get(v.id, {})) for v in versions]
    return versions, main.edited(versions)


def _sheet_rows(book, sheets: set[str], name: str, path: Path) -> list[list[object]]:
    if name not in sheets:
        raise excel_error("import-006", path.name, header=f"工作表 {name}")
    return read_rows(book, name, path)


def _checksum_warning(readme: Mapping[str, object], sheet: str, versions: list[RecordVersion]) -> list[str]:
    expected = readme.get(f"校验值（{sheet}）")
    checksum = SheetChecksum()
    for version in versions:
        checksum.add(version.content_hash())
    if expected in (None, "") or str(expected) == checksum.hexdigest():
        return []
    return [f"工作表 {sheet} 自导出后内容有改动（校验值不符）；改动的记录会与原记录形成冲突，请核对。"]


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 200 else text[:200] + "…"
