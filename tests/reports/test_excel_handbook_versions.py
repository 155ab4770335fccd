"""Exports of 2026.1 (before the 2025 handbook's fields) still import, and then count by the handbook."""

from __future__ import annotations

import json
from dataclasses import replace

from python_calamine import CalamineWorkbook

from sqlmodel import select

from forms.demo import generate
from forms.indicators import indicators_for_database
from forms.loader import FormCatalog, load_catalog
from forms.store.database import open_database
from forms.store.json_text import from_json
from forms.store.tables import Record
from reports.excel.export import export_workbook
from reports.excel.importer import import_file
from reports.excel.merge.workbooks import merge_workbooks

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


def old_export(tmp_path, current, name="2026.1.xlsx", seed=2):
    """An export written by 2026.1 (its summaries carry no handbook items)."""
    old = version_2026_1(current)
    assert not any(old["housing_safety"].has_field(key) for key in ADDED["housing_safety"])
    source = open_database(tmp_path / f"{name}.sqlite3")
    generate(source, 120, seed=seed, catalog=old)
    _drop_handbook_facts(source)
    out = export_workbook(source, tmp_path / name, catalog=old).path
    source.close()
    return out


def _drop_handbook_facts(db):
    """Make the stored summaries what 2026.1 saved: no handbook facts."""
    with db.session() as session:
        for row in session.exec(select(Record)).all():
            summary = from_json(row.summary, {})
            for key in ("handbook_items", "handbook_photos", "building_use", "self_built_building"):
                summary.pop(key, None)
            row.summary = json.dumps(summary, ensure_ascii=False, separators=(",", ":"))
            session.add(row)
        session.commit()


def test_a_2026_1_export_imports_and_counts_by_the_handbook(tmp_path):
    current = load_catalog()
    out = old_export(tmp_path, current)
    target = open_database(tmp_path / "new.sqlite3")
    result = import_file(target, out, catalog=current)
    assert result.inserted == 120
    with target.session() as session:
        rows = session.exec(select(Record).where(Record.form_id == "housing_safety")).all()
    assert rows and {row.form_version for row in rows} == {"2026.1"}
    assert not any("handbook_items" in from_json(row.summary, {}) for row in rows)   # kept as the file had it
    table = indicators_for_database(target, current, group_by="district")     # re-assessed from the answers
    assert table.total.surveyed > 0 and table.unassessed == 0
    assert table.to_rows() == indicators_for_database(target, current, group_by="district", reassess=True).to_rows()
    target.close()


def test_merging_2026_1_exports_says_the_handbook_indicators_miss_them(tmp_path):
    current = load_catalog()
    first, second = old_export(tmp_path, current, "a.xlsx", 2), old_export(tmp_path, current, "b.xlsx", 3)
    merged = tmp_path / "合并.xlsx"
    merge_workbooks([first, second], merged, catalog=current)
    book = CalamineWorkbook.from_path(str(merged))
    notes = [row[0] for row in book.get_sheet_by_name("指标汇总").to_python() if row and str(row[0]).startswith("注意")]
    assert notes and "2026.2 之前的版本" in notes[0] and "请先导入数据库" in notes[0]
