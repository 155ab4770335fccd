"""The engine: validation per field type, relevance, calculations, repeat groups."""

import datetime as dt
import textwrap

import pytest

from forms.engine import evaluate
from forms.loader import load_form_text

TODAY = dt.date(2026, 11, 22)

FORM = load_form_text(textwrap.dedent("""
id: t
version: "1"
title: 测试
include_header: false
parameters:
  lift_min_floors: {value: 4, label: 加装电梯最低层数}
choices:
  defects: [{code: leak, label: 漏损}, {code: corrosion, label: 腐蚀}]
  structure: [{code: brick, label: 砖混}, {code: frame, label: 框架}]
sections:
  - key: basic
    title: 基本
    fields:
      - {key: name, type: text, label: 名称, required: true}
      - {key: floors, type: integer, label: 层数, min: 1, max: 100, unit: 层, required: true}
      - {key: area, type: decimal, label: 面积, min: 0.1, unit: m²}
      - {key: built, type: year, label: 建成年份, min: 1800, max: today}
      - {key: surveyed, type: date, label: 日期, max: today}
      - {key: structure, type: select_one, label: 结构, choices: structure}
      - {key: defects, type: select_multiple, label: 缺陷, choices: defects}
      - {key: has_lift, type: yes_no, label: 有电梯}
      - {key: where, type: geopoint, label: 位置}
      - {key: hint_note, type: note, label: 说明}
  - key: detail
    title: 详情
    fields:
      - key: defect_photos
        type: photos
        label: 缺陷照片
        min_photos: 1
        relevant: "count-selected(${defects}) > 0"
      - key: leak_rate
        type: decimal
        label: 漏损率
        required: true
        relevant: "selected(${defects}, 'leak')"
        constraint: ". <= 100"
        constraint_message: 漏损率不能超过 100%
      - key: needs_lift
        type: calculate
        label: 需加装电梯
        value_type: yes_no
        calculation: "if(${floors} >= ${lift_min_floors} and ${has_lift} = 'no', 'yes', 'no')"
      - key: rows
        type: repeat
        label: 构件
        min_rows: 1
        max_rows: 3
        fields:
          - {key: total, type: integer, label: 总数, min: 1, required: true}
          - {key: bad, type: integer, label: 危险数, constraint: ". <= ${total}", constraint_message: 危险数不能超过总数}
          - {key: share, type: calculate, label: 比例, value_type: decimal, calculation: "${bad} div ${total}"}
      - {key: total_bad, type: calculate, label: 危险合计, value_type: integer, calculation: "sum(${bad})"}
"""), "测试.yaml")

VALID = {
    "name": "一号楼", "floors": 5, "area": 320.5, "built": 1988, "surveyed": "2026-05-01",
    "structure": "brick", "defects": [], "has_lift": "no",
    "where": {"lat": 29.55, "lon": 106.57, "crs": "WGS-84"},
    "rows": [{"total": 10, "bad": 1}],
}


def run(**changes):
    answers = {**VALID, **changes}
    return evaluate(FORM, {k: v for k, v in answers.items() if v is not ...}, today=TODAY)


def test_valid_record_may_be_finalized():
    result = run()
    assert result.errors == {} and result.can_finalize


def test_a_gps_fix_keeps_its_accuracy_and_a_typed_point_needs_none():
    fix = {"lat": 29.55, "lon": 106.57, "crs": "WGS-84", "accuracy_m": 4.5}
    assert run(where=fix).errors == {}
    assert run(where={**fix, "accuracy_m": 0}).errors == {}


