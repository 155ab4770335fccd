"""Content of the four built-in survey definitions: the keys, codes and thresholds others rely on."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from forms.engine import evaluate
from forms.loader import load_catalog
from forms.model import Field, FieldType, FormDefinition

DEFINITIONS = Path(__file__).resolve().parents[2] / "forms" / "definitions"
FORM_FILES = {
    "housing_safety": "房屋安全.yaml",
    "old_pipelines": "老旧管线.yaml",
    "aging_friendly": "适老化设施.yaml",
    "historic_buildings": "历史建筑.yaml",
}
CJK = re.compile(r"[\u4e00-\u9fff]")
ALL_TYPES = {
    "text", "integer", "decimal", "date", "year", "select_one", "select_multiple", "yes_no",
    "photos", "geopoint", "note", "calculate", "repeat",
}
# 2026.2: the fields the 2025 handbook's housing indicators need.
FORM_VERSIONS = {"housing_safety": "2026.2", "old_pipelines": "2026.1", "aging_friendly": "2026.2",
                 "historic_buildings": "2026.1"}
HEADER_KEYS = [
    "district", "street", "community", "estate", "building_code", "address", "location",
    "inspector", "survey_date",
]
FORM_KEYS = {
    "housing_safety": """building_name year_built floors_above floors_below floor_area structure_type
        building_use land_type self_built households owner_name contact_phone id_number
        hazards_structure hazards_structure_photos hazards_gas hazards_gas_photos hazards_corridor
        hazards_corridor_photos hazards_envelope envelope_failed_area envelope_severity
        hazards_envelope_photos non_self_contained_units needs_energy_retrofit needs_digital_retrofit
        initial_judgement jgj_enabled ground_dangerous ground_tilt_percent ground_settlement_cracks
        jgj_components layer component total_count dangerous_count appraised_grade appraisal_reason
        photos building_photos notes census_structure_hazard piped_gas gas_riser_material gas_riser_year
        gas_riser_age gas_riser_hazardous extinguishers_per_stairwell energy_diagnosis_needed
        energy_safe_20_years demolition_planned energy_retrofitted building_pipe_problems
        building_pipe_photos fibre_to_home security_devices smoke_detectors_common
        emergency_call_missing_households""",
    "old_pipelines": """pipe_category position material anticorrosion_lining diameter_mm length_m
        install_year pipe_age assessed_hazardous defects cross_connected heat_loss_large
        defect_records defect description defect_photos pipe_photos start_point end_point""",
    "aging_friendly": """has_lift floors lift_retrofit_feasible entrance_type ramp_rise_mm ramp_run_mm
        ramp_slope ramp_cross_fall_percent passage_width_mm door_width_mm handrail_height_mm
        handrail_lower_height_mm stair_handrail_wall_side threshold_height_mm anti_slip
        landing_depth_mm grate_opening_mm corridor_lighting_control bathroom_grab_bars
        tactile_paving_continuous accessibility_signs year_built facility_photos
        hardship_elderly_unretrofitted""",
    "historic_buildings": """hb_name building_or_structure listing_status relic_level protection_class
        protected_area protected_area_name era year_built original_use current_use ownership
        owner_name contact_phone plate_installed plate_number plate_photos archived archived_date
        condition occupancy hazards_structure hazards_gas hazards_corridor hazards_envelope
        reuse_function reuse_type hb_photos photo_kind photo caption""",
}
CHOICE_CODES = {
    ("housing_safety", "envelope_severity"): "none minor major severe",
    ("housing_safety", "initial_judgement"): "danger potential none",
    ("housing_safety", "appraised_grade"): "A B C D",
    ("housing_safety", "component"): """interior_column foundation edge_column bearing_wall
        interior_beam truss corner_column edge_beam secondary_beam cantilever_beam self_bearing_wall slab""",
    ("old_pipelines", "pipe_category"): "gas water drainage heating power_telecom",
    ("old_pipelines", "position"): "municipal courtyard riser indoor",
    ("old_pipelines", "material"): """grey_cast_iron ductile_iron steel galvanized_steel pe pvc cement
        asbestos plain_concrete reinforced_concrete other""",
    ("old_pipelines", "defects"): "leak corrosion damage blockage exposed illegal_connection encroachment",
    ("aging_friendly", "lift_retrofit_feasible"): "yes no unknown",
    ("aging_friendly", "entrance_type"): "level steps_ramp steps_platform steps_only",
    ("historic_buildings", "building_or_structure"): "building structure",
    ("historic_buildings", "listing_status"): "published lead lost demolished_illegally",
    ("historic_buildings", "relic_level"): "none national provincial city_county unverified",
    ("historic_buildings", "protection_class"): "class1 class2 class3",
    ("historic_buildings", "protected_area"): """none historic_city historic_district
        famous_town_village traditional_village""",
    ("historic_buildings", "ownership"): "state collective private mixed",
    ("historic_buildings", "condition"): "intact basically_intact damaged severely_damaged",
    ("historic_buildings", "occupancy"): "in_use partly_vacant vacant",
    ("historic_buildings", "photo_kind"): "facade plate damage other",
}
PARAMETERS = {
    "housing_safety": {
        "envelope_minor_max_m2": 10, "envelope_major_max_m2": 30, "inspection_yearly_min_age": 30,
        "inspection_triennial_min_age": 20, "inspection_cycle_old_years": 1,
        "inspection_cycle_mid_years": 3, "inspection_cycle_new_years": 5,
        "jgj_ground_max_tilt_percent": 2, "jgj_building_d_min_ratio": 0.25,
        "colour_judgement_danger": "red", "colour_grade_d": "red", "colour_grade_c": "orange",
        "colour_judgement_potential": "yellow", "colour_judgement_none": "green",
        "gas_riser_min_age": 20, "corridor_fire_door_min_floors": 10, "corridor_hydrant_min_floors": 8,
        "extinguisher_min_per_stairwell": 2, "energy_built_before": 2000, "digital_smoke_min_floors": 10,
    },
    "old_pipelines": {
        "gas_steel_pe_min_age": 20, "water_other_min_age": 30, "drainage_min_age": 50,
        "heating_min_age": 20,
    },
    "aging_friendly": {
        "ramp_max_slope": 0.0833, "ramp_max_cross_fall": 0.02, "level_entrance_max_slope": 0.05,
        "passage_min_width_mm": 1200, "door_min_width_mm": 900, "handrail_min_mm": 850,
        "handrail_max_mm": 900, "handrail_lower_min_mm": 650, "handrail_lower_max_mm": 700,
        "landing_min_depth_mm": 1500, "grate_max_opening_mm": 13, "lift_min_floors": 4,
        "old_estate_built_before": 2000,
    },
    "historic_buildings": {},
}
SENSITIVE = {
    "housing_safety": {"owner_name", "contact_phone", "id_number"},
    "old_pipelines": set(),
    "aging_friendly": set(),
    "historic_buildings": {"owner_name", "contact_phone"},
}
TODAY = dt.date(2026, 11, 22)
HAZARD_LISTS = ("hazards_structure_items", "hazards_gas_items", "hazards_corridor_items",
                "hazards_envelope_items")


def read(name: str) -> dict:
    return yaml.safe_load((DEFINITIONS / name).read_text(encoding="utf-8"))


def own_fields(form: FormDefinition) -> list[Field]:
    """Every field of the form except the shared header's."""
    return [item for item in form.fields() if form.section_of(item.key).key != "place"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_the_catalog_holds_the_four_surveys_in_order(catalog):
    assert list(catalog) == list(FORM_FILES)


@pytest.mark.parametrize("form_id", FORM_FILES)
def test_form_identity(catalog, form_id):
    form = catalog[form_id]
    assert (form.version, form.source_name) == (FORM_VERSIONS[form_id], FORM_FILES[form_id])
    assert CJK.search(form.title) and CJK.search(form.description)
    assert read(FORM_FILES[form_id])["include_header"] is True
    assert form.sections[0].key == "place"


def test_header_is_one_place_section_with_the_place_fields():
    header = read("_header.yaml")
    assert header["key"] == "place" and header["title"] == "位置与调查信息"
    assert [item["key"] for item in header["fields"]] == HEADER_KEYS
    types = {item["key"]: item["type"] for item in header["fields"]}
    assert types["location"] == "geopoint" and types["survey_date"] == "date"


@pytest.mark.parametrize("form_id", FORM_FILES)
def test_every_contract_key_is_defined(catalog, form_id):
    form = catalog[form_id]
    missing = [key for key in HEADER_KEYS + FORM_KEYS[form_id].split() if not form.has_field(key)]
    assert missing == []


@pytest.mark.parametrize("form_id", FORM_FILES)
def test_labels_and_titles_are_chinese(catalog, form_id):
    form = catalog[form_id]
    assert [item.key for item in form.fields() if not CJK.search(item.label)] == []
    assert all(CJK.search(section.title) for section in form.sections)


@pytest.mark.parametrize("form_id", FORM_FILES)
def test_sections_have_a_sensible_size_and_the_form_enough_fields(catalog, form_id):
    form = catalog[form_id]
    assert [s.key for s in form.sections if not 5 <= len(s.fields) <= 12] == []
    assert len(own_fields(form)) >= 15


def test_every_field_type_is_used_somewhere(catalog):
    used = {item.type.value for form in catalog.values() for item in own_fields(form)}
    assert used == ALL_TYPES


@pytest.mark.parametrize(("form_id", "key"), CHOICE_CODES)
def test_choice_codes_match_the_contract(catalog, form_id, key):
    field = catalog[form_id].field(key)
    assert list(field.choice_codes()) == CHOICE_CODES[(form_id, key)].split()
    assert all(CJK.search(choice.label) for choice in field.choices)


def test_shared_lists_hold_yes_no_and_the_four_hazard_checklists():
    shared = read("_choices.yaml")["choices"]
    assert shared["yes_no"] == [{"code": "yes", "label": "是"}, {"code": "no", "label": "否"}]
    for name in HAZARD_LISTS:
        assert len(shared[name]) >= 6
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c["code"]) and CJK.search(c["label"])
                   for c in shared[name])


