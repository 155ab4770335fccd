"""What the store derives from answers: place columns, photo references, JSON-safe values."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from enum import Enum

from forms.store.place import PLACE_KEYS

LOCATION_KEY = "location"
INSPECTOR_KEY = "inspector"


def place_columns(answers: Mapping[str, object]) -> dict[str, object]:
    """Return the indexed place columns (district … address, lat, lon) from answers."""
    columns: dict[str, object] = {key: _text(answers.get(key)) for key in PLACE_KEYS}
    location = answers.get(LOCATION_KEY)
    location = location if isinstance(location, Mapping) else {}
    columns["lat"] = _number(location.get("lat"))
    columns["lon"] = _number(location.get("lon"))
    return columns


def answered_inspector(answers: Mapping[str, object]) -> str | None:
    """Return the inspector named in the header answers, if any."""
    return _text(answers.get(INSPECTOR_KEY))


def photo_references(value: object) -> set[str]:
    """Return the sha256 of every photo mentioned anywhere in `value` (repeat rows included)."""
    return set(_walk_photos(value))


def _walk_photos(value: object) -> Iterator[str]:
    if isinstance(value, Mapping):
        sha256 = value.get("sha256")
        if isinstance(sha256, str) and sha256:
            yield sha256
        for item in value.values():
            yield from _walk_photos(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_photos(item)


def json_safe(value: object) -> object:
    """Turn engine output into plain JSON values: NaN → None, dates → ISO text, tuples → lists."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Enum):
        return json_safe(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return json_safe(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(item) for item in value]
    return str(value)


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None
