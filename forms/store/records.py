"""Survey records: create, save with assessment, finalize, audit and query."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from forms.assessment import Assessment, assess
from forms.model import FormDefinition
from forms.store import lineage
from forms.store.answer_content import answered_inspector, json_safe, photo_references, place_columns
from forms.store.clock import utc_now
from forms.store.database import Database
from forms.store.errors import store_error
from forms.store.json_text import canonical_json, from_json, to_json
from forms.store.record_filter import RecordFilter, order_clauses, where_clauses
from forms.store.record_rows import LIST_COLUMNS, RecordListRow, list_row_of, stored_version
from forms.store.record_version import RecordVersion
from forms.store.tables import AuditEntry, Photo, Record, RecordPhoto

DRAFT = "draft"
FINAL = "final"
STATUS_FIELD = "_status"
FINALIZE_REASON = "定稿"
MISSING_SHOWN = 5


class RecordStore:
    """Records of the forms in `catalog`, kept in `db`."""

    def __init__(self, db: Database, catalog: Mapping[str, FormDefinition], *, profile=None) -> None:
        self.db = db
        self.catalog = catalog
        self.profile = profile

    def create(self, form_id: str, *, inspector: str, place: Mapping[str, object] | None = None,
               answers: Mapping[str, object] | None = None) -> RecordVersion:
        """Start a draft of `form_id`; `place` header answers fill in what `answers` lacks."""
        form = self._form(form_id)
        content = {**(place or {}), **(answers or {})}
        now = utc_now()
        row = Record(
            id=str(uuid.uuid4()), form_id=form_id, form_version=form.version, status=DRAFT,
            revision=1, created_at=now, updated_at=now, inspector=inspector,
            device_id=self.db.device_id, answers="{}", calculated="{}", summary="{}", findings="[]",
        )
        with self.db.session() as session:
            self._write_content(session, row, form, content)
            session.add(row)
            session.flush()
            self._link_photos(session, row.id, content)
            return stored_version(row)

    def get(self, record_id: str) -> RecordVersion:
        """Return the record `record_id`."""
        with self.db.session() as session:
            return stored_version(_record(session, record_id))

    def save_answers(self, record_id: str, answers: Mapping[str, object], *, who: str,
                     reason: str | None = None, last_section: str | None = None,
                     assessment: Assessment | None = None) -> RecordVersion:
        """Store new answers; re-assess and bump the revision only when they changed.

        A final record whose new answers fail the form's checks is saved and returned to draft,
        with an audit entry saying why (see `returned_to_draft_reason`).

        A caller that has just assessed these very answers (the wizard, live) passes `assessment`
        so the same work is not done twice per keystroke.
        """
        answers = dict(answers)
        _answers_json(answers)  # refuse unstorable values before comparing
        with self.db.session() as session:
            row = _record(session, record_id)
            if last_section is not None:
                row.last_section = last_section
            old = from_json(row.answers, {})
            changed = changed_keys(old, answers)
            if not changed:
                return stored_version(row)
            if row.status == FINAL:
                _audit_changes(session, row, old, answers, changed, who, _required_reason(row, reason))
            assessment = self._write_content(session, row, self._form(row.form_id), answers, assessment)
            if row.status == FINAL and not assessment.evaluation.can_finalize:
                # Keep what was typed, but a record that fails its checks cannot stay final.
                session.add(_audit_entry(row.id, who, STATUS_FIELD, FINAL, DRAFT, returned_to_draft_reason(assessment)))
                row.status = DRAFT
            _bump(row, self.db.device_id)
            self._link_photos(session, row.id, answers)
            return stored_version(row)

    def finalize(self, record_id: str, *, who: str) -> RecordVersion:
        """Mark the record final, refusing while the form has missing or wrong answers."""
        with self.db.session() as session:
            row = _record(session, record_id)
            if row.status == FINAL:
                return stored_version(row)
            answers = from_json(row.answers, {})
            assessment = self._write_content(session, row, self._form(row.form_id), answers)
            if not assessment.evaluation.can_finalize:
                raise store_error("store-004", row.id, items=_missing_text(assessment))
            session.add(_audit_entry(row.id, who, STATUS_FIELD, DRAFT, FINAL, FINALIZE_REASON))
            row.status = FINAL
            _bump(row, self.db.device_id)
            return stored_version(row)

    def delete_draft(self, record_id: str) -> None:
        """Delete a draft record with its photo links; final records are kept."""
        with self.db.session() as session:
            row = _record(session, record_id)
            if row.status == FINAL:
                raise store_error("store-013", row.id, record_id=row.id)
            session.exec(delete(RecordPhoto).where(col(RecordPhoto.record_id) == row.id))
            session.delete(row)

    def history(self, record_id: str) -> list[AuditEntry]:
        """Return the record's audit entries, oldest first."""
        query = select(AuditEntry).where(AuditEntry.record_id == record_id).order_by(col(AuditEntry.id))
        with self.db.session() as session:
            return list(session.exec(query).all())

    def query(self, record_filter: RecordFilter | None = None, order_by: str | None = None,
              offset: int = 0, limit: int | None = None) -> list[RecordVersion]:
        """Return full records matching `record_filter`, ordered, one page at a time."""
        query = select(Record).where(*where_clauses(record_filter))
        query = query.order_by(*order_clauses(order_by)).offset(offset).limit(limit)
        with self.db.session() as session:
            return [stored_version(row) for row in session.exec(query).all()]

    def ids_page(self, record_filter: RecordFilter | None = None, order_by: str | None = None,
                 offset: int = 0, limit: int | None = None) -> list[RecordListRow]:
        """Return light list rows (no answers) matching `record_filter`, one page at a time."""
        query = select(*LIST_COLUMNS).where(*where_clauses(record_filter))
        query = query.order_by(*order_clauses(order_by)).offset(offset).limit(limit)
        with self.db.session() as session:
            return [list_row_of(tuple(values)) for values in session.exec(query).all()]

    def count(self, record_filter: RecordFilter | None = None) -> int:
        """Return how many records match `record_filter`."""
        query = select(func.count()).select_from(Record).where(*where_clauses(record_filter))
        with self.db.session() as session:
            return int(session.exec(query).one())

    def counts_by_status(self, record_filter: RecordFilter | None = None) -> dict[str, int]:
        """Return {"draft": n, "final": m} for records matching `record_filter`."""
        query = (
            select(Record.status, func.count()).where(*where_clauses(record_filter))
            .group_by(Record.status)
        )
        counts = {DRAFT: 0, FINAL: 0}
        with self.db.session() as session:
            counts.update({status: int(n) for status, n in session.exec(query).all()})
        return counts

    def _form(self, form_id: str) -> FormDefinition:
        if form_id not in self.catalog:
            raise store_error("store-005", form_id=form_id)
        return self.catalog[form_id]

    def _write_content(self, session: Session, row: Record, form: FormDefinition,
                       answers: dict[str, Any], assessment: Assessment | None = None) -> Assessment:
        """Store answers, place columns and their assessment (made here unless given) on `row`."""
        row.answers = _answers_json(answers)
        assessment = assessment or assess(form, answers, profile=self.profile)
        row.calculated = to_json(json_safe(assessment.evaluation.calculated))
        row.summary = to_json(json_safe(assessment.summary))
        row.findings = to_json(json_safe(assessment.findings_json()))
        row.form_version = form.version
        for key, value in place_columns(answers).items():
            setattr(row, key, value)
        row.inspector = answered_inspector(answers) or row.inspector
        return assessment

    def _link_photos(self, session: Session, record_id: str, answers: Mapping[str, object]) -> None:
        """Make the record's photo links match the photos its answers mention."""
        wanted = photo_references(answers)
        _require_photos(session, wanted)
        linked = set(session.exec(select(RecordPhoto.sha256).where(RecordPhoto.record_id == record_id)).all())
        stale = linked - wanted
        if stale:
            session.exec(delete(RecordPhoto).where(
                col(RecordPhoto.record_id) == record_id, col(RecordPhoto.sha256).in_(stale)))
        session.add_all(RecordPhoto(record_id=record_id, sha256=sha) for sha in sorted(wanted - linked))


