"""Interpret a parsed expression over answer values with ODK semantics."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Callable, NamedTuple

from forms.expressions.functions import FUNCTIONS
from forms.expressions.nodes import Binary, Call, Current, Literal, Negate, Node, Reference, walk
from forms.expressions.values import NAN, to_number, to_string, truthy

Lookup = Callable[[str], object]
ChoiceLabel = Callable[[str, str], str]  # (field key, choice code) -> label, '' when unknown
EQUAL_TOLERANCE = 1e-12  # Collect's: 6.1 - 7.8 = -1.7 holds


class Context(NamedTuple):
    lookup: Lookup
    current: object
    today: date | None
    choice_label: ChoiceLabel | None = None


@dataclass(frozen=True)
class Expression:
    """A parsed expression: parse once, evaluate for every record."""

    source: str
    tree: Node = field(repr=False)
    references: frozenset[str] = field(init=False)
    uses_current: bool = field(init=False)

    def __post_init__(self) -> None:
        nodes = list(walk(self.tree))
        names = frozenset(node.name for node in nodes if isinstance(node, Reference))
        object.__setattr__(self, "references", names)
        object.__setattr__(self, "uses_current", any(isinstance(node, Current) for node in nodes))

    def evaluate(self, lookup: Lookup, *, current: object = None, today: date | None = None,
                 choice_label: ChoiceLabel | None = None) -> object:
        """Return the value for `${name}` values given by `lookup` and `.` given by `current`.

        `choice_label(key, code)` gives jr:choice-name its labels; without it the code is returned.
        """
        return evaluate_node(self.tree, Context(lookup, current, today, choice_label))


def evaluate_node(node: Node, context: Context) -> object:
    """Evaluate one node of the tree."""
    return _NODE_EVALUATORS[type(node)](node, context)


def _literal(node: Literal, context: Context) -> object:
    return node.value


def _reference(node: Reference, context: Context) -> object:
    return context.lookup(node.name)


def _current(node: Current, context: Context) -> object:
    return context.current


def _negate(node: Negate, context: Context) -> float:
    return -to_number(evaluate_node(node.operand, context))


def _call(node: Call, context: Context) -> object:
    arguments = [evaluate_node(argument, context) for argument in node.arguments]
    return FUNCTIONS[node.name].implementation(context, *arguments)


def _binary(node: Binary, context: Context) -> object:
    if node.operator == "and":
        return truthy(evaluate_node(node.left, context)) and truthy(evaluate_node(node.right, context))
    if node.operator == "or":
        return truthy(evaluate_node(node.left, context)) or truthy(evaluate_node(node.right, context))
    left = evaluate_node(node.left, context)
    right = evaluate_node(node.right, context)
    return _OPERATORS[node.operator](left, right)


def _numeric(value: object) -> bool:
    return isinstance(value, (int, float, date)) and not isinstance(value, bool)


def equal(left: object, right: object) -> bool:
    """XPath `=`: booleans as booleans, numbers numerically, anything else as strings."""
    if isinstance(left, bool) or isinstance(right, bool):
        return truthy(left) == truthy(right)
    if _numeric(left) or _numeric(right):
        return abs(to_number(left) - to_number(right)) < EQUAL_TOLERANCE  # NaN equals nothing
    return to_string(left) == to_string(right)


def _relation(test: Callable[[float, float], bool]) -> Callable[[object, object], bool]:
    # NaN compares false with everything, so empty answers never satisfy a bound.
    return lambda left, right: test(to_number(left), to_number(right))


def _divide(left: object, right: object) -> float:
    """IEEE division as in Collect: x div 0 is ±Infinity, 0 div 0 is NaN."""
    dividend, divisor = to_number(left), to_number(right)
    if divisor != 0:
        return dividend / divisor
    if dividend == 0 or math.isnan(dividend):
        return NAN
    return math.copysign(math.inf, dividend) * math.copysign(1.0, divisor)


def _modulo(left: object, right: object) -> float:
    try:
        return math.fmod(to_number(left), to_number(right))
    except ValueError:
        return NAN


_OPERATORS = MappingProxyType({
    "=": equal,
    "!=": lambda left, right: not equal(left, right),
    "<": _relation(lambda a, b: a < b),
    "<=": _relation(lambda a, b: a <= b),
    ">": _relation(lambda a, b: a > b),
    ">=": _relation(lambda a, b: a >= b),
    "+": lambda left, right: to_number(left) + to_number(right),
    "-": lambda left, right: to_number(left) - to_number(right),
    "*": lambda left, right: to_number(left) * to_number(right),
    "div": _divide,
    "mod": _modulo,
})

_NODE_EVALUATORS = MappingProxyType({
    Literal: _literal,
    Reference: _reference,
    Current: _current,
    Negate: _negate,
    Binary: _binary,
    Call: _call,
})
