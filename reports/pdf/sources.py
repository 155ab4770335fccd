"""A report's scope, and the store's records and photos it needs, refused with the report's codes when missing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from forms.store import record_reads
from forms.store.database import Database
from forms.store.photos import photos_by_sha
from forms.store.record_filter import RecordFilter
from forms.store.record_reads import PAGE_SIZE
from forms.store.record_version import RecordVersion
from reports.pdf.errors import report_error


@dataclass(frozen=True)
class Scope:
    """Which records a report covers; None means "any"."""

    district: str | None = None
    street: str | None = None

    def record_filter(self) -> RecordFilter:
        """Return the store's filter for the scope."""
        return RecordFilter(district=self.district, street=self.street)

    def describe(self) -> str:
        parts = [part for part in (self.district, self.street) if part]
        return " ".join(parts) if parts else "全部记录"


def building_records(db: Database, building_code: str, district: str | None = None) -> list[RecordVersion]:
    """Return every record of one building, in survey order (report-002 when none)."""
    records = record_reads.building_records(db, building_code, district)
    if not records:
        raise report_error("report-002", building_code, building_code=building_code)
    return records


def record_by_id(db: Database, record_id: str) -> RecordVersion:
    """Return the record `record_id` (report-003 when the store lacks it)."""
    record = record_reads.record_by_id(db, record_id)
    if record is None:
        raise report_error("report-003", record_id, record_id=record_id)
    return record


def count_buildings(db: Database, scope: Scope) -> int:
    """Return how many buildings, (district, building code) pairs, the scope holds."""
    return record_reads.count_buildings(db, scope.record_filter())


def records_by_building(db: Database, scope: Scope, page_size: int = PAGE_SIZE
                        ) -> Iterator[tuple[str, list[RecordVersion]]]:
    """Yield (building code, its records) over the scope, reading the store a page at a time."""
    code, group = None, []
    for record in record_reads.records_in_building_order(db, scope.record_filter(), page_size):
        if record.building_code != code and group:
            yield code, group
            group = []
        code = record.building_code
        group.append(record)
    if group:
        yield code, group


class StorePhotos:
    """Photo bytes from the store, several in one query; missing photos are left out."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __call__(self, shas: Sequence[str], thumbnail: bool = True) -> dict[str, bytes]:
        return photos_by_sha(self.db, shas, thumbnail)
