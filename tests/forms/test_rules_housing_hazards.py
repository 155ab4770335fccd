"""Housing hazard groups, colour label, inspection cycle, historic-building checks."""

from __future__ import annotations

import json
from datetime import date

import pytest

from forms.assessment import assess
from forms.loader import load_catalog
from forms.rules.catalogue import rule_catalogue
from forms.rules.findings import Finding

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def form(catalog):
    return catalog["housing_safety"]


def test_each_ticked_group_fires_with_its_items(form):
    answers = {"hazards_structure": ["through_crack", "rebar_exposed"], "hazards_gas": ["no_leak_alarm"]}
    result = assess(form, answers, today=TODAY)
    structure = next(f for f in result.findings if f.rule_id == "housing.structure_hazard")
    assert structure.message.startswith("结构安全隐患：墙体或楼板出现贯通裂缝、钢筋锈蚀或外露（共 2 项）")
    assert result.summary["hazard_groups"] == ["structure", "gas"]
    assert result.summary["corridor_hazard"] is None  # no 初判 yet: unticked is not yet "no hazard"


@pytest.mark.parametrize(("area", "severity"), [(9.9, "minor"), (10, "major"), (30, "major"), (30.5, "severe")])
def test_envelope_severity_by_failed_area(form, area, severity):
    summary = assess(form, {"hazards_envelope": ["finish_falling"], "envelope_failed_area": area}, today=TODAY).summary
    assert summary["envelope_severity"] == severity
    assert summary["envelope_hazard"] is True


def test_untouched_envelope_is_no_hazard_once_judged(form):
    summary = assess(form, {"envelope_failed_area": 50, "initial_judgement": "none"}, today=TODAY).summary
    assert summary["envelope_severity"] == "none"
    assert summary["envelope_hazard"] is False


def test_unanswered_checklists_are_pending_not_no_hazard(form):
    summary = assess(form, {"envelope_failed_area": 50, "year_built": 1990}, today=TODAY).summary
    assert "envelope_severity" not in summary
    assert [summary[f"{g}_hazard"] for g in ("structure", "gas", "corridor", "envelope")] == [None] * 4
    assert summary["hazard_groups"] == []


def test_answered_checklists_without_ticks_are_no_hazard(form):
    summary = assess(form, {"initial_judgement": "potential", "hazards_gas": ["aged_hose"]}, today=TODAY).summary
    assert [summary[f"{g}_hazard"] for g in ("structure", "gas", "corridor", "envelope")] == [False, True, False, False]


def test_blank_record_has_no_colour_and_no_green_finding(form):
    result = assess(form, {}, today=TODAY)
    assert result.summary["colour"] is None
    assert not any("未发现危险" in f.message or f.rule_id == "housing.colour_label" for f in result.findings)


def test_judged_safe_building_is_green_and_says_why(form):
    result = assess(form, {"initial_judgement": "none"}, today=TODAY)
    assert result.summary["colour"] == "green"
    label = next(f for f in result.findings if f.rule_id == "housing.colour_label")
    assert label.message.startswith("标为绿色：现场初判暂无危险；未勾选安全隐患")


def test_judged_safe_with_hazards_ticked_stays_pending_and_says_why(form):
    result = assess(form, {"initial_judgement": "none", "hazards_corridor": ["stair_clutter"]}, today=TODAY)
    assert result.summary["colour"] is None
    pending = next(f for f in result.findings if f.rule_id == "housing.colour_pending")
    assert pending.severity == "notice"
    assert pending.message.startswith("现场初判为暂无危险，但勾选了楼道安全隐患，暂不标色（待定）")


def test_colour_pending_reads_as_such():
    assert rule_catalogue().colour_name(None) == "未标色（待定）"
    assert rule_catalogue().colour_name("green") == "绿色"


def test_city_profile_changes_the_envelope_band_without_code(form):
    answers = {"hazards_envelope": ["finish_falling"], "envelope_failed_area": 8}
    assert assess(form, answers, today=TODAY).summary["envelope_severity"] == "minor"
    profile = {"housing_safety": {"envelope_minor_max_m2": 5}}
    assert assess(form, answers, profile=profile, today=TODAY).summary["envelope_severity"] == "major"