@pytest.mark.parametrize("form_id", ["housing_safety", "historic_buildings"])
def test_hazard_checklists_use_the_shared_lists(catalog, form_id):
    for group in ("structure", "gas", "corridor", "envelope"):
        field = catalog[form_id].field(f"hazards_{group}")
        assert (field.type, field.choice_list) == (FieldType.SELECT_MULTIPLE, f"hazards_{group}_items")


@pytest.mark.parametrize("group", ["structure", "gas", "corridor", "envelope"])
def test_housing_hazard_photos_are_required_once_an_item_is_ticked(catalog, group):
    photos = catalog["housing_safety"].field(f"hazards_{group}_photos")
    assert photos.type is FieldType.PHOTOS and photos.required and photos.min_photos >= 1
    assert photos.relevant == f"count-selected(${{hazards_{group}}}) > 0"


@pytest.mark.parametrize("form_id", FORM_FILES)
def test_sensitive_fields_are_marked_and_only_those(catalog, form_id):
    assert {item.key for item in catalog[form_id].fields() if item.sensitive} == SENSITIVE[form_id]


def test_phone_and_id_number_are_checked_by_pattern(catalog):
    for form_id in ("housing_safety", "historic_buildings"):
        phone = catalog[form_id].field("contact_phone")
        assert phone.constraint.startswith("regex(.") and CJK.search(phone.constraint_message)
    id_number = catalog["housing_safety"].field("id_number")
    assert "{16}" in id_number.constraint and "18" in id_number.constraint_message


