"""Compact JSON text for the store's JSON columns."""

from __future__ import annotations

import json

from forms.store.errors import store_error


def to_json(value: object, *, key: str = "") -> str:
    """Encode `value` as compact JSON keeping CJK readable; refuse NaN and infinity."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise store_error("store-010", key=key or "answers", detail=str(error)) from error


def canonical_json(value: object) -> str:
    """Encode `value` with sorted keys so equal content gives equal text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)


def from_json(text: str | None, default: object = None) -> object:
    """Decode JSON column text; NULL gives `default`."""
    if text is None:
        return default
    return json.loads(text)
