"""Conflicts kept by the store: list them beside the stored version, and settle one by picking a version."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, col, select

from forms.store.clock import utc_now
from forms.store.database import Database
from forms.store.errors import conflict_error
from forms.store.lineage import bumped, joined
from forms.store.record_rows import exchanged_version, version_json, write_version
from forms.store.record_version import RecordVersion, loads, version_of_content
from forms.store.tables import AuditEntry, Conflict, Record

KEEP_STORED = "stored"
KEEP_INCOMING = "incoming"
RESOLUTION_FIELD = "_conflict"


@dataclass(frozen=True)
class ConflictEntry:
    """An unresolved conflict: the version waiting for review and the version in the store."""

    id: int
    record_id: str
    revision: int
    source: str
    detected_at: str
    incoming: RecordVersion
    stored: RecordVersion | None

    def differing_answers(self) -> list[str]:
        """Return the answer keys whose values differ between the two versions."""
        mine = self.incoming.content()["answers"]
        theirs = self.stored.content()["answers"] if self.stored else {}
        return sorted(key for key in set(mine) | set(theirs) if mine.get(key) != theirs.get(key))


def keep_conflict(session: Session, version: RecordVersion, source: str) -> bool:
    """Keep the version for review unless the same content is already waiting; True when kept."""
    content = version_json(version)
    waiting = session.exec(select(Conflict.content).where(
        col(Conflict.record_id) == version.id, col(Conflict.revision) == version.revision,
        col(Conflict.resolved).is_(False),
    )).all()
    if content in waiting:
        return False
    session.add(Conflict(record_id=version.id, revision=version.revision, content=content,
                         source=source, detected_at=utc_now(), resolved=False))
    return True


def open_conflicts(db: Database) -> list[ConflictEntry]:
    """Return every unresolved conflict, oldest first."""
    query = select(Conflict).where(col(Conflict.resolved).is_(False)).order_by(col(Conflict.id))
    with db.session() as session:
        entries = []
        for conflict in session.exec(query).all():
            row = session.get(Record, conflict.record_id)
            entries.append(ConflictEntry(
                id=conflict.id, record_id=conflict.record_id, revision=conflict.revision,
                source=conflict.source, detected_at=conflict.detected_at,
                incoming=version_of_content(loads(conflict.content)),
                stored=exchanged_version(row) if row is not None else None,
            ))
        return entries


def resolve_conflict(db: Database, conflict_id: int, *, keep: str, who: str) -> RecordVersion:
    """Keep the stored or the incoming version as a new one descending from both, so the choice wins later merges."""
    if keep not in (KEEP_STORED, KEEP_INCOMING):
        raise ValueError(f"keep must be {KEEP_STORED!r} or {KEEP_INCOMING!r}, not {keep!r}")
    with db.session() as session:
        conflict = session.get(Conflict, conflict_id)
        if conflict is None:
            raise conflict_error("import-023", conflict_id=conflict_id)
        if conflict.resolved:
            raise conflict_error("import-024", conflict_id=conflict_id)
        row = session.get(Record, conflict.record_id)
        incoming = version_of_content(loads(conflict.content))
        base = incoming if keep == KEEP_INCOMING or row is None else exchanged_version(row)
        revision = max(conflict.revision, row.revision if row is not None else 0) + 1
        seen = joined(incoming.lineage(), exchanged_version(row).lineage() if row is not None else {})
        chosen = replace(base, revision=revision, updated_at=utc_now(), vector=bumped(seen, db.device_id))
        write_version(session, row, chosen)
        conflict.resolved = True
        reason = "处理冲突：保留导入的版本" if keep == KEEP_INCOMING else "处理冲突：保留本机版本"
        session.add(AuditEntry(record_id=chosen.id, at=chosen.updated_at, who=who, field=RESOLUTION_FIELD,
                               old=None, new=None, reason=f"{reason}（来源 {conflict.source}）"))
        return chosen