@pytest.mark.parametrize("form_id", FORM_FILES)
def test_configurable_thresholds_are_parameters(catalog, form_id):
    form = catalog[form_id]
    assert {key: form.parameter(key) for key in PARAMETERS[form_id]} == PARAMETERS[form_id]
    for key, parameter in form.parameters.items():
        assert CJK.search(parameter.label) and parameter.source, key
        assert not form.has_field(key)


@pytest.mark.parametrize("form_id", FORM_FILES)
def test_numbers_carry_units_and_bounds(catalog, form_id):
    for item in own_fields(catalog[form_id]):
        if item.type is FieldType.DECIMAL:
            assert item.unit and item.minimum is not None and item.maximum is not None, item.key
        if item.type is FieldType.YEAR:
            assert (item.maximum, item.unit) == ("today", "年"), item.key
        if item.type is FieldType.CALCULATE:
            assert item.value_type in {"text", "integer", "decimal", "select_one"}, item.key


def test_repeat_groups_hold_their_row_fields(catalog):
    expected = {
        ("housing_safety", "jgj_components"): ["layer", "component", "total_count", "dangerous_count"],
        ("old_pipelines", "defect_records"): ["defect", "description", "defect_photos"],
        ("historic_buildings", "hb_photos"): ["photo_kind", "photo", "caption"],
    }
    for (form_id, key), children in expected.items():
        repeat = catalog[form_id].field(key)
        assert repeat.type is FieldType.REPEAT and repeat.max_rows
        assert [item.key for item in repeat.fields] == children


