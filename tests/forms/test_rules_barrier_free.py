"""Barrier-free checks (GB 55019-2021, GB 50763-2012) and the 适老化改造 / 加装电梯 flags."""

from __future__ import annotations

from datetime import date

import pytest

from forms.assessment import assess
from forms.loader import load_catalog
from forms.rules.barrier_free import slope_text

TODAY = date(2026, 11, 22)
SOUND = {"entrance_type": "steps_ramp", "ramp_rise_mm": 100, "ramp_run_mm": 1500, "ramp_cross_fall_percent": 1,
         "landing_depth_mm": 1600, "door_width_mm": 1000, "passage_width_mm": 1300, "handrail_height_mm": 870,
         "handrail_lower_height_mm": 680, "grate_opening_mm": 10, "threshold_height_mm": 0,
         "has_lift": "yes", "floors": 6, "year_built": 1995}


@pytest.fixture(scope="module")
def form():
    return load_catalog()["aging_friendly"]


def failed(form, **changes):
    return assess(form, {**SOUND, **changes}, today=TODAY).summary["failed_checks"]


def test_sound_entrance_passes_every_check(form):
    summary = assess(form, SOUND, today=TODAY).summary
    assert summary["failed_checks"] == []
    assert summary["needs_aging_retrofit"] is False


def test_ramp_of_1_to_10_fails_with_the_clause(form):
    result = assess(form, {**SOUND, "ramp_rise_mm": 150, "ramp_run_mm": 1500}, today=TODAY)
    ramp = next(f for f in result.findings if f.rule_id == "barrier_free.ramp_slope")
    assert ramp.message == "坡道坡度 1:10，超过 1:12 限值（GB 55019-2021 第2.3.1条）"
    assert ramp.values["slope_value"] == pytest.approx(0.1)


def test_ramp_of_exactly_1_to_12_passes(form):
    assert failed(form, ramp_rise_mm=100, ramp_run_mm=1200) == []
    assert failed(form, ramp_rise_mm=100, ramp_run_mm=1190) == ["barrier_free.ramp_slope"]


def test_level_entrance_is_held_to_1_to_20(form):
    assert failed(form, entrance_type="level", ramp_rise_mm=50, ramp_run_mm=1000) == []
    assert failed(form, entrance_type="level", ramp_rise_mm=100, ramp_run_mm=1500) == [
        "barrier_free.level_entrance_slope"]


@pytest.mark.parametrize(("changes", "expected"), [
    ({"ramp_cross_fall_percent": 2}, []),
    ({"ramp_cross_fall_percent": 3}, ["barrier_free.ramp_cross_fall"]),
    ({"passage_width_mm": 1200}, []),
    ({"passage_width_mm": 1190}, ["barrier_free.passage_width"]),
    ({"door_width_mm": 900}, []),
    ({"door_width_mm": 850}, ["barrier_free.door_width"]),
    ({"handrail_height_mm": 850}, []),
    ({"handrail_height_mm": 800}, ["barrier_free.handrail_height"]),
    ({"handrail_height_mm": 950}, ["barrier_free.handrail_height"]),
    ({"handrail_lower_height_mm": 720}, ["barrier_free.handrail_lower_height"]),
    ({"landing_depth_mm": 1500}, []),
    ({"landing_depth_mm": 1400}, ["barrier_free.landing_depth"]),
    ({"grate_opening_mm": 13}, []),
    ({"grate_opening_mm": 15}, ["barrier_free.grate_opening"]),
])
def test_each_limit_at_and_beyond_its_edge(form, changes, expected):
    assert failed(form, **changes) == expected


def test_aging_retrofit_lists_every_failed_check(form):
    result = assess(form, {**SOUND, "door_width_mm": 800, "ramp_rise_mm": 150, "ramp_run_mm": 1500}, today=TODAY)
    assert result.summary["needs_aging_retrofit"] is True
    assert result.summary["failed_check_titles"] == ["轮椅坡道坡度", "门通行净宽"]
    retrofit = next(f for f in result.findings if f.rule_id == "barrier_free.aging_retrofit")
    assert "轮椅坡道坡度、门通行净宽不满足要求（共 2 项）" in retrofit.message


def test_ramp_answers_of_an_entrance_without_ramp_are_ignored(form):
    assert failed(form, entrance_type="steps_only", ramp_rise_mm=300, ramp_run_mm=1000) == []


def lift(form, **changes):
    answers = {**SOUND, "has_lift": "no", "floors": 5, "lift_retrofit_feasible": "yes", **changes}
    return assess(form, answers, today=TODAY)


def test_five_storeys_without_lift_and_feasible_needs_a_lift(form):
    result = lift(form)
    assert result.summary["needs_lift"] is True
    needed = next(f for f in result.findings if f.rule_id == "barrier_free.lift_needed")
    assert needed.message.startswith("地上 5 层（不少于 4 层）无电梯且具备加装条件，需加装电梯")


@pytest.mark.parametrize("changes", [
    {"lift_retrofit_feasible": "unknown"}, {"lift_retrofit_feasible": "no"}, {"floors": 3},
    {"has_lift": "yes"},  # the leftover "feasible: yes" is irrelevant once there is a lift
])
def test_no_lift_needed(form, changes):
    assert lift(form, **changes).summary["needs_lift"] is False


def test_city_profile_raises_the_lift_floor_count_without_code(form):
    answers = {**SOUND, "has_lift": "no", "floors": 5, "lift_retrofit_feasible": "yes"}
    profiled = assess(form, answers, profile={"aging_friendly": {"lift_min_floors": 6}}, today=TODAY)
    assert profiled.summary["needs_lift"] is False


def test_old_estate_flag_follows_the_year_parameter(form):
    assert assess(form, {**SOUND, "year_built": 2000}, today=TODAY).summary["old_estate"] is True
    assert assess(form, {**SOUND, "year_built": 2001}, today=TODAY).summary["old_estate"] is False


@pytest.mark.parametrize(("slope", "text"), [(0.1, "1:10"), (0.0833, "1:12"), (0.05, "1:20"), (0.08, "1:12.5")])
def test_slope_text(slope, text):
    assert slope_text(slope) == text
