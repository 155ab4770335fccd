"""Write record versions into the store's tables (used by import and conflict resolution)."""

from __future__ import annotations

from sqlmodel import Session, col, delete, select

from forms.store.answer_content import photo_references
from forms.store.json_text import canonical_json, to_json
from forms.store.tables import Photo, Record, RecordPhoto
from forms.store.record_version import SYSTEM_KEYS, RecordVersion, canonical_number, loads

PLACE_KEYS = SYSTEM_KEYS[1:]   # everything but the id


def stored_version(row: Record) -> RecordVersion:
    """Return the store's row as a record version."""
    return RecordVersion(
        **{key: getattr(row, key) for key in SYSTEM_KEYS if key not in ("lat", "lon")},
        lat=canonical_number(row.lat), lon=canonical_number(row.lon),
        answers=loads(row.answers, {}), calculated=loads(row.calculated, {}),
        summary=loads(row.summary, {}), findings=tuple(loads(row.findings, [])), vector=loads(row.vector, {}),
    )


def write_version(session: Session, row: Record | None, version: RecordVersion) -> Record:
    """Insert or overwrite the row of `version.id` with the version's content, and link its photos."""
    if row is None:
        row = Record(id=version.id, **_columns(version))
        session.add(row)
        session.flush()
    else:
        for key, value in _columns(version).items():
            setattr(row, key, value)
    link_photos(session, row.id, version.answers)
    return row


def link_photos(session: Session, record_id: str, answers) -> None:
    """Link the record to the photos its answers mention that are in the store."""
    wanted = photo_references(answers)
    present = set(session.exec(select(Photo.sha256).where(col(Photo.sha256).in_(wanted))).all()) if wanted else set()
    session.exec(delete(RecordPhoto).where(col(RecordPhoto.record_id) == record_id))
    session.add_all(RecordPhoto(record_id=record_id, sha256=sha) for sha in sorted(present))


def version_json(version: RecordVersion) -> str:
    return canonical_json(version.content())


def _columns(version: RecordVersion) -> dict[str, object]:
    columns = {key: getattr(version, key) for key in PLACE_KEYS}
    columns.update(
        answers=to_json(dict(version.answers)), calculated=to_json(dict(version.calculated)),
        summary=to_json(dict(version.summary)), findings=to_json(list(version.findings)),
        vector=canonical_json(dict(version.vector)),
    )
    return columns
