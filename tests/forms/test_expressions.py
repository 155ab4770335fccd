"""Operators, precedence, functions and ODK empty/NaN semantics of the expression language."""

import math
from datetime import date, datetime
from pathlib import Path

import pytest

from forms.expressions import FUNCTION_NAMES, Expression, parse, truthy

TODAY = date(2026, 11, 22)
VALUES = {
    "floors": 5, "has_lift": "no", "rise": 150, "run": 1200, "zero": 0,
    "empty": "", "missing": None, "text": "abc", "five_text": "5",
    "defects": ["leak", "corrosion"], "defects_text": "leak corrosion",
    "counts": [3, 4, None, 5], "mixed": [1, "x"], "built": "2020-05-17",
    "survey_date": "2026-11-22", "point": {"lat": 29.5, "lon": 106.5, "crs": "WGS-84"},
    "flag": True, "decimal": 2.5,
}


def run(source, current=None, **extra):
    values = {**VALUES, **extra}
    return parse(source).evaluate(values.get, current=current, today=TODAY)


def is_nan(value):
    return isinstance(value, float) and math.isnan(value)


def test_readme_examples():
    assert run("${floors} >= 4 and ${has_lift} = 'no'") is True
    assert run("${floors} >= 4 and ${has_lift} = 'no'", has_lift="yes") is False
    assert run("if(${rise} > 0, ${rise} div ${run}, '')") == 0.125
    assert run("if(${rise} > 0, ${rise} div ${run}, '')", rise=0) == ""


@pytest.mark.parametrize("source, expected", [
    ("1 + 2", 3), ("7 - 10", -3), ("6 * 7", 42), ("7 div 2", 3.5), ("7 mod 3", 1),
    ("-7 mod 3", -1), ("- 4", -4), ("--4", 4), ("1.5 + .5", 2), ("5. * 2", 10),
    ("1 = 1", True), ("1 != 1", False), ("1 < 2", True), ("2 <= 2", True),
    ("3 > 2", True), ("2 >= 3", False), ("1 = 1 and 2 = 3", False), ("1 = 1 or 2 = 3", True),
])
def test_each_operator(source, expected):
    assert run(source) == expected


@pytest.mark.parametrize("source, expected", [
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("10 - 4 - 3", 3), ("2 * 3 mod 4", 2),
    ("12 div 2 div 3", 2), ("-2 * 3", -6), ("- 2 + 3", 1), ("1 + 1 = 2", True),
    ("1 < 2 = 2 > 1", True), ("1 = 2 or 3 = 3 and 4 = 4", True),
    ("(1 = 2 or 3 = 3) and 4 = 5", False), ("1 or 0 and 0", True),
    ("2 > 1 = 1", True), ("${floors}-1", 4), ("${floors} - -1", 6),
])
def test_precedence_and_associativity(source, expected):
    assert run(source) == expected


def test_minus_after_word_operator_and_inside_names():
    assert run("7 div-2") == -3.5
    assert run("count-selected(${defects})-1") == 1
    assert run("${floors}-count-selected(${defects})") == 3


def test_division_by_zero_is_infinity_and_modulo_nan_as_in_collect():
    assert run("1 div 0") == math.inf
    assert run("-1 div 0") == -math.inf
    assert run("${floors} div ${zero}") == math.inf
    assert run("${floors} div ${zero} > 2") is True
    assert run("1 and (1 div 0)") is True
    assert is_nan(run("0 div 0"))
    assert is_nan(run("${missing} div 0"))
    assert is_nan(run("5 mod 0"))


def test_empty_is_empty_string_and_nan_in_arithmetic():
    assert run("${missing}") is None
    assert run("${missing} = ''") is True
    assert run("${empty} = ''") is True
    assert is_nan(run("${missing} + 1"))
    assert is_nan(run("${text} * 2"))
    assert is_nan(run("-${empty}"))


@pytest.mark.parametrize("source", [
    "${missing} > 0", "${missing} < 0", "${missing} >= 0", "${missing} <= 0",
    "${missing} = 0", "number('x') = number('x')", "${text} > 1", "${missing} + 1 = 1",
])
def test_comparisons_with_nan_are_false(source):
    assert run(source) is False


def test_not_equal_with_empty_is_true_as_in_odk():
    assert run("${missing} != 'yes'") is True
    assert run("${missing} != 5") is True


def test_equality_numbers_strings_booleans():
    assert run("${five_text} = 5") is True
    assert run("5 = '5.0'") is True
    assert run("'5' = '5.0'") is False
    assert run("'abc' = 'abc'") is True
    assert run("${flag} = true()") is True
    assert run("'false' = true()") is True  # non-empty string is true in XPath
    assert run("${decimal} = 2.5") is True


def test_relational_compare_numeric_strings_numerically():
    assert run("'10' > '9'") is True
    assert run(". <= 4", current="3") is True


def test_repeat_columns_only_count_in_aggregates():
    assert run("sum(${counts})") == 12
    assert run("count(${counts})") == 4
    assert run("max(${counts})") == 5
    assert run("min(${counts})") == 3
    assert is_nan(run("${counts} + 1"))
    assert is_nan(run("sum(${mixed})"))
    assert is_nan(run("max(${mixed})"))


def test_aggregates_over_several_arguments():
    assert run("sum(1, 2, ${counts})") == 15
    assert run("max(1, 9, 4)") == 9
    assert run("min(${floors}, 2)") == 2
    assert run("count(${missing})") == 0
    assert run("count(${floors}, ${counts})") == 5
    assert run("sum(${missing})") == 0
    assert is_nan(run("max(${missing})"))


