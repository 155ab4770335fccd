"""Which figures of its building report hold a record's photos, so a list can point to them."""

from __future__ import annotations

from collections.abc import Mapping

from forms.model import FormDefinition
from forms.store.database import Database
from forms.store.record_reads import building_places
from reports.pdf.building_report import BuildingDossier, in_catalog_order, plain_records
from reports.pdf.sources import building_records


def record_places(db: Database, record_ids: list[str]) -> dict[str, tuple[str | None, str]]:
    """Each record's (district, building code), for records that have a building code."""
    return building_places(db, record_ids)


def building_figures(records, catalog: Mapping[str, FormDefinition]) -> dict[str, tuple[int, ...]]:
    """Number the building's photos as its report does; return each record's figure numbers."""
    dossier = in_catalog_order(BuildingDossier("", tuple(records)), catalog)
    figures: dict[str, int] = {}
    plain = plain_records(dossier, catalog, figures=figures)
    return {p.record.id: tuple(dict.fromkeys(figures[ref.sha256] for ref in p.photos)) for p in plain}


def record_figures(db: Database, catalog: Mapping[str, FormDefinition],
                   places: Mapping[str, tuple[str | None, str]]) -> dict[str, tuple[int, ...]]:
    """The figure numbers the records' photos get in their building reports, given `record_places`."""
    found: dict[str, tuple[int, ...]] = {}
    for district, code in sorted(set(places.values()), key=lambda place: (place[0] or "", place[1])):
        found.update(building_figures(building_records(db, code, district), catalog))
    return {rid: found.get(rid, ()) for rid in places}
