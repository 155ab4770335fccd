"""Property tests: any text parses or fails with ExpressionError; evaluation never raises."""

import math
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.expressions import FUNCTION_NAMES, ExpressionError, parse
from forms.expressions.functions import FUNCTIONS
from forms.expressions.parser import LITERAL_CHOICES

NAMES = ("a", "b", "c")
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = st.sampled_from([
    "${a}", "${b}", "${c}", "${", "}", ".", "1", "2.5", ".5", "'x'", '"2026-01-05"', "'",
    "(", ")", ",", " ", "-", "+", "*", "=", "!=", "<", "<=", ">", ">=", "and", "or", "div",
    "mod", "#", "＝", "foo(", "today()", *(f"{name}(" for name in FUNCTION_NAMES),
])
TEXT = st.one_of(st.text(max_size=40), st.lists(FRAGMENTS, max_size=25).map("".join))

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8), st.sampled_from(["", "5", "-3.5", "2026-11-22", "2026-02-30", "a b"]),
    st.dates(), st.datetimes(),
    st.fixed_dictionaries({"lat": st.floats(), "lon": st.floats(), "crs": st.just("WGS-84")}),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=4))


def _leaf():
    return st.one_of(
        st.sampled_from([f"${{{name}}}" for name in NAMES] + ["."]),
        st.integers(-5, 10**6).map(str), st.sampled_from(["0", "0.5", "'yes'", "''", "'2026-01-01'"]),
        st.sampled_from(["'[0-9]+'", "'%Y-%m-%d'", "'(a*)b'"]),
    )


def _extend(inner):
    operators = ["or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod"]
    binary = st.tuples(inner, st.sampled_from(operators), inner).map(" ".join)
    calls = st.sampled_from(sorted(FUNCTIONS)).flatmap(lambda name: _call(name, inner))
    return st.one_of(binary, inner.map(lambda e: f"-({e})"), inner.map(lambda e: f"({e})"), calls)


def _call(name, inner):
    function = FUNCTIONS[name]
    high = function.max_args if function.max_args is not None else function.min_args + 4
    count = st.integers(function.min_args, high).filter(function.accepts)
    arguments = count.flatmap(lambda n: st.tuples(*(_argument(name, i, inner) for i in range(n))))
    return arguments.map(lambda args: f"{name}({', '.join(args)})")


def _argument(name, index, inner):
    """Any expression, except where a literal must be one of the function's known values."""
    allowed = LITERAL_CHOICES.get(name, {}).get(index)
    if allowed is None:
        return inner
    return st.sampled_from([f"'{value}'" for value in allowed] + ["${a}", "."])


EXPRESSIONS = st.recursive(_leaf(), _extend, max_leaves=12)


@SETTINGS
@given(TEXT)
def test_any_text_parses_or_raises_expression_error(text):
    try:
        parse(text)
    except ExpressionError as error:
        assert error.code.startswith("expr-") and 0 <= error.position <= len(text)


@SETTINGS
@given(EXPRESSIONS, st.fixed_dictionaries({name: VALUES for name in NAMES}), VALUES,
       st.one_of(st.none(), st.dates()))
def test_generated_expressions_evaluate_without_raising(source, values, current, today):
    expression = parse(source)
    assert expression.references <= set(NAMES)
    result = expression.evaluate(values.get, current=current, today=today)
    assert result is None or isinstance(result, (str, bool, float, date, datetime, list, tuple, dict, int))


@SETTINGS
@given(TEXT, st.fixed_dictionaries({name: VALUES for name in NAMES}), VALUES)
def test_parsed_random_text_evaluates_without_raising(text, values, current):
    try:
        expression = parse(text)
    except ExpressionError:
        return
    expression.evaluate(values.get, current=current, today=date(2026, 11, 22))


@SETTINGS
@given(st.floats(-1e9, 1e9), st.integers(0, 6))
def test_round_is_half_away_from_zero_and_symmetric(number, places):
    rounded = parse("round(${x}, ${n})").evaluate({"x": number, "n": places}.get)
    negated = parse("round(-${x}, ${n})").evaluate({"x": number, "n": places}.get)
    assert rounded == -negated
    assert math.isclose(rounded, number, abs_tol=0.5 * 10 ** -places + 1e-9)
