"""Record rows handed out as record versions, and record versions written back into rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, delete

from forms.store.answer_content import photo_references
from forms.store.json_text import canonical_json, from_json, to_json
from forms.store.photos import photos_present
from forms.store.record_version import SYSTEM_KEYS, RecordVersion
from forms.store.tables import Record, RecordPhoto
from forms.store.version_stream import VERSION_COLUMNS, version_of_row

STORED_KEYS = SYSTEM_KEYS[1:]   # the system columns a version writes, everything but the id


@dataclass(frozen=True)
class RecordListRow:
    """A light record row for lists: place, status and summary, no answers."""

    id: str
    form_id: str
    status: str
    revision: int
    updated_at: str
    inspector: str
    district: str | None
    street: str | None
    community: str | None
    estate: str | None
    building_code: str | None
    address: str | None
    summary: dict[str, Any]

    @property
    def grade(self) -> object:
        """Return the assessed grade from the summary, if any."""
        return self.summary.get("grade")


LIST_COLUMNS = (
    Record.id, Record.form_id, Record.status, Record.revision, Record.updated_at,
    Record.inspector, Record.district, Record.street, Record.community, Record.estate,
    Record.building_code, Record.address, Record.summary,
)


def stored_version(row: Record) -> RecordVersion:
    """Return the row exactly as stored, answers and derived data decoded."""
    return RecordVersion(
        **{key: getattr(row, key) for key in SYSTEM_KEYS}, answers=from_json(row.answers, {}),
        calculated=from_json(row.calculated, {}), summary=from_json(row.summary, {}),
        findings=tuple(from_json(row.findings, [])), vector=from_json(row.vector, {}), last_section=row.last_section,
    )


def list_row_of(values: tuple) -> RecordListRow:
    """Build a RecordListRow from a tuple selected with LIST_COLUMNS."""
    *head, summary = values
    return RecordListRow(*head, summary=from_json(summary, {}))


def exchanged_version(row: Record) -> RecordVersion:
    """Return the row as a record version travels in a workbook, numbers at 16 significant digits."""
    return version_of_row(tuple(getattr(row, column.key) for column in VERSION_COLUMNS))


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
    present = photos_present(session, photo_references(answers))
    session.exec(delete(RecordPhoto).where(col(RecordPhoto.record_id) == record_id))
    session.add_all(RecordPhoto(record_id=record_id, sha256=sha) for sha in sorted(present))


def version_json(version: RecordVersion) -> str:
    """Return the version's canonical content as JSON text (how a kept conflict stores it)."""
    return canonical_json(version.content())


def _columns(version: RecordVersion) -> dict[str, object]:
    columns = {key: getattr(version, key) for key in STORED_KEYS}
    columns.update(
        answers=to_json(dict(version.answers)), calculated=to_json(dict(version.calculated)),
        summary=to_json(dict(version.summary)), findings=to_json(list(version.findings)),
        vector=canonical_json(dict(version.vector)),
    )
    return columns
