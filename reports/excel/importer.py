"""Import exports into the store: a version descending from the stored one replaces it; parallel edits conflict."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exc

from forms.errors import CodedError
from forms.model import FormDefinition
from forms.store.answer_content import photo_references
from forms.store.backup import backup_before
from forms.store.database import Database
from forms.store.faults import refuse_damaged
from forms.store.incoming import IncomingVersions, Outcome, incoming_versions
from forms.store.record_version import RecordVersion, sensitive_keys
from reports.excel.errors import excel_error, place
from reports.excel.read.missing_photos import missing_photos_warning
from reports.excel.read.reassess import reassessed
from reports.excel.read.workbook_reader import ExportFile, read_export
from reports.progress import Cancelled, NullProgress, ProgressReporter

CANCEL_CHECK_EVERY = 200


@dataclass(frozen=True)
class FileImport:
    """What one file changed in the store."""

    path: Path
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    conflicts: int = 0
    photos_added: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """Every file imported, and every file refused with its coded error."""

    imported: tuple[FileImport, ...]
    refused: tuple[tuple[Path, CodedError], ...]

    @property
    def ok(self) -> bool:
        return not self.refused


# FileImport's names for the store's outcomes
TALLIED = {Outcome.ADDED: "inserted", Outcome.UPDATED: "updated", Outcome.UNCHANGED: "unchanged",
           Outcome.OLDER: "older", Outcome.CONFLICT: "conflicts"}


def import_files(db: Database, paths: Sequence[Path], *, catalog: Mapping[str, FormDefinition],
                 progress: ProgressReporter | None = None) -> ImportResult:
    """Back up the database, then import each file on its own; a refused file changes nothing.

    A damaged database is refused (store-015) before anything is read or written.
    """
    if paths:
        refuse_damaged(db.path)
        backup_before(db, "import")
    imported, refused = [], []
    for path in paths:
        try:
            imported.append(import_file(db, Path(path), catalog=catalog, progress=progress))
        except CodedError as error:   # the file's own problem, or its photos refused by the store
            refused.append((Path(path), error))
    return ImportResult(tuple(imported), tuple(refused))


def import_file(db: Database, path: Path, *, catalog: Mapping[str, FormDefinition],
                progress: ProgressReporter | None = None) -> FileImport:
    """Import one export in one transaction: all of its records, or none."""
    progress = progress or NullProgress()
    content = read_export(path, catalog)
    masked = {} if content.include_sensitive else {k: sensitive_keys(f) for k, f in catalog.items()}
    warnings = list(content.warnings)
    progress.start(len(content.versions) + len(content.losers), f"正在导入 {path.name}")
    try:
        # A workbook may travel without its photos: the records are kept and named in a warning.
        with incoming_versions(db, source=path.name, masked=masked, require_photos=False) as incoming:
            photos = _add_photos(incoming, content)      # in the same transaction: a refused file leaves none
            if content.packed:
                have = incoming.present_photos(content.versions)   # after the archive's photos went in
                warnings += missing_photos_warning(content.name, content.versions, have, catalog)
            for number, version in enumerate(content.versions, start=1):
                if version.id in content.edited:
                    version = _reassessed(incoming, version, catalog[version.form_id],
                                          place(path.name, content.edited[version.id]), warnings)
                incoming.apply(version)
                _advance(progress, number)
            for loser in content.losers:
                incoming.keep_loser(loser)
                progress.advance()
    except exc.SQLAlchemyError as error:
        raise excel_error("import-019", path.name, detail=str(getattr(error, "orig", error))) from error
    counts = {name: incoming.counts[outcome] for outcome, name in TALLIED.items()}
    return FileImport(path, **counts, photos_added=photos, warnings=tuple(warnings))


def _advance(progress: ProgressReporter, number: int) -> None:
    progress.advance()
    if number % CANCEL_CHECK_EVERY == 0 and progress.cancelled():
        raise Cancelled()


def _reassessed(incoming: IncomingVersions, version: RecordVersion, form: FormDefinition,
                where: str, warnings: list[str]) -> RecordVersion:
    """Assess answers edited in the workbook again, with the personal data the file left out."""
    result = reassessed(incoming.with_kept_personal_data(version), form, where)
    if result.warning:
        warnings.append(result.warning)
    return result.version


def _add_photos(incoming: IncomingVersions, content: ExportFile) -> int:
    """Add the photos shipped in a .zip export that the records mention and the store lacks."""
    if not content.photo_members:
        return 0
    wanted = set()
    for version in (*content.versions, *content.losers):
        wanted |= photo_references(version.answers)
    added = 0
    for sha in sorted(wanted & set(content.photo_members)):
        data = content.photo_bytes(sha)
        if hashlib.sha256(data).hexdigest() == sha:
            added += incoming.add_photo(data, f"{content.name}, {content.photo_members[sha]}")
    return added
