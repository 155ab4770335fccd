"""JGJ 125-2016 grading: worked example, band edges, dangerous ground, override, profile."""

from __future__ import annotations

from datetime import date

import pytest

from forms.assessment import assess
from forms.loader import load_catalog
from forms.rules.inputs import RuleInput
from forms.rules.jgj125 import Thresholds, building_grade, layer_grade

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def form():
    return load_catalog()["housing_safety"]


@pytest.fixture(scope="module")
def thresholds(form):
    return Thresholds.from_input(RuleInput(form=form, answers={}))


def jgj(rows, **extra):
    answers = {"jgj_enabled": "yes", "ground_dangerous": "no", "jgj_components": rows}
    return {**answers, **extra}


def row(layer, component, total, dangerous=0):
    return {"layer": layer, "component": component, "total_count": total, "dangerous_count": dangerous}


def worked_example_rows():
    """728 components on six storeys; 4 dangerous bearing walls (2 on each of storeys 1 and 2)."""
    rows = []
    for storey in range(1, 7):
        rows.append(row(storey, "bearing_wall", 61, 2 if storey <= 2 else 0))
        rows.append(row(storey, "slab", 62 if storey == 1 else 60))
    return rows


def test_worked_example_four_of_728_weighs_to_about_0_8_percent_and_grades_b(form):
    rows = worked_example_rows()
    assert sum(r["total_count"] for r in rows) == 728
    assert sum(r["dangerous_count"] for r in rows) == 4
    result = assess(form, jgj(rows), today=TODAY)
    assert result.summary["jgj_ratio"] == pytest.approx(0.008, abs=0.0001)
    assert "Du" not in {layer["grade"] for layer in result.summary["jgj_layers"]}
    assert result.summary["computed_grade"] == "B"
    assert result.summary["grade"] == "B"
    assert result.summary["treatment_advice"] == "观察使用"
    graded = next(f for f in result.findings if f.rule_id == "jgj125.building_grade")
    assert "R = 0.80%" in graded.message and "初算房屋危险性等级 B 级" in graded.message
    assert graded.message.endswith("（JGJ 125-2016 第6.3节）")
    assert graded.severity == "warning"


def test_dangerous_ground_forces_d_even_without_dangerous_components(form):
    result = assess(form, jgj([row(1, "slab", 40)], ground_dangerous="yes"), today=TODAY)
    assert result.summary["computed_grade"] == "D"
    assert result.summary["ground_dangerous"] is True
    assert result.summary["treatment_advice"] == "停止使用或整体拆除"
    assert "jgj125.ground_dangerous" in result.summary["rule_ids"]


def test_ground_tilt_over_the_limit_is_dangerous_and_at_the_limit_is_not(form):
    over = assess(form, jgj([row(1, "slab", 40)], ground_tilt_percent=2.5), today=TODAY)
    at = assess(form, jgj([row(1, "slab", 40)], ground_tilt_percent=2.0), today=TODAY)
    assert over.summary["computed_grade"] == "D"
    assert "倾斜率 2.5%，超过 2% 限值" in over.findings[0].message
    assert at.summary["computed_grade"] == "A"


@pytest.mark.parametrize(("ratio", "layer", "building"), [
    (0.0, "Au", "A"),
    (0.0499, "Bu", "B"),
    (0.05, "Cu", "C"),
    (0.2499, "Cu", "C"),
    (0.25, "Du", "D"),
])
def test_band_edges(thresholds, ratio, layer, building):
    assert layer_grade(ratio, thresholds) == layer
    assert building_grade(ratio, [layer], False, thresholds) == building


@pytest.mark.parametrize(("dangerous", "grade"), [(0, "A"), (4, "B"), (5, "C"), (24, "C"), (25, "D")])
def test_band_edges_through_counts_of_100_slabs(form, dangerous, grade):
    result = assess(form, jgj([row(1, "slab", 100, dangerous)]), today=TODAY)
    assert result.summary["jgj_ratio"] == pytest.approx(dangerous / 100)
    assert result.summary["computed_grade"] == grade


