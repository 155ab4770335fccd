"""Worked examples of the 2025 handbook's nine housing indicators, from answers to the table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from forms.assessment import assess
from forms.indicators import compute_indicators, load_indicator_catalogue
from forms.loader import load_catalog

TODAY = date(2026, 11, 22)
RESIDENTIAL = {"building_use": "residential", "self_built": "no", "year_built": 2005, "floors_above": 6}


@dataclass(frozen=True)
class Rec:
    form_id: str
    building_code: str
    summary: dict
    status: str = "final"
    district: str = "渝中区"
    street: str = "解放碑街道"
    community: str = "民生社区"
    estate: str = "和平小区"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def items(catalog, form_id, **answers):
    """The handbook items one record fires."""
    return assess(catalog[form_id], answers, today=TODAY).summary["handbook_items"]


def record(catalog, form_id, code, **answers):
    return Rec(form_id, code, dict(assess(catalog[form_id], answers, today=TODAY).summary))


def house(catalog, code, **answers):
    return record(catalog, "housing_safety", code, **{**RESIDENTIAL, **answers})


def test_catalogue_is_the_2025_edition_in_three_groups():
    catalogue = load_indicator_catalogue()
    assert catalogue.edition == 2025
    assert [c.number for c in catalogue.basic] == [str(n) for n in range(1, 10)]
    assert [c.group for c in catalogue.basic] == ["安全耐久"] * 4 + ["功能完备"] * 3 + ["绿色智能"] * 2
    assert {c.group for c in catalogue.special} == {"特色指标"}
    assert "lift_needed_buildings" in {c.id for c in catalogue.special}


def test_structure_items_carry_the_handbook_grading(catalog):
    assert items(catalog, "housing_safety", **RESIDENTIAL, hazards_structure=["through_crack"]) == ["structure.cracks"]
    catalogue = load_indicator_catalogue()
    assert catalogue.item("structure.cracks").level == "非常严重问题"
    assert catalogue.item("structure.masonry").level == "严重问题"
    assert catalogue.item("structure.window_wall").level == "一般问题"
    assert catalogue.item("structure.window_wall").problem_class == "尽力解决"


def test_appraised_grade_d_counts_as_structure(catalog):
    fired = items(catalog, "housing_safety", **RESIDENTIAL, appraised_grade="D", appraisal_reason="鉴定 2026-1")
    assert "structure.grade_cd" in fired


def test_gas_hose_alone_is_a_finding_but_not_indicator_2(catalog):
    answers = {**RESIDENTIAL, "hazards_gas": ["aged_hose", "no_leak_alarm"]}
    assert items(catalog, "housing_safety", **answers) == []
    assert "housing.gas_hazard" in assess(catalog["housing_safety"], answers, today=TODAY).summary["rule_ids"]


def test_steel_riser_21_years_and_hazardous_counts(catalog):
    riser = {**RESIDENTIAL, "piped_gas": "yes", "gas_riser_material": "steel", "gas_riser_year": 2005}
    assert items(catalog, "housing_safety", **riser, gas_riser_hazardous="yes") == ["gas.riser"]
    assert items(catalog, "housing_safety", **riser, gas_riser_hazardous="no") == []
    young = {**riser, "gas_riser_year": 2010, "gas_riser_hazardous": "yes"}
    assert items(catalog, "housing_safety", **young) == []


def test_riser_from_the_pipe_survey_links_to_its_building(catalog):
    pipe = {"pipe_category": "gas", "position": "riser", "material": "steel", "install_year": 2000,
            "assessed_hazardous": "yes", "length_m": 18.0}
    assert items(catalog, "old_pipelines", **pipe) == ["gas.riser_pipe_record"]
    assert items(catalog, "old_pipelines", **{**pipe, "position": "municipal"}) == []


def test_three_extinguishers_in_a_five_storey_unit_do_not_count(catalog):
    five = {**RESIDENTIAL, "floors_above": 5}
    assert items(catalog, "housing_safety", **five, extinguishers_per_stairwell=3,
                 hazards_corridor=["extinguisher_missing"]) == []
    assert items(catalog, "housing_safety", **five, extinguishers_per_stairwell=2) == []
    assert items(catalog, "housing_safety", **five, extinguishers_per_stairwell=1) == ["corridor.extinguisher"]
    ticked_only = items(catalog, "housing_safety", **five, hazards_corridor=["extinguisher_missing"])
    assert ticked_only == ["corridor.extinguisher"]


def test_fire_doors_from_ten_storeys_and_hydrants_from_eight(catalog):
    def ticked(floors):
        return items(catalog, "housing_safety", **{**RESIDENTIAL, "floors_above": floors,
                                                   "hazards_corridor": ["fire_door_defect", "hydrant_defect"]})
    assert ticked(7) == []
    assert ticked(8) == ["corridor.hydrant"]
    assert ticked(10) == ["corridor.fire_door", "corridor.hydrant"]


def test_envelope_finish_takes_its_area_band(catalog):
    def finish(area):
        return items(catalog, "housing_safety", **RESIDENTIAL, hazards_envelope=["finish_falling"],
                     envelope_failed_area=area)
    assert (finish(4), finish(18), finish(45)) == (["envelope.finish_minor"], ["envelope.finish_major"],
                                                   ["envelope.finish_severe"])
    assert items(catalog, "housing_safety", **RESIDENTIAL, hazards_envelope=["canopy_parapet_damaged"]) == []
    assert items(catalog, "housing_safety", **RESIDENTIAL, hazards_envelope=["glass_broken"]) == ["envelope.glass"]


def test_building_pipe_problems_count_but_a_municipal_segment_does_not(catalog):
    assert items(catalog, "housing_safety", **RESIDENTIAL, building_pipe_problems=["heating_shortfall"]) == [
        "pipe.heating"]
    municipal = {"pipe_category": "water", "position": "municipal", "material": "pe", "install_year": 2000,
                 "assessed_hazardous": "yes", "defects": ["leak"], "length_m": 300.0}
    assert items(catalog, "old_pipelines", **municipal) == []
    assert items(catalog, "old_pipelines", **{**municipal, "position": "indoor"}) == ["pipe.building_pipe_record"]


AGING = {"year_built": 1995, "floors": 6, "has_lift": "no", "lift_retrofit_feasible": "yes", "entrance_type": "level",
         "ramp_rise_mm": 20, "ramp_run_mm": 1000, "landing_depth_mm": 1600, "door_width_mm": 1000,
         "threshold_height_mm": 0, "passage_width_mm": 1500, "stair_handrail_wall_side": "yes", "anti_slip": "yes"}


def test_six_storey_walk_up_with_a_feasible_lift_needs_aging_retrofit(catalog):
    assert items(catalog, "aging_friendly", **AGING) == ["aging.lift"]
    assert items(catalog, "aging_friendly", **{**AGING, "lift_retrofit_feasible": "no"}) == []


def test_aging_items_two_to_four(catalog):
    fixed = {**AGING, "lift_retrofit_feasible": "no"}
    assert items(catalog, "aging_friendly", **{**fixed, "anti_slip": "no"}) == ["aging.entrance"]
    assert items(catalog, "aging_friendly", **{**fixed, "door_width_mm": 800}) == ["aging.entrance"]
    assert items(catalog, "aging_friendly", **{**fixed, "stair_handrail_wall_side": "no"}) == ["aging.wall_handrail"]
    assert items(catalog, "aging_friendly", **{**fixed, "hardship_elderly_unretrofitted": 2}) == [
        "aging.hardship_households"]


def test_energy_needs_age_diagnosis_and_worth(catalog):
    old = {**RESIDENTIAL, "year_built": 1995, "energy_diagnosis_needed": "yes", "energy_safe_20_years": "yes",
           "demolition_planned": "no", "energy_retrofitted": "no"}
    assert items(catalog, "housing_safety", **old) == ["energy.retrofit"]
    assert items(catalog, "housing_safety", **{**old, "demolition_planned": "yes"}) == []
    assert items(catalog, "housing_safety", **{**old, "energy_retrofitted": "yes"}) == []
    assert items(catalog, "housing_safety", **{**old, "year_built": 2003}) == []


def test_digital_items(catalog):
    assert items(catalog, "housing_safety", **RESIDENTIAL, fibre_to_home="no") == ["digital.fibre"]
    tall = {**RESIDENTIAL, "floors_above": 18, "smoke_detectors_common": "no"}
    assert items(catalog, "housing_safety", **tall) == ["digital.smoke"]
    assert items(catalog, "housing_safety", **{**tall, "floors_above": 9}) == []
    assert items(catalog, "housing_safety", **RESIDENTIAL, emergency_call_missing_households=1) == [
        "digital.emergency_call"]


def test_table_counts_residential_buildings_only_with_the_housing_record_as_denominator(catalog):
    records = [
        house(catalog, "B1", hazards_structure=["through_crack"], non_self_contained_units=4),
        house(catalog, "B2", building_use="public", hazards_structure=["through_crack"]),   # public: not 住宅
        house(catalog, "B3", building_use="self_built_business", self_built="yes",
              hazards_corridor=["ebike_in_corridor"]),                                       # T1 only
        house(catalog, "B4"),
        record(catalog, "aging_friendly", "B4", **AGING),                                    # lift → 7
        record(catalog, "aging_friendly", "B5", **AGING),                                    # no 房屋安全 record
        Rec("housing_safety", "B6", dict(assess(catalog["housing_safety"], {
            **RESIDENTIAL, "hazards_structure": ["through_crack"]}, today=TODAY).summary), status="draft"),
    ]
    table = compute_indicators(records, catalog, group_by="estate")
    row = table.row(("渝中区", "解放碑街道", "民生社区", "和平小区"))
    assert row.surveyed == 2                                     # B1, B4
    assert row.values["structure_hazard_buildings"] == 1         # B1; not the public B2, not the draft B6
    assert row.shares["structure_hazard_buildings"] == pytest.approx(0.5)
    assert row.values["non_self_contained_units"] == 4
    assert row.values["aging_retrofit_buildings"] == 1           # B4; B5 lacks a 房屋安全 record
    assert row.values["corridor_hazard_buildings"] == 0
    assert row.values["self_built_hazard_buildings"] == 1        # B3
    assert table.place_columns == ("区", "街道", "社区", "小区")


def test_survey_rows_print_the_denominator_and_a_titled_special_block(catalog):
    table = compute_indicators([house(catalog, "B1", fibre_to_home="no")], catalog, group_by="community")
    rows = table.survey_rows()
    assert rows[0] == ["维度", "序号", "指标项", "体检结果", "单位", "占比（%）"]
    assert rows[9] == ["绿色智能", "9", "需要进行数字化改造的住宅数量", 1, "栋", 100.0]
    assert rows[10][0].startswith("调查住宅楼栋数") and rows[10][3] == 1
    assert rows[11][0].startswith("特色指标")
    assert all(row[0] == "特色指标" for row in rows[12:])


RULE_FACTS = {"grade", "failed_checks"}   # summary facts of rules that run before the items


def test_every_item_reads_only_its_forms_fields_parameters_and_rule_facts(catalog):
    from forms.expressions import parse
    from forms.model import FieldType

    for item in load_indicator_catalogue().items():
        form = catalog[item.form]
        known = {f.key for f in form.fields()} | set(form.parameters) | RULE_FACTS
        assert parse(item.when).references <= known, item.id
        assert form.field(item.photos).type is FieldType.PHOTOS, item.id
