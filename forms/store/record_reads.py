"""The store's reads for reports and maps: a building's records, pages of buildings, places and summary rows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import col, select

from forms.store.database import Database
from forms.store.json_text import from_json
from forms.store.record_filter import RecordFilter, where_clauses
from forms.store.record_rows import stored_version
from forms.store.record_version import RecordVersion
from forms.store.tables import Record

PAGE_SIZE = 500
BATCH_SIZE = 2000
CHUNK = 500          # ids per IN (...) query, well under SQLite's parameter limit


def building_records(db: Database, building_code: str, district: str | None = None) -> list[RecordVersion]:
    """Return every record of one building (in `district` when given), in survey order."""
    query = select(Record).where(*where_clauses(RecordFilter(district=district, building_code=building_code)))
    query = query.order_by(col(Record.form_id), col(Record.created_at), col(Record.id))
    with db.session() as session:
        return [stored_version(row) for row in session.exec(query).all()]


def record_by_id(db: Database, record_id: str) -> RecordVersion | None:
    """Return the record `record_id`, or None when the store lacks it."""
    with db.session() as session:
        row = session.get(Record, record_id)
        return stored_version(row) if row is not None else None


def count_buildings(db: Database, record_filter: RecordFilter) -> int:
    """Return how many buildings, (district, building code) pairs, the filter selects."""
    buildings = (select(Record.district, Record.building_code).distinct()
                 .where(*where_clauses(record_filter), col(Record.building_code).is_not(None)).subquery())
    with db.session() as session:
        return int(session.exec(select(func.count()).select_from(buildings)).one())


def records_in_building_order(db: Database, record_filter: RecordFilter,
                              page_size: int = PAGE_SIZE) -> Iterator[RecordVersion]:
    """Yield the selected records that have a building code, by (building code, id), a page at a time."""
    # Keyset paging on (building_code, id): each page is an index seek, not an OFFSET scan.
    after: tuple[str, str] | None = None
    while True:
        query = select(Record).where(*where_clauses(record_filter), col(Record.building_code).is_not(None))
        if after is not None:
            query = query.where((col(Record.building_code) > after[0])
                                | ((col(Record.building_code) == after[0]) & (col(Record.id) > after[1])))
        query = query.order_by(col(Record.building_code), col(Record.id)).limit(page_size)
        with db.session() as session:
            page = [stored_version(row) for row in session.exec(query).all()]
        yield from page
        if len(page) < page_size:
            return
        after = (page[-1].building_code, page[-1].id)


def district_streets(db: Database) -> dict[str, list[str]]:
    """Return every district in the store with its streets, sorted, for pickers."""
    query = (select(Record.district, Record.street).where(col(Record.district).is_not(None)).distinct()
             .order_by(col(Record.district), col(Record.street)))
    places: dict[str, list[str]] = {}
    with db.session() as session:
        for district, street in session.exec(query).all():
            streets = places.setdefault(district, [])
            if street:
                streets.append(street)
    return places


def building_places(db: Database, record_ids: Sequence[str]) -> dict[str, tuple[str | None, str]]:
    """Return each record's (district, building code), for the records that have a building code."""
    places: dict[str, tuple[str | None, str]] = {}
    for start in range(0, len(record_ids), CHUNK):
        query = select(Record.id, Record.district, Record.building_code).where(
            col(Record.id).in_(record_ids[start:start + CHUNK]), col(Record.building_code).is_not(None))
        with db.session() as session:
            places.update({rid: (district, code) for rid, district, code in session.exec(query).all()})
    return places


@dataclass(frozen=True)
class SummaryRow:
    """The columns of a record a summary reads (never the answers)."""

    id: str
    form_id: str
    status: str
    district: str | None
    street: str | None
    community: str | None
    building_code: str | None
    address: str | None
    inspector: str
    updated_at: str
    summary: Mapping[str, object]
    findings: tuple[Mapping[str, object], ...]


SUMMARY_COLUMNS = (Record.id, Record.form_id, Record.status, Record.district, Record.street, Record.community,
                   Record.building_code, Record.address, Record.inspector, Record.updated_at,
                   Record.summary, Record.findings)


def summary_rows(db: Database, record_filter: RecordFilter, batch_size: int = BATCH_SIZE) -> Iterator[SummaryRow]:
    """Yield every selected record without its answers, streaming in batches."""
    query = select(*(col(column) for column in SUMMARY_COLUMNS)).where(*where_clauses(record_filter))
    with db.engine.connect() as connection:
        result = connection.execution_options(yield_per=batch_size).execute(query)
        for batch in result.partitions():
            for row in batch:
                yield SummaryRow(*row[:10], summary=from_json(row[10], {}) or {},
                                 findings=tuple(from_json(row[11], []) or ()))


class LocatedRow(NamedTuple):
    """A record's place, coordinates and summary, and how its location was recorded, for a map."""

    id: str
    form_id: str
    status: str
    district: str | None
    street: str | None
    community: str | None
    estate: str | None
    building_code: str | None
    address: str | None
    inspector: str
    updated_at: str
    lat: float | None
    lon: float | None
    summary: str | None         # JSON text
    recorded_crs: str | None    # answers' location.crs
    accuracy_m: object          # answers' location.accuracy_m, as stored


LOCATED_COLUMNS = (
    Record.id, Record.form_id, Record.status, Record.district, Record.street, Record.community,
    Record.estate, Record.building_code, Record.address, Record.inspector, Record.updated_at,
    Record.lat, Record.lon, Record.summary,
    func.json_extract(Record.answers, "$.location.crs"),
    func.json_extract(Record.answers, "$.location.accuracy_m"),
)
LOCATED_ORDER = (col(Record.district), col(Record.street), col(Record.building_code), col(Record.id))


def located_rows(db: Database, record_filter: RecordFilter | None = None) -> Iterator[LocatedRow]:
    """Yield the selected records with their coordinates (None when not located), in place order."""
    query = select(*LOCATED_COLUMNS).where(*where_clauses(record_filter)).order_by(*LOCATED_ORDER)
    with db.engine.connect() as connection:
        for row in connection.execute(query):
            yield LocatedRow(*row)
