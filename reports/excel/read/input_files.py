"""What a file given to import or merge is, told before any reader tries it as a workbook.

A folder, a file without read permission, an OpenDocument or old-Excel sheet, a CSV or PDF would
otherwise all come out as "不存在" or "已损坏"; each gets a message saying what it is and what to do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import MappingProxyType

from reports.excel.errors import excel_error

SNIFF_BYTES = 8
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SAVE_AS_XLSX = "请在 WPS 或 Excel 中打开它，另存为 Excel 工作簿（.xlsx）后再导入；最好直接使用 CityCheck 导出的文件"
# Kind of file -> (what to call it, what to do).
FILE_KINDS = MappingProxyType({
    "ods": ("一个 OpenDocument 表格（.ods）", SAVE_AS_XLSX),
    "ole": ("一个旧版 Excel 97-2003 工作簿（.xls）或加了密码的工作簿",
            "请在 WPS 或 Excel 中去掉密码、另存为 Excel 工作簿（.xlsx）后再导入"),
    "pdf": ("一个 PDF 文件", "PDF 报告无法导入；请导入 CityCheck 导出的 .xlsx 或 .zip 文件"),
    "text": ("一个文本文件（如 CSV）", "CSV 不带 CityCheck 的校验信息，无法导入；请导入 CityCheck 导出的 .xlsx 文件，"
                                 "或在 WPS/Excel 中把内容粘贴回导出的工作簿后另存为 .xlsx"),
    "empty": ("一个空文件（0 字节）", "文件可能没有传完；请向提交人重新索取文件"),
})
SIGNATURES = ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"), (b"%PDF", "pdf"))
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


def check_input_file(path: Path) -> None:
    """Refuse what is not a readable workbook or zip, saying what it is and what to do."""
    try:
        if path.is_dir():
            raise excel_error("import-101", path.name, folder=path)
        if not path.exists():
            raise excel_error("import-001", path.name, detail="文件不存在")
        with open(path, "rb") as file:
            head = file.read(SNIFF_BYTES)
    except PermissionError as error:
        raise excel_error("import-102", path.name, detail=error.strerror or error) from error
    except OSError as error:
        raise excel_error("import-001", path.name, detail=error.strerror or error) from error
    kind = _kind(path, head)
    if kind is not None:
        what, fix = FILE_KINDS[kind]
        raise excel_error("import-103", path.name, kind=what, fix=fix)


def _kind(path: Path, head: bytes) -> str | None:
    if not head:
        return "empty"
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"PK"):
        return "ods" if _is_opendocument(path) else None
    return "text" if path.suffix.lower() in TEXT_SUFFIXES else None


def _is_opendocument(path: Path) -> bool:
    """An OpenDocument file is a zip whose first member, `mimetype`, names its type."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "mimetype" in archive.namelist() and archive.read("mimetype").strip() == ODS_MIMETYPE
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
