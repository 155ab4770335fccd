"""Functions over select answers: selected, count-selected, selected-at, jr:choice-name."""

from __future__ import annotations

from types import MappingProxyType

from forms.expressions.signature import Function, codes
from forms.expressions.values import to_string, whole_number


def _selected(context, value, code):
    return to_string(code).strip() in codes(value)


def _count_selected(context, value):
    return float(len([code for code in codes(value) if code]))


def _selected_at(context, value, index):
    """Return the code at 0-based `index`, or '' past either end."""
    chosen, position = codes(value), whole_number(index)
    return chosen[position] if 0 <= position < len(chosen) else ""


def _choice_name(context, value, field):
    """Return the label of code `value` in the choices of `field` ('${key}')."""
    if context.choice_label is None:
        return to_string(value)  # no form to read labels from: the code stands for itself
    return context.choice_label(field_key(to_string(field)), to_string(value))


def field_key(reference: str) -> str:
    """Return the key named by jr:choice-name's second argument: '${key}' or 'key'."""
    text = reference.strip()
    if text.startswith("${") and text.endswith("}"):
        return text[2:-1].strip()
    return text.rsplit("/", 1)[-1]


SELECT_FUNCTIONS = MappingProxyType({
    "selected": Function(2, 2, _selected),
    "count-selected": Function(1, 1, _count_selected),
    "selected-at": Function(2, 2, _selected_at),
    "jr:choice-name": Function(2, 2, _choice_name),
})