def changed_keys(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    """Return the top-level answer keys whose presence or value differs, in a stable order."""
    keys = list(dict.fromkeys([*old, *new]))
    return [
        key for key in keys
        if (key in old) != (key in new) or canonical_json(old.get(key)) != canonical_json(new.get(key))
    ]


def _record(session: Session, record_id: str) -> Record:
    row = session.get(Record, record_id)
    if row is None:
        raise store_error("store-008", record_id=record_id)
    return row


def _answers_json(answers: Mapping[str, object]) -> str:
    for key, value in answers.items():
        to_json(value, key=key)  # names the offending answer before encoding the whole
    return to_json(answers)


def _bump(row: Record, device_id: str) -> None:
    """One more save on this device: the revision and this device's count in the version vector go up."""
    vector = lineage.effective(from_json(row.vector, {}), row.device_id, row.revision)
    row.vector = canonical_json(lineage.bumped(vector, device_id))
    row.revision += 1
    row.updated_at = utc_now()


def _required_reason(row: Record, reason: str | None) -> str:
    if reason is None or not reason.strip():
        raise store_error("store-003", row.id)
    return reason.strip()


def _audit_changes(session: Session, row: Record, old: Mapping[str, object], new: Mapping[str, object],
                   keys: list[str], who: str, reason: str) -> None:
    for key in keys:
        session.add(_audit_entry(row.id, who, key, old.get(key, ...), new.get(key, ...), reason))


def _audit_entry(record_id: str, who: str, field: str, old: object, new: object, reason: str) -> AuditEntry:
    """Build an audit entry; Ellipsis marks an absent answer, stored as NULL."""
    return AuditEntry(
        record_id=record_id, at=utc_now(), who=who, field=field, reason=reason,
        old=None if old is ... else to_json(old, key=field),
        new=None if new is ... else to_json(new, key=field),
    )


def _require_photos(session: Session, shas: set[str]) -> None:
    if not shas:
        return
    known = set(session.exec(select(Photo.sha256).where(col(Photo.sha256).in_(shas))).all())
    missing = sorted(shas - known)
    if missing:
        raise store_error("store-007", sha256=missing[0])


def returned_to_draft_reason(assessment: Assessment) -> str:
    """Say why an edited final record went back to draft, naming what fails its checks."""
    return f"定稿记录修改后未通过检查：{_missing_text(assessment)}，已退回草稿"


def _missing_text(assessment: Assessment) -> str:
    missing = assessment.evaluation.missing()
    items = [f"{label}（{message}）" for _section, _path, label, message in missing[:MISSING_SHOWN]]
    more = f" 等 {len(missing)} 项" if len(missing) > MISSING_SHOWN else ""
    return "；".join(items) + more
