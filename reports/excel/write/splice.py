"""Add bulk rows to sheets of a workbook openpyxl wrote, without openpyxl touching each cell.

openpyxl writes the workbook's frame: every sheet's header, widths, frozen panes, filters and
drop-downs, the styles, and the small sheets. The big data sheets then get their rows (rendered
by `row_xml`) inserted after the header row while the workbook is copied into its final file.
Every member is deflated by zipfile at level 1: survey sheets are large and repetitive, and level 1
packs them nearly as tight as the default level in a fraction of the time.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from pathlib import PurePosixPath
from xml.etree import ElementTree

from reports.excel.format.row_xml import MAIN_NS, row_elements

REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
BATCH_BYTES = 1 << 18
END_OF_DATA = b"</sheetData>"
EMPTY_DATA = b"<sheetData />"
LEVEL = 1


def row_batches(bodies: Iterable[bytes]) -> Iterator[bytes]:
    """Wrap rendered row cells in `<row>` elements (numbered by their place), in batches of about 256 KiB."""
    batch: list[bytes] = []
    size = 0
    for body in bodies:
        batch.append(body)
        size += len(body)
        if size >= BATCH_BYTES:
            yield row_elements(batch)
            batch, size = [], 0
    if batch:
        yield row_elements(batch)


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return sheet name -> zip member holding the sheet, from the workbook part and its relations."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations.iter(f"{PACKAGE_REL_NS}Relationship")}
    members = {}
    for sheet in workbook.iter(f"{MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{REL_NS}id"), "")
        members[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
    return members


def split_after_rows(sheet: bytes) -> tuple[bytes, bytes]:
    """Split a sheet part where rows go: before and from its closing </sheetData>."""
    at = sheet.rfind(END_OF_DATA)
    if at >= 0:
        return sheet[:at], sheet[at:]
    at = sheet.find(EMPTY_DATA)
    if at < 0:
        raise ValueError("sheet part without sheetData")
    return sheet[:at] + b"<sheetData>", END_OF_DATA + sheet[at + len(EMPTY_DATA):]


def splice_rows(frame: os.PathLike, target: os.PathLike, rows: Mapping[str, Iterable[bytes]]) -> None:
    """Copy the workbook `frame` to `target`, each sheet named in `rows` getting those row batches."""
    with zipfile.ZipFile(frame) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=LEVEL) as archive:
        members = sheet_members(source)
        spliced = {members[name]: name for name in rows}
        for info in source.infolist():
            data = source.read(info)
            name = spliced.get(info.filename)
            if name is None:
                archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=LEVEL)
                continue
            head, tail = split_after_rows(data)
            # Opened by name, the member takes the archive's method and level.
            with archive.open(info.filename, "w", force_zip64=True) as stream:
                for part in chain([head], rows[name], [tail]):
                    stream.write(part)
