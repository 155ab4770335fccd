"""Each expression error code, its position and its Chinese message."""

import pickle

import pytest

from forms.errors import CodedError
from forms.expressions import ExpressionError, parse
from forms.expressions.errors import MESSAGES


def error_of(source):
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    return caught.value


@pytest.mark.parametrize("source, code, position", [
    ("${a} # 1", "expr-001", 5),
    ("${a} ＝ 1", "expr-001", 5),
    ("${a} = 'yes", "expr-002", 7),
    ('concat("a, ${b})', "expr-002", 7),
    ("${a} +", "expr-003", 6),
    ("${a} ${b}", "expr-003", 5),
    ("1 + * 2", "expr-003", 4),
    ("${a} = yes", "expr-003", 7),
    ("if(1, 2,)", "expr-003", 8),
    ("", "expr-003", 0),
    ("county-selected(${a})", "expr-004", 0),
    ("1 + foo(2)", "expr-004", 4),
    ("if(1, 2)", "expr-005", 0),
    ("today(1)", "expr-005", 0),
    ("round()", "expr-005", 0),
    ("sum()", "expr-005", 0),
    ("(1 + 2", "expr-006", 0),
    ("max(1, 2", "expr-006", 3),
    ("1 + 2)", "expr-006", 5),
    ("${} = 1", "expr-007", 0),
    ("1 + ${ }", "expr-007", 4),
    ("regex(., '[0-9')", "expr-008", 9),
    ("regex(., '(')", "expr-008", 9),
    ("${a + 1", "expr-009", 0),
    ("${楼层} > 1", "expr-009", 0),
    ("(" * 150 + "1" + ")" * 150, "expr-010", 100),
    (" + ".join(["1"] * 300), "expr-010", 0),
    ("pulldata('households', 'size', 'id', ${a})", "expr-011", 0),
    ("1 + indexed-repeat(${a}, ${b}, 2)", "expr-011", 4),
    ("position(..) = 1", "expr-011", 0),
    ("count(instance('streets')/root/item)", "expr-011", 6),
    ("digest(${a}, 'SHA-3')", "expr-012", 13),
    ("digest(${a}, 'MD5', 'base32')", "expr-012", 20),
    ("weighted-checklist(1, 2, 'yes')", "expr-005", 0),
    ("string-length(${a}, ${b})", "expr-005", 0),
])
def test_error_codes_and_positions(source, code, position):
    error = error_of(source)
    assert (error.code, error.position) == (code, position)
    assert isinstance(error, CodedError)
    assert error.source == source
    assert f"第 {position + 1} 个字符" in error.where
    assert str(error).startswith(f"[{code}] 表达式“{source}”")


def test_every_catalogued_code_is_tested():
    source = open(__file__, encoding="utf-8").read()
    assert all(f'"{code}"' in source for code in MESSAGES)


def test_catalogue_is_read_only():
    with pytest.raises(TypeError):
        MESSAGES["expr-001"] = "x"


def test_unknown_function_suggests_the_closest_name():
    assert "是否想写“count-selected”" in error_of("count-selcted(${a})").message
    assert "是否想写“starts-with”" in error_of("startswith(${a}, 'x')").message
    assert "是否想写“jr:choice-name”" in error_of("jr:choice-nam(${a}, 'x')").message
    hopeless = error_of("zzqqxx(1)").message
    assert "可用函数" in hopeless and "count-selected" in hopeless


def test_messages_say_what_and_how_to_fix():
    assert "＝" in error_of("1 ＝ 1").message
    assert "中文标点" in error_of("1 ＝ 1").message
    assert "补上 '" in error_of("'abc").message
    assert "需要 3 个参数，实际给了 2 个" in error_of("if(1, 2)").message
    assert "需要 1 到 2 个参数" in error_of("round(1, 2, 3)").message
    assert "至少 1 个参数" in error_of("max()").message
    assert "加引号" in error_of("${a} = yes").message
    assert "表达式结尾" in error_of("${a} and").message
    assert "[0-9" in error_of("regex(., '[0-9')").message


def test_unsupported_odk_functions_are_named_with_the_reason():
    error = error_of("pulldata('households', 'size', 'id', ${a})")
    assert "“pulldata”" in error.message and "CSV" in error.message
    assert "“instance”" in error_of("instance('streets')/root/item[code = ${a}]/label").message
    assert "“position”" in error_of("position(..)").message
    assert "“indexed-repeat”" in error_of("indexed-repeat(${a}, ${b}, 1)").message


def test_odk_arity_and_argument_messages():
    assert "需要 2、4、6…（成对增加） 个参数，实际给了 3 个" in error_of("weighted-checklist(1, 2, 'yes')").message
    assert "需要 0 到 1 个参数" in error_of("string-length(1, 2)").message
    assert "SHA-256" in error_of("digest(${a}, 'SHA3')").message


def test_caret_points_at_the_problem():
    assert error_of("1 + # 2").caret == "1 + # 2\n    ^"


def test_error_survives_pickling():
    error = error_of("if(1)")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.where, copy.message, copy.position) == (
        error.code, error.where, error.message, error.position)


def test_regex_pattern_from_a_reference_is_checked_only_when_run():
    expression = parse("regex(., ${pattern})")
    assert expression.evaluate({"pattern": "[0-9"}.get, current="1") is False
    assert expression.evaluate({"pattern": "^[0-9]$"}.get, current="1") is True