def test_skip_logic_of_the_domain(catalog):
    aging = catalog["aging_friendly"]
    assert "'steps_ramp'" in aging.field("ramp_rise_mm").relevant
    assert "'level'" in aging.field("ramp_rise_mm").relevant
    pipes = catalog["old_pipelines"]
    assert pipes.field("cross_connected").relevant == "${pipe_category} = 'drainage'"
    assert pipes.field("heat_loss_large").relevant == "${pipe_category} = 'heating'"
    historic = catalog["historic_buildings"]
    for key in ("plate_number", "plate_photos"):
        assert historic.field(key).relevant == "${plate_installed} = 'yes'"
    assert historic.field("archived_date").constraint == ". <= today()"
    assert catalog["housing_safety"].field("ground_dangerous").relevant == "${jgj_enabled} = 'yes'"



@pytest.mark.parametrize(("ticked", "area", "severity"), [
    ([], None, "none"), (["finish_falling"], 9.9, "minor"), (["finish_falling"], 10.0, "major"),
    (["finish_falling", "roof_leak"], 30.0, "major"), (["finish_falling"], 30.5, "severe"),
    (["glass_broken"], 30.5, None),      # the 2025 handbook's area bands apply to the finish item only
])
def test_envelope_severity_follows_the_area_bands(catalog, ticked, area, severity):
    answers = {"hazards_envelope": ticked, "envelope_failed_area": area, "initial_judgement": "potential"}
    calculated = evaluate(catalog["housing_safety"], answers, today=TODAY).calculated
    assert calculated.get("envelope_severity") == severity


def test_envelope_severity_is_pending_before_the_initial_judgement(catalog):
    calculated = evaluate(catalog["housing_safety"], {"district": "渝中区"}, today=TODAY).calculated
    assert calculated["envelope_severity"] in ("", None), "an unanswered checklist is not 无隐患"


def test_jgj_rows_are_summed_and_checked(catalog):
    rows = [{"layer": 0, "component": "foundation", "total_count": 10, "dangerous_count": 11},
            {"layer": 1, "component": "slab", "total_count": 20, "dangerous_count": 1}]
    result = evaluate(catalog["housing_safety"], {"jgj_enabled": "yes", "jgj_components": rows}, today=TODAY)
    assert (result.calculated["jgj_total_components"], result.calculated["jgj_dangerous_components"]) == (30, 12)
    assert "jgj_components[0].dangerous_count" in result.errors
    assert "jgj_components[1].dangerous_count" not in result.errors


def test_pipe_age_and_ramp_slope_are_calculated(catalog):
    pipe = evaluate(catalog["old_pipelines"], {"install_year": 1970}, today=TODAY)
    assert pipe.calculated["pipe_age"] == 56
    answers = {"entrance_type": "steps_ramp", "ramp_rise_mm": 300.0, "ramp_run_mm": 3000.0}
    assert evaluate(catalog["aging_friendly"], answers, today=TODAY).calculated["ramp_slope"] == pytest.approx(0.1)


@pytest.mark.parametrize(("phone", "id_number", "bad"), [
    ("13812345678", "11010519491231002X", set()),
    ("023-63851234", "110105194912310021", set()),
    ("1381234567", "11010519491231002", {"contact_phone", "id_number"}),
])
def test_personal_fields_are_checked(catalog, phone, id_number, bad):
    answers = {"contact_phone": phone, "id_number": id_number}
    errors = evaluate(catalog["housing_safety"], answers, today=TODAY).errors
    assert {key for key in ("contact_phone", "id_number") if key in errors} == bad


def test_appraised_grade_needs_a_reason(catalog):
    housing = catalog["housing_safety"]
    assert "appraised_grade" in evaluate(housing, {"appraised_grade": "C"}, today=TODAY).errors
    answers = {"appraised_grade": "C", "appraisal_reason": "鉴定报告 2026-017"}
    assert "appraised_grade" not in evaluate(housing, answers, today=TODAY).errors


@pytest.mark.parametrize(("answers", "colour"), [
    ({"initial_judgement": "none"}, "green"), ({"initial_judgement": "potential"}, "yellow"),
    ({"initial_judgement": "potential", "appraised_grade": "C"}, "orange"),
    ({"initial_judgement": "danger", "appraised_grade": "C"}, "red"),
    ({"initial_judgement": "none", "appraised_grade": "D"}, "red"),
    ({}, None), ({"initial_judgement": "none", "hazards_gas": ["aged_hose"]}, None),
])
def test_colour_label_follows_judgement_and_grade(catalog, answers, colour):
    calculated = evaluate(catalog["housing_safety"], answers, today=TODAY).calculated
    assert (calculated["judgement_colour"] or None) == colour
