"""ODK behaviours as a form sees them through the engine: labels, repeat columns, `.`."""

import datetime as dt
import textwrap

import pytest

from forms.definition_errors import DefinitionErrors
from forms.engine import evaluate
from forms.loader import load_form_text

FORM = load_form_text(textwrap.dedent("""
id: odk
version: "1"
title: 测试
include_header: false
choices:
  structure: [{code: brick, label: 砖混}, {code: frame, label: 框架}]
sections:
  - key: basic
    title: 基本
    fields:
      - {key: structure, type: select_one, label: 结构, choices: structure}
      - key: structure_name
        type: calculate
        label: 结构名称
        calculation: "jr:choice-name(${structure}, '${structure}')"
      - key: phone
        type: text
        label: 电话
        constraint: "string-length() = 11 and regex(., '1[3-9][0-9]{9}')"
      - {key: width, type: decimal, label: 宽}
      - {key: depth, type: decimal, label: 深}
      - key: floor_area
        type: calculate
        label: 面积
        value_type: decimal
        calculation: "coalesce(${width} * ${depth}, 0)"
      - {key: ratio, type: calculate, label: 宽深比, value_type: decimal, calculation: "${width} div ${depth}"}
      - {key: ratio_text, type: calculate, label: 宽深比文字, calculation: "${width} div ${depth}"}
      - key: rooms
        type: repeat
        label: 房间
        fields:
          - {key: room, type: text, label: 房间名}
      - {key: room_codes, type: calculate, label: 房间代码, calculation: "concat(${room})"}
      - {key: room_list, type: calculate, label: 房间清单, calculation: "join('、', ${room})"}
"""), "测试.yaml")


def run(**answers):
    return evaluate(FORM, answers, today=dt.date(2026, 11, 22))


def test_choice_name_gives_the_label_of_the_answer():
    assert run(structure="frame").calculated["structure_name"] == "框架"
    assert run().calculated["structure_name"] is None


def test_string_length_without_argument_checks_the_answer_itself():
    assert "phone" not in run(phone="13800138000").errors
    assert "phone" in run(phone="1380013800").errors
    assert "phone" in run(phone="x13800138000").errors


def test_coalesce_turns_an_unanswered_factor_into_zero():
    assert run(width=3.5, depth=2).calculated["floor_area"] == 7.0
    assert run(width=3.5).calculated["floor_area"] == 0.0


def test_a_calculation_giving_infinity_stores_no_value():
    # x div 0 is Infinity inside an expression, as in Collect; a stored value must be a finite number.
    zero_depth = run(width=3.5, depth=0).calculated
    assert (zero_depth["ratio"], zero_depth["ratio_text"]) == (None, None)
    assert run(width=3, depth=2).calculated["ratio"] == 1.5


def test_repeat_column_is_concatenated_without_spaces_and_joined_with_a_separator():
    result = run(rooms=[{"room": "A"}, {"room": "B"}, {"room": "C"}])
    assert result.calculated["room_codes"] == "ABC"
    assert result.calculated["room_list"] == "A、B、C"


def test_a_definition_using_an_unsupported_odk_function_is_refused_naming_it():
    text = textwrap.dedent("""
    id: bad
    version: "1"
    title: 坏
    include_header: false
    sections:
      - key: s
        title: 页
        fields:
          - {key: n, type: calculate, label: 人数, calculation: "pulldata('households', 'size', 'id', '1')"}
    """)
    with pytest.raises(DefinitionErrors) as caught:
        load_form_text(text, "坏.yaml")
    assert "expr-011" in str(caught.value) and "pulldata" in str(caught.value)
