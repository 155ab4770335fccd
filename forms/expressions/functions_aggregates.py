"""Aggregates over repeat columns and argument lists: sum, count, count-non-empty, min, max."""

from __future__ import annotations

import math
from types import MappingProxyType

from forms.expressions.signature import UNLIMITED, Function, flatten
from forms.expressions.values import NAN, is_empty, is_sequence, to_number, to_string


def _sum(context, *arguments):
    numbers = [to_number(item) for item in flatten(arguments) if not is_empty(item)]
    return math.fsum(numbers) if not any(map(math.isnan, numbers)) else NAN


def _count(context, *arguments):
    return float(sum(len(a) if is_sequence(a) else a is not None for a in arguments))


def _count_non_empty(context, *arguments):
    return float(sum(to_string(item) != "" for item in flatten(arguments)))


def _extreme(pick):
    def extreme(context, *arguments):
        numbers = [to_number(item) for item in flatten(arguments) if not is_empty(item)]
        if not numbers or any(map(math.isnan, numbers)):
            return NAN
        return pick(numbers)
    return extreme


AGGREGATE_FUNCTIONS = MappingProxyType({
    "sum": Function(1, UNLIMITED, _sum),
    "count": Function(1, UNLIMITED, _count),
    "count-non-empty": Function(1, UNLIMITED, _count_non_empty),
    "min": Function(1, UNLIMITED, _extreme(min)),
    "max": Function(1, UNLIMITED, _extreme(max)),
})
