"""Read the records a report needs from the store, in pages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from forms.store.database import Database
from forms.store.record_rows import RecordSnapshot, snapshot_of
from forms.store.tables import Photo, Record
from reports.pdf.errors import report_error

PAGE_SIZE = 500


@dataclass(frozen=True)
class Scope:
    """Which records a report covers; None means "any"."""

    district: str | None = None
    street: str | None = None

    def clauses(self) -> list:
        found = []
        if self.district is not None:
            found.append(col(Record.district) == self.district)
        if self.street is not None:
            found.append(col(Record.street) == self.street)
        return found

    def describe(self) -> str:
        parts = [part for part in (self.district, self.street) if part]
        return " ".join(parts) if parts else "全部记录"


def building_records(db: Database, building_code: str, district: str | None = None) -> list[RecordSnapshot]:
    """Return every record of one building, in survey order (report-002 when none)."""
    query = select(Record).where(col(Record.building_code) == building_code, *Scope(district).clauses())
    query = query.order_by(col(Record.form_id), col(Record.created_at), col(Record.id))
    with db.session() as session:
        records = [snapshot_of(row) for row in session.exec(query).all()]
    if not records:
        raise report_error("report-002", building_code, building_code=building_code)
    return records


def record_by_id(db: Database, record_id: str) -> RecordSnapshot:
    with db.session() as session:
        row = session.get(Record, record_id)
        if row is None:
            raise report_error("report-003", record_id, record_id=record_id)
        return snapshot_of(row)


def count_buildings(db: Database, scope: Scope) -> int:
    """Return how many buildings, (district, building code) pairs, the scope holds."""
    buildings = (select(Record.district, Record.building_code).distinct()
                 .where(*scope.clauses(), col(Record.building_code).is_not(None)).subquery())
    with db.session() as session:
        return int(session.exec(select(func.count()).select_from(buildings)).one())


def records_by_building(db: Database, scope: Scope, page_size: int = PAGE_SIZE
                        ) -> Iterator[tuple[str, list[RecordSnapshot]]]:
    """Yield (building code, its records) over the scope, reading the store a page at a time."""
    code, group = None, []
    for record in _pages(db, scope, page_size):
        if record.building_code != code and group:
            yield code, group
            group = []
        code = record.building_code
        group.append(record)
    if group:
        yield code, group


def _pages(db: Database, scope: Scope, page_size: int) -> Iterator[RecordSnapshot]:
    # Keyset paging on (building_code, id): each page is an index seek, not an OFFSET scan.
    after: tuple[str, str] | None = None
    while True:
        query = select(Record).where(*scope.clauses(), col(Record.building_code).is_not(None))
        if after is not None:
            query = query.where((col(Record.building_code) > after[0])
                                | ((col(Record.building_code) == after[0]) & (col(Record.id) > after[1])))
        query = query.order_by(col(Record.building_code), col(Record.id)).limit(page_size)
        with db.session() as session:
            page = [snapshot_of(row) for row in session.exec(query).all()]
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


class StorePhotos:
    """Photo bytes from the store, several in one query; missing photos are left out."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __call__(self, shas: Sequence[str], thumbnail: bool = True) -> dict[str, bytes]:
        column = Photo.thumbnail if thumbnail else Photo.data
        wanted = sorted(set(shas))
        found: dict[str, bytes] = {}
        with self.db.session() as session:
            for start in range(0, len(wanted), 500):
                query = select(Photo.sha256, column).where(col(Photo.sha256).in_(wanted[start:start + 500]))
                found.update({sha: data for sha, data in session.exec(query).all()})
        return found