def test_selected_on_lists_and_space_separated_strings():
    assert run("selected(${defects}, 'leak')") is True
    assert run("selected(${defects}, 'damage')") is False
    assert run("selected(${defects_text}, 'corrosion')") is True
    assert run("selected(${missing}, 'leak')") is False
    assert run("count-selected(${defects})") == 2
    assert run("count-selected(${defects_text})") == 2
    assert run("count-selected(${missing})") == 0


def test_dates_against_a_fixed_today():
    assert run("today()") == TODAY
    assert run("now()") == datetime(2026, 11, 22)
    assert run(". <= today()", current="2026-11-22") is True
    assert run(". <= today()", current="2026-11-23") is False
    assert run("${built} < today()") is True
    assert run("today() = ${survey_date}") is True
    assert run("today() - ${built}") == (TODAY - date(2020, 5, 17)).days
    assert run("format-date(today(), '%Y')") == "2026"
    assert run("format-date(${built}, '%Y-%m-%d')") == "2020-05-17"
    assert run("format-date(${built}, '%m/%d %n %e %y')") == "05/17 5 17 20"
    assert run("format-date(today() + 1, '%Y-%m-%d')") == "2026-11-23"
    assert run("format-date(${text}, '%Y')") == ""
    assert run("format-date(${built}, '%Q%%')") == "%Q%"
    assert run("format-date(now(), '%H:%M:%S')") == "00:00:00"


def test_today_defaults_to_the_real_date():
    assert parse("today()").evaluate(VALUES.get) == date.today()


@pytest.mark.parametrize("source, expected", [
    ("if(1, 'a', 'b')", "a"), ("if(${missing}, 'a', 'b')", "b"),
    ("string-length('城市体检')", 4), ("string-length(${missing})", 0),
    ("concat('a', ${floors}, '-', ${decimal}, ${missing})", "a5-2.5"), ("concat()", ""),
    ("coalesce(${missing}, 'x')", "x"), ("coalesce(${text}, 'x')", "abc"),
    ("round(2.5)", 3), ("round(-2.5)", -3), ("round(2.675, 2)", 2.68),
    ("round(1234.5, -2)", 1200), ("round(0.5)", 1),
    ("int(3.9)", 3), ("int(-3.9)", -3), ("number('12.5')", 12.5), ("number(true())", 1),
    ("string(5)", "5"), ("string(0.1 + 0.2)", "0.3"), ("string(${point})", "29.5 106.5"),
    ("string(${defects})", "leak corrosion"), ("not(${missing})", True), ("not(1)", False),
    ("true()", True), ("false()", False), ("boolean('0')", True), ("boolean(0)", False),
    ("regex('13800138000', '^1[3-9][0-9]{9}$')", True), ("regex('a13b', '[0-9]+')", False),
    ("regex('abc', '^[0-9]+$')", False), ("contains(${text}, 'bc')", True),
    ("starts-with(${text}, 'ab')", True), ("ends-with(${text}, 'b')", False),
    ("substr('abcdef', 2)", "cdef"), ("substr('abcdef', 1, 3)", "bc"),
    ("substr('abc', -5, 99)", "abc"), ("substr('abc', ${missing})", "abc"),
    ("pow(2, 10)", 1024), ("abs(-3)", 3), ("abs(${floors} - 9)", 4),
])
def test_each_function(source, expected):
    assert run(source) == expected


def test_numeric_edge_cases_never_raise():
    assert is_nan(run("round(${text})"))
    assert is_nan(run("round(1, ${text})"))
    assert math.isinf(run("pow(10, 400)"))
    assert is_nan(run("pow(-8, 0.5)"))
    assert math.isinf(run("int(pow(10, 400))"))
    assert run("int(1 div 0)") == math.inf
    assert is_nan(run("int(0 div 0)"))
    assert run("string(pow(10, 400))") == "Infinity"
    assert run("string(0.00001)") == "0.00001"
    assert run("round(123456789012345678901234567890, 2)") == 123456789012345678901234567890.0
    assert run("${floors} + 1", floors=10 ** 400) == math.inf


def test_every_function_is_covered_by_these_files():
    folder = Path(__file__).parent
    source = "".join(path.read_text(encoding="utf-8") for path in folder.glob("test_expressions*.py"))
    assert [name for name in sorted(FUNCTION_NAMES) if f"{name}(" not in source] == []


def test_and_or_short_circuit_and_return_booleans():
    looked_up = []

    def lookup(name):
        looked_up.append(name)
        return 1

    assert parse("0 and ${a}").evaluate(lookup) is False
    assert parse("1 or ${b}").evaluate(lookup) is True
    assert looked_up == []


def test_truthy():
    assert [truthy(v) for v in (None, "", 0, 0.0, float("nan"), [], {}, False)] == [False] * 8
    assert all(truthy(v) for v in ("0", "false", 1, -0.5, ["a"], {"lat": 1}, True, TODAY))


def test_references_and_uses_current():
    expression = parse("sum(${counts}) > ${floors} and . != '' or ${floors} = 1")
    assert isinstance(expression, Expression)
    assert expression.references == frozenset({"counts", "floors"})
    assert expression.uses_current is True
    assert expression.source == "sum(${counts}) > ${floors} and . != '' or ${floors} = 1"
    plain = parse("'${not_a_ref}' = ${ x }")
    assert plain.references == frozenset({"x"})
    assert plain.uses_current is False


def test_strings_keep_their_content_and_both_quotes_work():
    assert run("\"it's\"") == "it's"
    assert run("'say \"hi\"'") == 'say "hi"'
    assert run("'a , ( ) div'") == "a , ( ) div"


def test_parsed_expression_is_reusable():
    expression = parse("${floors} * 2")
    assert [expression.evaluate({"floors": n}.get) for n in (1, 2, 3)] == [2, 4, 6]
