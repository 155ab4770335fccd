"""The selected records as record versions, streamed survey by survey in place order (what an export reads)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from sqlalchemy import func, select

from forms.store.database import Database
from forms.store.place import BUILDING_KEYS
from forms.store.record_filter import RecordFilter, where_clauses
from forms.store.record_version import RecordVersion, canonical_number, loads
from forms.store.tables import Record

VERSION_COLUMNS = (
    Record.id, Record.form_id, Record.form_version, Record.revision, Record.status,
    Record.created_at, Record.updated_at, Record.inspector, Record.device_id, Record.district,
    Record.street, Record.community, Record.estate, Record.building_code, Record.address,
    Record.lat, Record.lon, Record.answers, Record.calculated, Record.summary, Record.findings, Record.vector,
)
PLACE_ORDER = (*(getattr(Record, key) for key in BUILDING_KEYS), Record.id)


def stream_versions(db: Database, record_filter: RecordFilter, form_ids: Iterable[str]) -> Iterator[RecordVersion]:
    """Yield the selected records of each survey in turn, in place order, streamed from the cursor."""
    with db.engine.connect() as connection:
        for form_id in form_ids:
            sql, params = _compiled(db, replace(record_filter, form_id=form_id))
            for row in connection.exec_driver_sql(sql, params):
                yield version_of_row(row)


def count_versions(db: Database, record_filter: RecordFilter, form_ids: Iterable[str]) -> int:
    """Return how many records `stream_versions` yields."""
    with db.engine.connect() as connection:
        return sum(
            connection.execute(select(func.count()).select_from(Record).where(
                *where_clauses(replace(record_filter, form_id=form_id)))).scalar_one()
            for form_id in form_ids
        )


def _compiled(db: Database, record_filter: RecordFilter) -> tuple[str, tuple]:
    """Plain SQL and its parameters on purpose: row processing in the ORM would cost more than writing the cells."""
    query = select(*VERSION_COLUMNS).where(*where_clauses(record_filter)).order_by(*PLACE_ORDER)
    compiled = query.compile(dialect=db.engine.dialect)
    return str(compiled), tuple(compiled.params[name] for name in compiled.positiontup)


def version_of_row(row: tuple) -> RecordVersion:
    """Build a version from a row selected with VERSION_COLUMNS, numbers as they travel in a workbook."""
    (record_id, form_id, form_version, revision, status, created_at, updated_at, inspector, device_id,
     district, street, community, estate, building_code, address, lat, lon,
     answers, calculated, summary, findings, vector) = row
    return RecordVersion(
        id=record_id, form_id=form_id, form_version=form_version, revision=revision, status=status,
        created_at=created_at, updated_at=updated_at, inspector=inspector, device_id=device_id,
        district=district, street=street, community=community, estate=estate,
        building_code=building_code, address=address, lat=canonical_number(lat), lon=canonical_number(lon),
        answers=loads(answers, {}), calculated=loads(calculated, {}),
        summary=loads(summary, {}), findings=tuple(loads(findings, [])), vector=loads(vector, {}),
    )
