"""String functions, with Collect's (JavaRosa's) results for odd input."""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType

from forms.expressions.signature import UNLIMITED, Function, flatten
from forms.expressions.values import to_string, whole_number

# Java's \s and String.trim(): ASCII white space only, as Collect normalises.
_JAVA_SPACE = " \t\n\x0b\f\r"
_SPACE_RUN = re.compile(f"[{_JAVA_SPACE}]+")


@lru_cache(maxsize=256)
def compiled_pattern(pattern: str) -> re.Pattern | None:
    """Compile `pattern` once; None when it is not a valid regular expression."""
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _own_value(context, values: tuple) -> object:
    """The single argument, or without one the field's own value (`.`)."""
    return values[0] if values else context.current


def _string_length(context, *value):
    return float(len(to_string(_own_value(context, value))))


def _normalize_space(context, *value):
    return _SPACE_RUN.sub(" ", to_string(_own_value(context, value))).strip(_JAVA_SPACE)


def _concat(context, *values):
    # A repeat column contributes each row's value, joined without spaces as in Collect.
    return "".join(map(to_string, flatten(values)))


def _join(context, separator, *values):
    return to_string(separator).join(map(to_string, flatten(values)))


def _substr(context, value, start, end=None):
    """Characters from `start` up to `end` (0-based); negative indices count from the end."""
    text = to_string(value)
    length = len(text)
    first = whole_number(start)
    last = length if end is None else whole_number(end)
    first, last = (length + n if n < 0 else n for n in (first, last))
    first, last = (max(0, min(length, n)) for n in (first, last))
    return text[first:last] if first <= last else ""


def _substring_before(context, value, target):
    text, part = to_string(value), to_string(target)
    position = text.find(part)
    return text[:position] if position >= 0 else ""


def _substring_after(context, value, target):
    text, part = to_string(value), to_string(target)
    position = text.find(part)
    return text[position + len(part):] if position >= 0 else ""


def _translate(context, value, source_chars, target_chars):
    """Replace each character of `source_chars` by the one at the same place in `target_chars`.

    Characters past the end of `target_chars` are deleted; the first mapping of a character wins.
    """
    sources, targets = to_string(source_chars), to_string(target_chars)
    table: dict[int, str | None] = {}
    for index, char in enumerate(sources):
        table.setdefault(ord(char), targets[index] if index < len(targets) else None)
    return to_string(value).translate(table)


def _regex(context, value, pattern):
    # A full match, as Collect's Pattern.matches and the ODK docs ("exact and complete").
    compiled = compiled_pattern(to_string(pattern))
    return bool(compiled and compiled.fullmatch(to_string(value)))


def _text_test(test):
    return lambda context, text, part: test(to_string(text), to_string(part))


TEXT_FUNCTIONS = MappingProxyType({
    "string": Function(1, 1, lambda context, value: to_string(value)),
    "string-length": Function(0, 1, _string_length),
    "normalize-space": Function(0, 1, _normalize_space),
    "concat": Function(0, UNLIMITED, _concat),
    "join": Function(1, UNLIMITED, _join),
    "substr": Function(2, 3, _substr),
    "substring-before": Function(2, 2, _substring_before),
    "substring-after": Function(2, 2, _substring_after),
    "translate": Function(3, 3, _translate),
    "contains": Function(2, 2, _text_test(lambda text, part: part in text)),
    "starts-with": Function(2, 2, _text_test(str.startswith)),
    "ends-with": Function(2, 2, _text_test(str.endswith)),
    "regex": Function(2, 2, _regex),
})
