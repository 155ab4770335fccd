"""Read and write answers by path: "key" or "repeat_key[row].key"."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping

_ROW_PATH = re.compile(r"^(?P<repeat>[^\[]+)\[(?P<row>\d+)\]\.(?P<key>.+)$")


def split_path(path: str) -> tuple[str, int | None, str | None]:
    """Return (top key, row, key in row) of a path; row and key are None at the top level."""
    match = _ROW_PATH.match(path)
    if match is None:
        return path, None, None
    return match["repeat"], int(match["row"]), match["key"]


def is_blank(value: object) -> bool:
    """Tell whether a value means "not answered"."""
    return value is None or value == "" or value == [] or value == {}


def value_at(answers: Mapping[str, object], path: str) -> object:
    """Return the answer at `path`, or None."""
    top, row, key = split_path(path)
    value = answers.get(top)
    if row is None:
        return value
    if not isinstance(value, list) or row >= len(value) or not isinstance(value[row], Mapping):
        return None
    return value[row].get(key)


def with_value(answers: Mapping[str, object], path: str, value: object) -> dict[str, object]:
    """Return a copy of `answers` with `path` set to `value` (blank values are removed)."""
    result = dict(answers)
    top, row, key = split_path(path)
    if row is None:
        _put(result, top, value)
        return result
    rows = copy.deepcopy(result.get(top)) if isinstance(result.get(top), list) else []
    while len(rows) <= row:
        rows.append({})
    _put(rows[row], key, value)
    result[top] = rows
    return result


def _put(target: dict, key: str, value: object) -> None:
    if is_blank(value):
        target.pop(key, None)
    else:
        target[key] = copy.deepcopy(value)
