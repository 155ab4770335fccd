"""One call per report kind: read what it needs from the store, typeset, write atomically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from forms.model import FormDefinition
from forms.store.database import Database
from reports.pdf.building_report import BuildingDossier, BuildingReport, RecordReport
from reports.pdf.district_data import DRAFT_LIMIT, LEDGER_LIMIT, gather_district_facts
from reports.pdf.district_summary import DistrictSummary
from reports.pdf.figure_refs import record_figures, record_places
from reports.pdf.glyphs import ReportFonts, report_fonts
from reports.pdf.issue import Numbering
from reports.pdf.sources import Scope, StorePhotos, building_records, record_by_id


def write_building_report(db: Database, catalog: Mapping[str, FormDefinition], building_code: str, out: Path, *,
                          district: str | None = None, fonts: ReportFonts | None = None,
                          include_sensitive: bool = False, numbering: Numbering = Numbering()) -> Path:
    """Write the 楼栋体检报告 of every survey recorded for one building."""
    records = building_records(db, building_code, district)
    report = BuildingReport(BuildingDossier(building_code, tuple(records)), catalog, fonts or report_fonts(),
                            photos=StorePhotos(db), include_sensitive=include_sensitive,
                            issue=numbering.issue(db))
    return report.write(Path(out))


def write_record_report(db: Database, catalog: Mapping[str, FormDefinition], record_id: str, out: Path, *,
                        fonts: ReportFonts | None = None, include_sensitive: bool = False,
                        numbering: Numbering = Numbering()) -> Path:
    """Write the report of a single record."""
    report = RecordReport(record_by_id(db, record_id), catalog, fonts or report_fonts(),
                          photos=StorePhotos(db), include_sensitive=include_sensitive, issue=numbering.issue(db))
    return report.write(Path(out))


def write_district_summary(db: Database, catalog: Mapping[str, FormDefinition], out: Path, *,
                           scope: Scope = Scope(), fonts: ReportFonts | None = None,
                           ledger_limit: int = LEDGER_LIMIT, draft_limit: int = DRAFT_LIMIT,
                           generated_on: dt.date | None = None, numbering: Numbering = Numbering()) -> Path:
    """Write the 区级城市体检汇总 of a district (or street, or everything)."""
    facts = gather_district_facts(db, catalog, scope, ledger_limit=ledger_limit, draft_limit=draft_limit)
    places = record_places(db, sorted({entry.record_id for entry in facts.ledger}))
    summary = DistrictSummary(facts, catalog, fonts or report_fonts(), generated_on=generated_on,
                              issue=numbering.issue(db, generated_on), figures=record_figures(db, catalog, places),
                              districts={record_id: district for record_id, (district, _code) in places.items()})
    return summary.write(Path(out))
