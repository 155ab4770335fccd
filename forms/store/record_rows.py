"""Frozen copies of record rows handed out by the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.store.json_text import from_json
from forms.store.tables import Record


@dataclass(frozen=True)
class RecordSnapshot:
    """A record as stored, with answers, calculated values, summary and findings decoded."""

    id: str
    form_id: str
    form_version: str
    status: str
    revision: int
    created_at: str
    updated_at: str
    inspector: str
    device_id: str
    district: str | None
    street: str | None
    community: str | None
    estate: str | None
    building_code: str | None
    address: str | None
    lat: float | None
    lon: float | None
    answers: dict[str, Any]
    calculated: dict[str, Any]
    summary: dict[str, Any]
    findings: tuple[dict[str, Any], ...]
    last_section: str | None

    @property
    def is_final(self) -> bool:
        """Tell whether the record has been finalized."""
        return self.status == "final"


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


def snapshot_of(row: Record) -> RecordSnapshot:
    """Copy a Record row into a RecordSnapshot."""
    return RecordSnapshot(
        id=row.id, form_id=row.form_id, form_version=row.form_version, status=row.status,
        revision=row.revision, created_at=row.created_at, updated_at=row.updated_at,
        inspector=row.inspector, device_id=row.device_id, district=row.district,
        street=row.street, community=row.community, estate=row.estate,
        building_code=row.building_code, address=row.address, lat=row.lat, lon=row.lon,
        answers=from_json(row.answers, {}), calculated=from_json(row.calculated, {}),
        summary=from_json(row.summary, {}), findings=tuple(from_json(row.findings, [])),
        last_section=row.last_section,
    )


def list_row_of(values: tuple) -> RecordListRow:
    """Build a RecordListRow from a tuple selected with LIST_COLUMNS."""
    *head, summary = values
    return RecordListRow(*head, summary=from_json(summary, {}))
