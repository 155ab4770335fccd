"""The surveyed points of a record filter: WGS-84 coordinates, place and assessment summary."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.place import Place
from forms.store.record_filter import RecordFilter
from forms.store.record_reads import LocatedRow, located_rows
from reports.geo.errors import map_error
from reports.geo.gcj02 import gcj02_to_wgs84

WGS84 = "WGS-84"
GCJ02 = "GCJ-02"


@dataclass(frozen=True)
class MapPoint:
    """One record on the map: WGS-84 degrees (converted when recorded in GCJ-02) and what it found."""

    record_id: str
    form_id: str
    survey: str                               # the survey's Chinese title
    status: str
    lat: float
    lon: float
    place: Mapping[str, str | None]           # district, street, community, estate, building_code, address
    inspector: str
    updated_at: str
    summary: Mapping[str, object]
    recorded_crs: str = WGS84
    accuracy_m: float | None = None

    @property
    def colour(self) -> str | None:
        """The colour label; anything but the four known colours is 未标色."""
        colour = self.summary.get("colour")
        return colour if colour in ("red", "orange", "yellow", "green") else None

    @property
    def label(self) -> str:
        return self.place.get("building_code") or self.place.get("address") or self.record_id[:8]


@dataclass(frozen=True)
class SkippedRecord:
    """A record the map cannot place: it has no (complete) coordinates."""

    record_id: str
    building_code: str | None

    @property
    def code(self) -> str:
        return self.building_code or self.record_id


@dataclass(frozen=True)
class MapSelection:
    points: tuple[MapPoint, ...]
    skipped: tuple[SkippedRecord, ...] = field(default_factory=tuple)

    def skipped_text(self, limit: int = 20) -> str:
        """Return "3 条记录没有坐标，未上图：A-1、A-2、…" or "" when none was skipped."""
        if not self.skipped:
            return ""
        codes = [record.code for record in self.skipped]
        shown = "、".join(codes[:limit]) + ("…" if len(codes) > limit else "")
        return f"{len(codes)} 条记录没有坐标，未上图：{shown}"


def resolve_form(catalog: Mapping[str, FormDefinition], name: str | None) -> str | None:
    """Return the form id for an id or a Chinese title (map-003 when neither)."""
    if name is None or name in catalog:
        return name
    form = next((form for form in catalog.values() if form.title == name), None)
    if form is None:
        raise map_error("map-003", name, form=name,
                        known="、".join(f"{f.id}（{f.title}）" for f in catalog.values()))
    return form.id


def map_points(db: Database, catalog: Mapping[str, FormDefinition],
               record_filter: RecordFilter | None = None) -> MapSelection:
    """Return the filtered records as map points, and the records without coordinates."""
    points, skipped = [], []
    for row in located_rows(db, record_filter):
        if row.lat is None or row.lon is None:
            skipped.append(SkippedRecord(row.id, row.building_code))
        else:
            form = catalog.get(row.form_id)
            points.append(_point(row, form.title if form is not None else row.form_id))
    return MapSelection(tuple(points), tuple(skipped))


def _point(row: LocatedRow, survey: str) -> MapPoint:
    recorded_crs, accuracy = row.recorded_crs or WGS84, row.accuracy_m
    lat, lon = float(row.lat), float(row.lon)
    if recorded_crs == GCJ02:
        lat, lon = gcj02_to_wgs84(lat, lon)
    place = Place.of(row).names()
    return MapPoint(
        record_id=row.id, form_id=row.form_id, survey=survey, status=row.status, lat=lat, lon=lon, place=place,
        inspector=row.inspector, updated_at=row.updated_at, summary=json.loads(row.summary or "{}"),
        recorded_crs=recorded_crs,
        accuracy_m=float(accuracy) if isinstance(accuracy, (int, float)) and not isinstance(accuracy, bool) else None,
    )