def test_a_cu_layer_keeps_a_low_overall_ratio_at_c(form):
    rows = [row(1, "slab", 20, 2)] + [row(storey, "slab", 100) for storey in range(2, 8)]
    result = assess(form, jgj(rows), today=TODAY)
    assert result.summary["jgj_ratio"] < 0.05
    assert result.summary["jgj_layers"][0]["grade"] == "Cu"
    assert result.summary["computed_grade"] == "C"


def test_weights_come_from_the_definition(form):
    # 1 dangerous interior column (3.5) among 1 column + 10 slabs: 3.5 / 13.5.
    result = assess(form, jgj([row(1, "interior_column", 1, 1), row(1, "slab", 10)]), today=TODAY)
    assert result.summary["jgj_ratio"] == pytest.approx(3.5 / 13.5)


def test_appraiser_override_is_kept_beside_the_computed_grade(form):
    answers = jgj(worked_example_rows(), appraised_grade="C", appraisal_reason="鉴定报告 JD-2026-031")
    result = assess(form, answers, today=TODAY)
    assert result.summary["computed_grade"] == "B"
    assert result.summary["appraised_grade"] == "C"
    assert result.summary["grade"] == "C"
    assert result.summary["appraisal_reason"] == "鉴定报告 JD-2026-031"
    assert result.summary["treatment_advice"] == "处理使用"
    override = next(f for f in result.findings if f.rule_id == "jgj125.appraisal_override")
    assert "系统初算 B 级" in override.message and "JD-2026-031" in override.message


def test_component_table_of_an_unticked_block_is_ignored(form):
    answers = jgj([row(1, "slab", 10, 10)], jgj_enabled="no", ground_dangerous="yes")
    result = assess(form, answers, today=TODAY)
    assert result.summary["computed_grade"] is None
    assert result.summary["ground_dangerous"] is False
    assert not [f for f in result.findings if f.rule_id.startswith("jgj125")]


def test_city_profile_moves_the_c_d_boundary_without_code(form):
    answers = jgj([row(1, "slab", 100, 22)])
    assert assess(form, answers, today=TODAY).summary["computed_grade"] == "C"
    profile = {"housing_safety": {"jgj_building_d_min_ratio": 0.2}}
    assert assess(form, answers, profile=profile, today=TODAY).summary["computed_grade"] == "D"
    profiled = load_catalog(profile=profile)["housing_safety"]
    assert assess(profiled, answers, today=TODAY).summary["computed_grade"] == "D"


def test_city_profile_file_is_read_from_yaml(form, tmp_path):
    path = tmp_path / "重庆市.yaml"
    path.write_text("forms:\n  housing_safety:\n    jgj_bu_max_ratio: 0.03\n    jgj_building_b_max_ratio: 0.03\n",
                    encoding="utf-8")
    answers = jgj([row(1, "slab", 100, 4)])
    assert assess(form, answers, today=TODAY).summary["computed_grade"] == "B"
    assert assess(form, answers, profile=path, today=TODAY).summary["computed_grade"] == "C"


def test_the_summary_says_what_decided_the_grade_with_per_layer_ratios(form):
    ground = assess(form, jgj([row(1, "slab", 40)], ground_dangerous="yes"), today=TODAY).summary
    assert ground["jgj_grade_reason"] == "地基危险（现场判定地基危险）→ D 级"
    layered = assess(form, jgj([row(1, "interior_column", 20, 6), row(2, "slab", 30, 1)]), today=TODAY).summary
    assert layered["jgj_layers"][0] == {"layer": 1, "name": "第1层", "ratio": 0.3, "grade": "Du",
                                        "dangerous": 6, "total": 20}
    assert layered["jgj_grade_reason"] == "5.00% ≤ 全楼 R = 22.00% < 25.00%；第1层 Du 级 → C 级"
    example = assess(form, jgj(worked_example_rows()), today=TODAY).summary
    assert example["jgj_grade_reason"] == "全楼 R = 0.80% < 5.00%，且无 Cu/Du 级楼层 → B 级"
