"""Each coded definition error, from small inline definitions."""

import textwrap

import pytest

from forms.definition_errors import DefinitionErrors
from forms.loader import load_catalog, load_form_text

BASE = """
id: t
version: "1"
title: 测试
include_header: false
"""


def load(body: str):
    return load_form_text(BASE + textwrap.dedent(body), "测试.yaml")


def codes(body: str) -> list[str]:
    with pytest.raises(DefinitionErrors) as caught:
        load(body)
    return [p.code for p in caught.value.problems]


def messages(body: str) -> str:
    with pytest.raises(DefinitionErrors) as caught:
        load(body)
    return str(caught.value)


def test_valid_minimal_definition_loads():
    form = load("""
    sections:
      - key: a
        title: 第一页
        fields:
          - {key: floors, type: integer, label: 层数, min: 1, max: 100}
    """)
    assert form.field("floors").maximum == 100


def test_form_001_bad_yaml():
    with pytest.raises(DefinitionErrors) as caught:
        load_form_text("id: [unclosed", "坏.yaml")
    assert caught.value.problems[0].code == "form-001"
    assert "坏.yaml" in str(caught.value)


def test_form_002_missing_sections():
    assert codes("") == ["form-002"]


def test_form_003_unknown_type_with_suggestion():
    text = messages("""
    sections:
      - {key: a, title: 页, fields: [{key: x, type: integr, label: 甲}]}
    """)
    assert "[form-003]" in text and "integer" in text


def test_form_004_duplicate_key():
    assert "form-004" in codes("""
    sections:
      - {key: a, title: 页, fields: [{key: x, type: text, label: 甲}]}
      - {key: b, title: 页二, fields: [{key: x, type: text, label: 乙}]}
    """)


def test_form_005_duplicate_label_in_a_section():
    assert codes("""
    sections:
      - {key: a, title: 页, fields: [{key: x, type: text, label: 甲}, {key: y, type: text, label: 甲}]}
    """) == ["form-005"]


def test_form_006_unknown_choice_list():
    text = messages("""
    choices:
      materials: [{code: pe, label: PE}]
    sections:
      - {key: a, title: 页, fields: [{key: m, type: select_one, label: 管材, choices: material}]}
    """)
    assert "[form-006]" in text and "materials" in text


def test_form_007_empty_choice_list():
    assert "form-007" in codes("""
    choices:
      empty: []
    sections:
      - {key: a, title: 页, fields: [{key: m, type: select_one, label: 管材, choices: empty}]}
    """)


def test_form_008_duplicate_choice_code():
    assert codes("""
    choices:
      m: [{code: pe, label: PE}, {code: pe, label: 聚乙烯}]
    sections:
      - {key: a, title: 页, fields: [{key: x, type: select_one, label: 管材, choices: m}]}
    """) == ["form-008"]


def test_form_009_expression_syntax():
    assert codes("""
    sections:
      - {key: a, title: 页, fields: [{key: x, type: integer, label: 甲, relevant: "1 +"}]}
    """) == ["form-009"]


def test_form_010_missing_label():
    assert codes("""
    sections:
      - {key: a, title: 页, fields: [{key: x, type: text}]}
    """) == ["form-010"]


def test_form_011_calculate_without_calculation():
    assert codes("""
    sections:
      - {key: a, title: 页, fields: [{key: x, type: calculate, label: 甲}]}
    """) == ["form-011"]


def test_form_012_unknown_reference_names_file_field_and_fix():
    with pytest.raises(DefinitionErrors) as caught:
        load_form_text(BASE.replace("测试", "老旧管线") + textwrap.dedent("""
        sections:
          - key: a
            title: 页
            fields:
              - {key: install_year, type: year, label: 投入使用年份}
              - {key: pipe_age, type: calculate, label: 使用年限, calculation: "2026 - ${install_yr}"}
        """), "老旧管线.yaml")
    problem = caught.value.problems[0]
    assert problem.code == "form-012"
    assert problem.where == "老旧管线.yaml, field pipe_age"
    assert "${install_yr}" in problem.message and "${install_year}" in problem.message


def test_form_013_cycle_among_calculations():
    text = messages("""
    sections:
      - key: a
        title: 页
        fields:
          - {key: a1, type: calculate, label: 甲, calculation: "${b1} + 1"}
          - {key: b1, type: calculate, label: 乙, calculation: "${a1} + 1"}
    """)
    assert "[form-013]" in text and "${a1}" in text


@pytest.mark.parametrize("field", [
    "{key: x, type: text, label: 甲, min: 1}",
    "{key: x, type: integer, label: 甲, min: 10, max: 1}",
    "{key: x, type: text, label: 甲, min_photos: 2}",
    "{key: x, type: repeat, label: 甲}",
    "{key: x, type: select_one, label: 甲}",
    "{key: x, type: calculate, label: 甲, calculation: '1', value_type: colour}",
])
def test_form_014_type_mismatch(field):
    assert codes(f"""
    sections:
      - {{key: a, title: 页, fields: [{field}]}}
    """) == ["form-014"]


def test_form_015_duplicate_section():
    assert "form-015" in codes("""
    sections:
      - {key: a, title: 页, fields: [{key: x, type: text, label: 甲}]}
      - {key: a, title: 页二, fields: [{key: y, type: text, label: 乙}]}
    """)


def test_form_016_unknown_attribute_with_suggestion():
    text = messages("""
    sections:
      - {key: a, title: 页, fields: [{key: x, type: text, label: 甲, requird: true}]}
    """)
    assert "[form-016]" in text and "required" in text


def test_form_017_invalid_key():
    assert codes("""
    sections:
      - {key: a, title: 页, fields: [{key: Floors-Above, type: text, label: 甲}]}
    """) == ["form-017"]


def test_form_018_parameter_collides_with_field():
    assert codes("""
    parameters:
      x: {value: 3, label: 阈值}
    sections:
      - {key: a, title: 页, fields: [{key: x, type: integer, label: 甲}]}
    """) == ["form-018"]


def test_form_019_unknown_choice_code_in_expression():
    text = messages("""
    choices:
      d: [{code: leak, label: 漏损}]
    sections:
      - key: a
        title: 页
        fields:
          - {key: defects, type: select_multiple, label: 缺陷, choices: d}
          - {key: photo, type: photos, label: 照片, relevant: "selected(${defects}, 'leek')"}
    """)
    assert "[form-019]" in text and "leak" in text


def test_form_020_profile_names_unknown_parameter():
    with pytest.raises(DefinitionErrors) as caught:
        load_catalog(profile={"aging_friendly": {"lift_min_floor": 5}})
    problem = caught.value.problems[0]
    assert problem.code == "form-020" and "lift_min_floors" in problem.message


def test_every_problem_is_reported_at_once():
    found = codes("""
    sections:
      - key: a
        title: 页
        fields:
          - {key: x, type: text}
          - {key: y, type: integr, label: 乙}
    """)
    assert sorted(found) == ["form-003", "form-010"]


def test_profile_changes_a_parameter_without_code():
    default = load_catalog()["aging_friendly"].parameter("lift_min_floors")
    profiled = load_catalog(profile={"forms": {"aging_friendly": {"lift_min_floors": default + 2}}})
    assert profiled["aging_friendly"].parameter("lift_min_floors") == default + 2
