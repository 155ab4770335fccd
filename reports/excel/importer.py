"""Import exports into the store: a version descending from the stored one replaces it; parallel edits conflict."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import exc
from sqlmodel import Session, col, select

from forms.errors import CodedError
from forms.model import FormDefinition
from forms.store.answer_content import photo_references
from forms.store.backup import backup_before
from forms.store.clock import utc_now
from forms.store.database import Database
from forms.store.faults import refuse_damaged
from forms.store.lineage import Order, compare
from forms.store.photos import add_photo_in
from forms.store.tables import Conflict, Photo, Record
from reports.excel.errors import excel_error, place
from reports.excel.read.missing_photos import missing_photos_warning
from reports.excel.read.workbook_reader import ExportFile, read_export
from reports.excel.read.reassess import reassessed
from reports.excel.record_rows import stored_version, version_json, write_version
from forms.store.record_version import RecordVersion, sensitive_keys
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


class _Tally:
    def __init__(self) -> None:
        self.counts = {"inserted": 0, "updated": 0, "unchanged": 0, "older": 0, "conflicts": 0}

    def add(self, outcome: str) -> None:
        self.counts[outcome] += 1


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
    tally, warnings = _Tally(), list(content.warnings)
    progress.start(len(content.versions) + len(content.losers), f"正在导入 {path.name}")
    try:
        with db.write_session() as session:
            photos = _add_photos(session, content)      # in the same transaction: a refused file leaves none
            if content.packed:
                warnings += _missing_photos(session, content, catalog)
            for number, version in enumerate(content.versions, start=1):
                keys = masked.get(version.form_id, frozenset())
                if version.id in content.edited:
                    version = _reassessed(session, version, keys, catalog[version.form_id],
                                          place(path.name, content.edited[version.id]), warnings)
                tally.add(_apply(session, version, keys, path.name))
                _advance(progress, number)
            for loser in content.losers:
                if _keep_loser(session, loser, masked.get(loser.form_id, frozenset()), path.name):
                    tally.add("conflicts")
                progress.advance()
    except exc.SQLAlchemyError as error:
        raise excel_error("import-019", path.name, detail=str(getattr(error, "orig", error))) from error
    return FileImport(path, **tally.counts, photos_added=photos, warnings=tuple(warnings))


def _advance(progress: ProgressReporter, number: int) -> None:
    progress.advance()
    if number % CANCEL_CHECK_EVERY == 0 and progress.cancelled():
        raise Cancelled()


def _apply(session: Session, version: RecordVersion, masked: frozenset[str], source: str) -> str:
    row = session.get(Record, version.id)
    if row is None:
        write_version(session, None, version)
        return "inserted"
    current = stored_version(row)
    if current.without(masked).content_hash() == version.without(masked).content_hash():
        return "unchanged"
    order = compare(version.lineage(), current.lineage())
    if order is Order.OLDER:
        return "older"
    if order is Order.NEWER:
        write_version(session, row, _with_kept_personal_data(version, current, masked))
        return "updated"
    # Edited in parallel (or the same history with different content): both kept until a person chooses.
    return "conflicts" if _add_conflict(session, version, source) else "unchanged"


def _reassessed(session: Session, version: RecordVersion, masked: frozenset[str], form: FormDefinition,
                where: str, warnings: list[str]) -> RecordVersion:
    """Assess answers edited in the workbook again, with the personal data the file left out."""
    row = session.get(Record, version.id)
    if row is not None:
        version = _with_kept_personal_data(version, stored_version(row), masked)
    result = reassessed(version, form, where)
    if result.warning:
        warnings.append(result.warning)
    return result.version


def _keep_loser(session: Session, loser: RecordVersion, masked: frozenset[str], source: str) -> bool:
    """Keep a losing version from a merged file for review when it collides with the stored one."""
    row = session.get(Record, loser.id)
    if row is None:
        return False
    stored = stored_version(row)
    if stored.without(masked).content_hash() == loser.without(masked).content_hash():
        return False
    if compare(loser.lineage(), stored.lineage()) is Order.OLDER:
        return False        # the stored version descends from it
    return _add_conflict(session, loser, source)


def _add_conflict(session: Session, version: RecordVersion, source: str) -> bool:
    """Store the version for review unless the same content is already waiting; True when added."""
    content = version_json(version)
    waiting = session.exec(select(Conflict.content).where(
        Conflict.record_id == version.id, Conflict.revision == version.revision,
        Conflict.resolved == False,  # noqa: E712 - SQL comparison
    )).all()
    if content in waiting:
        return False
    session.add(Conflict(record_id=version.id, revision=version.revision, content=content,
                         source=source, detected_at=utc_now(), resolved=False))
    return True


def _with_kept_personal_data(version: RecordVersion, current: RecordVersion,
                             masked: frozenset[str]) -> RecordVersion:
    """A file without personal data must not erase the personal data already in the store."""
    kept = {key: current.answers[key] for key in masked if key in current.answers}
    if not kept:
        return version
    return replace(version, answers={**version.answers, **kept})


def _missing_photos(session: Session, content: ExportFile, catalog: Mapping[str, FormDefinition]) -> list[str]:
    wanted = set()
    for version in content.versions:
        wanted |= photo_references(version.answers)
    stored = set(session.exec(select(Photo.sha256).where(col(Photo.sha256).in_(wanted))).all()) if wanted else set()
    return missing_photos_warning(content.name, content.versions, stored, catalog)   # after the archive's photos went in


def _add_photos(session: Session, content: ExportFile) -> int:
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
            added += add_photo_in(session, data, f"{content.name}, {content.photo_members[sha]}")[1]
    return added
