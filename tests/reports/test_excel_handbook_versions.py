"""Exports of 2026.1 (before the 2025 handbook's fields) still import, and then count by the handbook."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import select

from forms.demo import generate
from forms.indicators import indicators_for_database
from forms.loader import FormCatalog, load_catalog
from forms.store.database import open_database
from forms.store.json_text import from_json
from forms.store.tables import Record
from reports.excel.export import export_workbook
from reports.excel.importer import import_file

ADDED = {
    "housing_safety": {"census_structure_hazard", "piped_gas", "gas_riser_material", "gas_riser_year",
                       "gas_riser_age", "gas_riser_hazardous", "gas_riser_note", "extinguishers_per_stairwell",
                       "energy_diagnosis_needed", "energy_safe_20_years", "demolition_planned", "energy_retrofitted",
                       "building_pipe_problems", "building_pipe_photos", "fibre_to_home", "security_devices",
                       "smoke_detectors_common", "emergency_call_missing_households"},
    "aging_friendly": {"hardship_elderly_unretrofitted"},
}


def version_2026_1(catalog) -> FormCatalog:
    """The catalogue as it was before the handbook's fields (2026.1)."""
    forms = []
    for form in catalog.values():
        added = ADDED.get(form.id)
        if added:
            sections = tuple(replace(s, fields=tuple(f for f in s.fields if f.key not in added))
                             for s in form.sections)
            form = replace(form, version="2026.1", sections=tuple(s for s in sections if s.fields))
        forms.append(form)
    return FormCatalog(forms)


def test_a_2026_1_export_imports_and_counts_by_the_handbook(tmp_path):
    current = load_catalog()
    old = version_2026_1(current)
    assert not any(old["housing_safety"].has_field(key) for key in ADDED["housing_safety"])
    source = open_database(tmp_path / "old.sqlite3")
    generate(source, 120, seed=2, catalog=old)
    out = export_workbook(source, tmp_path / "2026.1.xlsx", catalog=old).path
    target = open_database(tmp_path / "new.sqlite3")
    result = import_file(target, out, catalog=current)
    assert result.inserted == 120
    with target.session() as session:
        rows = session.exec(select(Record).where(Record.form_id == "housing_safety")).all()
    assert rows and {row.form_version for row in rows} == {"2026.1"}
    assert all("handbook_items" in from_json(row.summary, {}) for row in rows)
    table = indicators_for_database(target, current, group_by="district")
    assert table.total.surveyed > 0 and table.total.values["structure_hazard_buildings"] >= 0
    source.close()
    target.close()
