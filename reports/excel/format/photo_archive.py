"""Exports packed with their photos: a .zip holding the workbook and photos/<sha256>.<ext>."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from reports.leftovers import partial_path
from reports.output_file import replaced_when_done
from reports.progress import Cancelled, ProgressReporter

PHOTO_FOLDER = "photos"
PHOTO_PREFIX = f"{PHOTO_FOLDER}/"
PHOTO_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}


def inner_workbook_path(out: Path) -> Path:
    """Where the workbook waits before it is packed into the .zip."""
    return partial_path(out.with_suffix(".xlsx"), "workbook")


def is_photo_archive(path: Path) -> bool:
    """Whether `path` is a .zip export (a zip that is not itself a workbook)."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return "[Content_Types].xml" not in archive.namelist()


def photo_members(names: Iterable[str]) -> dict[str, str]:
    """Return sha256 -> member name of the photos among a .zip export's member names."""
    return {Path(n).stem: n for n in names if n.startswith(PHOTO_PREFIX) and not n.endswith("/")}


def archive_photos(path: Path) -> dict[str, str]:
    """The photos a .zip export holds (sha256 -> member); none for a plain workbook or an unreadable file."""
    try:
        if not is_photo_archive(path):
            return {}
        with zipfile.ZipFile(path) as archive:
            return photo_members(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return {}


def pack_with_photos(zip_path: Path, workbook: Path, photos: Iterable[tuple[str, bytes]],
                     progress: ProgressReporter) -> None:
    """Write `workbook` and the (member name, bytes) photos into `zip_path`, via a temporary file.

    The workbook is removed afterwards; an error leaves no .zip behind (callers turn OSError into their code).
    """
    try:
        with replaced_when_done(zip_path) as partial, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(workbook, f"{zip_path.stem}.xlsx", compress_type=zipfile.ZIP_STORED)
            for name, data in photos:
                archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_STORED)
                progress.advance()
                if progress.cancelled():
                    raise Cancelled()
    finally:
        with suppress(OSError):
            workbook.unlink()