@pytest.mark.parametrize("key, value, message", [
    ("name", ..., "此项必填"),
    ("name", 5, "请填写文字"),
    ("floors", 0, "应在 1–100层 之间"),
    ("floors", 2.5, "请填写整数"),
    ("floors", True, "请填写整数"),
    ("area", 0, "不能小于 0.1m²"),
    ("area", "12", "请填写数字"),
    ("built", 2027, "应在 1800–2026 之间"),
    ("built", 88, "四位年份"),
    ("surveyed", "2026-11-23", "不能晚于 2026-11-22"),
    ("surveyed", "昨天", "日期格式"),
    ("structure", "wood", "不是可选项"),
    ("defects", ["leak", "rust"], "rust"),
    ("defects", "leak", "选项列表"),
    ("has_lift", "maybe", "是"),
    ("where", {"lat": 48.85, "lon": 2.35}, "不在中国境内"),
    ("where", {"lat": 95, "lon": 29.55}, "-90–90"),
    ("where", {"lat": 29.5, "lon": 106.5, "crs": "BD-09"}, "坐标系"),
    ("where", {"lat": 29.5, "lon": 106.5, "crs": "WGS-84", "accuracy_m": -3.0}, "定位精度"),
    ("where", {"lat": 29.5, "lon": 106.5, "crs": "WGS-84", "accuracy_m": "5 m"}, "定位精度"),
    ("where", {"lat": 29.5, "lon": 106.5, "crs": "WGS-84", "accuracy_m": float("nan")}, "定位精度"),
    ("rows", [], "至少需要 1 行"),
    ("rows", [{"total": 1}] * 4, "最多 3 行"),
])
def test_each_field_type_is_validated(key, value, message):
    result = run(**{key: value})
    assert not result.can_finalize
    found = [m for path, ms in result.errors.items() for m in ms if path.startswith(key)]
    assert any(message in m for m in found), found


def test_relevance_hides_and_shows_fields():
    hidden = run()
    assert "leak_rate" not in hidden.relevant and "defect_photos" not in hidden.relevant
    shown = run(defects=["leak"])
    assert {"leak_rate", "defect_photos"} <= shown.relevant
    assert shown.errors["leak_rate"] == ("此项必填",)
    assert "至少添加 1 张照片" in shown.errors["defect_photos"][0]


def test_constraint_message_in_chinese():
    result = run(defects=["leak"], leak_rate=120.0, defect_photos=[{"sha256": "ab", "caption": ""}])
    assert result.errors == {"leak_rate": ("漏损率不能超过 100%",)}


def test_irrelevant_answers_are_kept_but_not_validated_or_counted():
    answers = {**VALID, "leak_rate": 999.0, "defects": []}
    result = evaluate(FORM, answers, today=TODAY)
    assert result.can_finalize and answers["leak_rate"] == 999.0
    assert "leak_rate" not in result.relevant


def test_calculation_uses_parameters_and_updates():
    assert run(floors=5, has_lift="no").calculated["needs_lift"] == "yes"
    assert run(floors=3, has_lift="no").calculated["needs_lift"] == "no"
    assert run(floors=6, has_lift="yes").calculated["needs_lift"] == "no"


def test_repeat_rows_are_validated_with_paths_and_calculated_per_row():
    result = run(rows=[{"total": 10, "bad": 2}, {"total": 4, "bad": 5}])
    assert result.errors == {"rows[1].bad": ("危险数不能超过总数",)}
    assert result.calculated["share"] == [0.2, 1.25]
    assert result.calculated["total_bad"] == 7
    assert "rows[1].total" in result.relevant


def test_missing_lists_every_problem_by_section():
    result = run(name=..., rows=[])
    assert [(s, p) for s, p, _, _ in result.missing()] == [("basic", "name"), ("detail", "rows")]
    assert result.section_state("basic") == "errors"


def test_section_state_complete_and_empty():
    result = evaluate(FORM, {}, today=TODAY)
    assert result.section_state("basic") == "errors"
    assert run().section_state("detail") == "complete"


def test_note_fields_hold_no_value_and_raise_no_errors():
    assert "hint_note" not in run().errors


def test_the_built_in_forms_accept_an_empty_draft():
    from forms.loader import load_catalog

    for form in load_catalog().values():
        result = evaluate(form, {}, today=TODAY)
        assert not result.can_finalize
        assert result.errors["district"] == ("此项必填",)
