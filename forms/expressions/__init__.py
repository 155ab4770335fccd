"""The XLSForm expression language: parse once with `parse`, evaluate many times."""

from __future__ import annotations

from forms.expressions.errors import ExpressionError
from forms.expressions.evaluator import Expression
from forms.expressions.functions import FUNCTION_NAMES
from forms.expressions.parser import parse_tree
from forms.expressions.values import truthy

__all__ = ["Expression", "ExpressionError", "FUNCTION_NAMES", "parse", "truthy"]


def parse(source: str) -> Expression:
    """Parse `source`; raise ExpressionError (code expr-NNN, with position) if it is invalid."""
    return Expression(source, parse_tree(source))
