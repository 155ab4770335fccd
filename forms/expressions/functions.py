"""The ODK functions expressions may call: name -> (min args, max args, implementation).

Every implementation takes the evaluation context and the evaluated arguments
and never raises: bad input gives NaN, '' or false, as ODK does.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from types import MappingProxyType
from typing import Callable, NamedTuple

from forms.expressions.values import (
    NAN, is_empty, is_sequence, to_date, to_number, to_string, truthy,
)

UNLIMITED = None


class Function(NamedTuple):
    min_args: int
    max_args: int | None
    implementation: Callable


@lru_cache(maxsize=256)
def compiled_pattern(pattern: str) -> re.Pattern | None:
    """Compile `pattern` once; None when it is not a valid regular expression."""
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _items(arguments: tuple) -> list:
    """Flatten arguments: a list contributes its elements, anything else itself."""
    items: list = []
    for argument in arguments:
        if is_sequence(argument):
            items.extend(argument)
        else:
            items.append(argument)
    return items


def _codes(value: object) -> list[str]:
    if is_sequence(value):
        return [to_string(item) for item in value]
    return to_string(value).split()


def _selected(context, value, code):
    return to_string(code).strip() in _codes(value)


def _count_selected(context, value):
    return float(len([code for code in _codes(value) if code]))


def _if(context, condition, then, otherwise):
    return then if truthy(condition) else otherwise


def _today(context):
    return context.today or date.today()


def _now(context):
    if context.today:
        return datetime.combine(context.today, time())
    return datetime.now()


def _coalesce(context, first, second):
    return second if to_string(first) == "" else first


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


def _sum(context, *arguments):
    numbers = [to_number(item) for item in _items(arguments) if not is_empty(item)]
    return math.fsum(numbers) if not any(map(math.isnan, numbers)) else NAN


def _count(context, *arguments):
    return float(sum(len(a) if is_sequence(a) else a is not None for a in arguments))


def _extreme(pick):
    def extreme(context, *arguments):
        numbers = [to_number(item) for item in _items(arguments) if not is_empty(item)]
        if not numbers or any(map(math.isnan, numbers)):
            return NAN
        return pick(numbers)
    return extreme


def _regex(context, value, pattern):
    compiled = compiled_pattern(to_string(pattern))
    return bool(compiled and compiled.search(to_string(value)))


def _substr(context, value, start, end=None):
    text = to_string(value)
    first = to_number(start)
    last = float(len(text)) if end is None else to_number(end)
    if math.isnan(first) or math.isnan(last):
        return ""
    first, last = (max(0.0, min(float(len(text)), n)) for n in (first, last))
    return text[int(first):int(last)]


_DATE_PARTS = MappingProxyType({
    "Y": lambda d: f"{d.year:04d}", "y": lambda d: f"{d.year % 100:02d}",
    "m": lambda d: f"{d.month:02d}", "n": lambda d: str(d.month),
    "d": lambda d: f"{d.day:02d}", "e": lambda d: str(d.day),
    "H": lambda d: f"{getattr(d, 'hour', 0):02d}", "h": lambda d: str(getattr(d, "hour", 0)),
    "M": lambda d: f"{getattr(d, 'minute', 0):02d}", "S": lambda d: f"{getattr(d, 'second', 0):02d}",
    "b": lambda d: d.strftime("%b"), "a": lambda d: d.strftime("%a"), "%": lambda d: "%",
})
_DATE_CODE = re.compile(r"%(.)", re.DOTALL)


def _format_date(context, value, pattern):
    day = to_date(value)
    if day is None:
        return ""
    return _DATE_CODE.sub(lambda m: _DATE_PARTS.get(m.group(1), lambda d: m.group())(day),
                          to_string(pattern))


def _pow(context, base, exponent):
    try:
        return math.pow(to_number(base), to_number(exponent))
    except OverflowError:
        return math.inf
    except ValueError:
        return NAN


def _text_test(test):
    return lambda context, text, part: test(to_string(text), to_string(part))


FUNCTIONS = MappingProxyType({
    "selected": Function(2, 2, _selected),
    "count-selected": Function(1, 1, _count_selected),
    "if": Function(3, 3, _if),
    "today": Function(0, 0, _today),
    "now": Function(0, 0, _now),
    "string-length": Function(1, 1, lambda context, value: float(len(to_string(value)))),
    "concat": Function(0, UNLIMITED, lambda context, *values: "".join(map(to_string, values))),
    "coalesce": Function(2, 2, _coalesce),
    "round": Function(1, 2, _round),
    "int": Function(1, 1, _int),
    "number": Function(1, 1, lambda context, value: to_number(value)),
    "string": Function(1, 1, lambda context, value: to_string(value)),
    "not": Function(1, 1, lambda context, value: not truthy(value)),
    "true": Function(0, 0, lambda context: True),
    "false": Function(0, 0, lambda context: False),
    "boolean": Function(1, 1, lambda context, value: truthy(value)),
    "sum": Function(1, UNLIMITED, _sum),
    "count": Function(1, UNLIMITED, _count),
    "min": Function(1, UNLIMITED, _extreme(min)),
    "max": Function(1, UNLIMITED, _extreme(max)),
    "regex": Function(2, 2, _regex),
    "contains": Function(2, 2, _text_test(lambda text, part: part in text)),
    "starts-with": Function(2, 2, _text_test(str.startswith)),
    "ends-with": Function(2, 2, _text_test(str.endswith)),
    "substr": Function(2, 3, _substr),
    "format-date": Function(2, 2, _format_date),
    "pow": Function(2, 2, _pow),
    "abs": Function(1, 1, lambda context, value: abs(to_number(value))),
    # Labels need the form, so the engine resolves them; here the code passes through.
    "jr:choice-name": Function(2, 2, lambda context, value, field: to_string(value)),
})

FUNCTION_NAMES = frozenset(FUNCTIONS)
