"""Control flow and true/false functions: if, coalesce, once, boolean conversions, checklists."""

from __future__ import annotations

import math
from types import MappingProxyType

from forms.expressions.signature import UNLIMITED, Function, flatten
from forms.expressions.values import is_missing, is_sequence, to_number, to_string, truthy, whole_number


def _if(context, condition, then, otherwise):
    return then if truthy(condition) else otherwise


def _coalesce(context, first, second):
    # NaN counts as empty, so `coalesce(${a} * ${b}, 0)` gives 0 when a or b is unanswered.
    return second if is_missing(first) else first


def _once(context, value):
    """Keep the field's own value once it has one; otherwise take `value`."""
    return value if is_missing(context.current) else context.current


def _boolean_from_string(context, value):
    text = to_string(value)
    return text.lower() == "true" or text == "1"


def _checked(response: object) -> bool:
    """A checklist response counts when it is exactly 'yes' (ODK docs) or a true comparison."""
    return response is True or to_string(response) == "yes"


def _within(count: float, low: float, high: float) -> bool:
    """Return whether `count` is between the bounds; a bound of -1 does not apply."""
    return (low == -1 or count >= low) and (high == -1 or count <= high)


def _checklist(context, low, high, *responses):
    count = sum(_checked(response) for response in flatten(responses))
    return _within(count, whole_number(low), whole_number(high))


def _weighted_checklist(context, low, high, *pairs):
    responses, weights = _pairs(pairs)
    if len(responses) != len(weights):
        return False
    total = math.fsum(to_number(weight) for response, weight in zip(responses, weights)
                      if _checked(response))
    return _within(total, to_number(low), to_number(high))


def _pairs(pairs: tuple) -> tuple[list, list]:
    """Split (response, weight, ...) or (response column, weight column) into two lists."""
    if len(pairs) == 2 and is_sequence(pairs[0]) and is_sequence(pairs[1]):
        return list(pairs[0]), list(pairs[1])
    return list(pairs[0::2]), list(pairs[1::2])


LOGIC_FUNCTIONS = MappingProxyType({
    "if": Function(3, 3, _if),
    "coalesce": Function(2, 2, _coalesce),
    "once": Function(1, 1, _once),
    "not": Function(1, 1, lambda context, value: not truthy(value)),
    "true": Function(0, 0, lambda context: True),
    "false": Function(0, 0, lambda context: False),
    "boolean": Function(1, 1, lambda context, value: truthy(value)),
    "boolean-from-string": Function(1, 1, _boolean_from_string),
    "checklist": Function(2, UNLIMITED, _checklist),
    "weighted-checklist": Function(2, UNLIMITED, _weighted_checklist, step=2),
})
