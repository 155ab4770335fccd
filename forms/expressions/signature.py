"""What every expression function declares, and the argument helpers the families share."""

from __future__ import annotations

from typing import Callable, NamedTuple

from forms.expressions.values import is_sequence, to_string

UNLIMITED = None


class Function(NamedTuple):
    """A function's arity and implementation: `implementation(context, *arguments)`.

    `step` 2 means that past `min_args` the arguments come in pairs
    (weighted-checklist's response, weight).
    """

    min_args: int
    max_args: int | None
    implementation: Callable
    step: int = 1

    def accepts(self, count: int) -> bool:
        """Return whether a call with `count` arguments is well formed."""
        if count < self.min_args or (self.max_args is not None and count > self.max_args):
            return False
        return (count - self.min_args) % self.step == 0

    def arity(self) -> str:
        """Describe the accepted argument counts in Chinese, for expr-005."""
        low, high = self.min_args, self.max_args
        if self.step > 1:
            return f"{low}、{low + self.step}、{low + 2 * self.step}…（成对增加）"
        if high is None:
            return f"至少 {low}"
        return str(low) if low == high else f"{low} 到 {high}"


def flatten(arguments: tuple) -> list:
    """Flatten arguments: a list (a repeat column) contributes its elements, anything else itself."""
    items: list = []
    for argument in arguments:
        if is_sequence(argument):
            items.extend(argument)
        else:
            items.append(argument)
    return items


def codes(value: object) -> list[str]:
    """Return the choice codes of a select_multiple value (a list or a space-separated string)."""
    if is_sequence(value):
        return [to_string(item) for item in value]
    return to_string(value).split()