@pytest.mark.parametrize(("answers", "colour"), [
    ({}, None),
    ({"year_built": 1990, "building_name": "3栋"}, None),
    ({"appraised_grade": "B", "appraisal_reason": "报告"}, None),
    ({"initial_judgement": "none", "hazards_corridor": ["stair_clutter"]}, None),
    ({"initial_judgement": "none"}, "green"),
    ({"initial_judgement": "none", "appraised_grade": "A", "appraisal_reason": "报告"}, "green"),
    ({"appraised_grade": "C", "appraisal_reason": "报告"}, "orange"),
    ({"initial_judgement": "potential"}, "yellow"),
    ({"initial_judgement": "danger"}, "red"),
    ({"initial_judgement": "potential", "appraised_grade": "C", "appraisal_reason": "报告"}, "orange"),
    ({"initial_judgement": "none", "appraised_grade": "D", "appraisal_reason": "报告"}, "red"),
])
def test_colour_label(form, answers, colour):
    assert assess(form, answers, today=TODAY).summary["colour"] == colour


@pytest.mark.parametrize(("built", "answers", "cycle"), [
    (1990, {}, 1), (2006, {}, 3), (2016, {}, 5), (2016, {"hazards_gas": ["aged_hose"]}, 1),
    (2016, {"initial_judgement": "potential"}, 1),
])
def test_inspection_cycle_by_age_and_hazards(form, built, answers, cycle):
    summary = assess(form, {"year_built": built, **answers}, today=TODAY).summary
    assert summary["inspection_cycle_years"] == cycle


def test_city_profile_changes_the_inspection_cycle_without_code(form):
    profile = {"housing_safety": {"inspection_triennial_min_age": 10}}
    assert assess(form, {"year_built": 2011}, today=TODAY).summary["inspection_cycle_years"] == 5
    assert assess(form, {"year_built": 2011}, profile=profile, today=TODAY).summary["inspection_cycle_years"] == 3


def test_housing_facts_for_the_indicators(form):
    answers = {"non_self_contained_units": 6, "needs_energy_retrofit": "yes", "needs_digital_retrofit": "no"}
    summary = assess(form, answers, today=TODAY).summary
    assert (summary["non_self_contained_units"], summary["needs_energy_retrofit"],
            summary["needs_digital_retrofit"]) == (6, True, False)


def test_historic_building_plate_and_archive(catalog):
    form = catalog["historic_buildings"]
    answers = {"listing_status": "published", "relic_level": "none", "plate_installed": "no",
               "archived": "yes", "occupancy": "vacant", "hazards_corridor": ["stair_clutter"]}
    result = assess(form, answers, today=TODAY)
    assert result.summary["listed"] and result.summary["vacant"]
    assert result.summary["plated_and_archived"] is False
    assert result.summary["corridor_hazard"] is True
    assert [f.rule_id for f in result.findings] == ["historic.plate_missing", "housing.corridor_hazard"]


def test_every_summary_and_finding_is_json(catalog):
    answers = {"hazards_envelope": ["roof_leak"], "envelope_failed_area": 12, "jgj_enabled": "yes",
               "ground_dangerous": "no", "jgj_components": [{"layer": 1, "component": "slab",
                                                              "total_count": 10, "dangerous_count": 1}]}
    result = assess(catalog["housing_safety"], answers, today=TODAY)
    json.dumps(result.summary, allow_nan=False)
    assert [Finding.from_json(json.loads(json.dumps(f))) for f in result.findings_json()] == list(result.findings)


def test_catalogue_lists_every_rule_with_a_source():
    rules = rule_catalogue().rules
    assert len(rules) >= 30
    for spec in rules.values():
        assert spec.title and spec.standard and spec.message
        assert spec.severity in ("danger", "warning", "notice")
    assert set(rule_catalogue().treatment_advice) == {"A", "B", "C", "D"}


def test_city_profile_changes_the_colour_label_without_code(form):
    profile = {"housing_safety": {"colour_judgement_potential": "orange"}}
    summary = assess(form, {"initial_judgement": "potential"}, profile=profile, today=TODAY).summary
    assert summary["colour"] == "orange"


def test_rules_ignore_answers_that_fail_their_checks(form):
    summary = assess(form, {"year_built": 3000}, today=TODAY).summary
    assert summary.get("inspection_cycle_years") in (None, 5)
    assert not any("-9" in str(v) for v in summary.values())


def test_historic_checklists_are_answered_with_the_condition(catalog):
    form = catalog["historic_buildings"]
    assert assess(form, {"listing_status": "published"}, today=TODAY).summary["gas_hazard"] is None
    answered = assess(form, {"listing_status": "published", "condition": "intact"}, today=TODAY).summary
    assert (answered["gas_hazard"], answered["hazard_groups"]) == (False, [])
