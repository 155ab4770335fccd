"""Number functions: round, int, number, pow, abs and the XPath 3.0 maths Collect offers."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Callable

from forms.expressions.signature import Function
from forms.expressions.values import NAN, to_number


def _round(context, value, places=0.0):
    """Round half away from zero to `places` decimals (negative rounds to tens, ...)."""
    number, digits = to_number(value), to_number(places)
    if math.isnan(digits):
        return NAN
    if not math.isfinite(number):
        return number
    exponent = Decimal(1).scaleb(-int(max(-400.0, min(400.0, digits))))
    try:
        return float(Decimal(repr(number)).quantize(exponent, rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return number  # more digits than a float holds: already exact at that scale


def _int(context, value):
    number = to_number(value)
    return float(math.trunc(number)) if math.isfinite(number) else number


def _power(base: float, exponent: float) -> float:
    if base == 0 and exponent < 0:
        return math.inf  # Java's Math.pow; Python raises here
    return math.pow(base, exponent)


def _logarithm(log: Callable[[float], float]) -> Callable[[float], float]:
    return lambda number: -math.inf if number == 0 else log(number)


def _numeric(function: Callable[..., float]) -> Callable:
    """Apply `function` to the arguments as numbers, with Java's results where Python raises.

    Out-of-domain input (sqrt(-1), asin(2), sin(Infinity)) gives NaN; overflow gives Infinity.
    """
    def apply(context, *values):
        numbers = [to_number(value) for value in values]
        try:
            return function(*numbers)
        except OverflowError:
            return math.inf
        except ValueError:
            return NAN
    return apply


MATH_FUNCTIONS = MappingProxyType({
    "round": Function(1, 2, _round),
    "int": Function(1, 1, _int),
    "number": Function(1, 1, lambda context, value: to_number(value)),
    "abs": Function(1, 1, _numeric(abs)),
    "pow": Function(2, 2, _numeric(_power)),
    "sqrt": Function(1, 1, _numeric(math.sqrt)),
    "exp": Function(1, 1, _numeric(math.exp)),
    "exp10": Function(1, 1, _numeric(lambda number: _power(10.0, number))),
    "log": Function(1, 1, _numeric(_logarithm(math.log))),
    "log10": Function(1, 1, _numeric(_logarithm(math.log10))),
    "pi": Function(0, 0, lambda context: math.pi),
    "sin": Function(1, 1, _numeric(math.sin)),
    "cos": Function(1, 1, _numeric(math.cos)),
    "tan": Function(1, 1, _numeric(math.tan)),
    "asin": Function(1, 1, _numeric(math.asin)),
    "acos": Function(1, 1, _numeric(math.acos)),
    "atan": Function(1, 1, _numeric(math.atan)),
    "atan2": Function(2, 2, _numeric(math.atan2)),
})
