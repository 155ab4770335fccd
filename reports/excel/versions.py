"""One version of a record as it travels in a workbook, with its canonical content and hash."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from forms.model import FieldType, FormDefinition

SYSTEM_KEYS = (
    "id", "form_id", "form_version", "revision", "status", "created_at", "updated_at",
    "inspector", "device_id", "district", "street", "community", "estate", "building_code",
    "address", "lat", "lon",
)
EMPTY_VALUES = (None, "", [], {})


@dataclass(frozen=True)
class RecordVersion:
    """A record's system columns, answers and derived data, as exported at one revision."""

    id: str
    form_id: str
    form_version: str
    revision: int
    status: str
    created_at: str
    updated_at: str
    inspector: str
    device_id: str
    district: str | None = None
    street: str | None = None
    community: str | None = None
    estate: str | None = None
    building_code: str | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    answers: Mapping[str, Any] = field(default_factory=dict)
    calculated: Mapping[str, Any] = field(default_factory=dict)
    summary: Mapping[str, Any] = field(default_factory=dict)
    findings: tuple[Mapping[str, Any], ...] = ()

    def content(self) -> dict[str, Any]:
        """Return the whole version as canonical JSON-ready data."""
        data = {key: canonical_value(getattr(self, key)) for key in SYSTEM_KEYS}
        data["answers"] = canonical_answers(self.answers)
        data["calculated"] = canonical_value(dict(self.calculated))
        data["summary"] = canonical_value(dict(self.summary))
        data["findings"] = canonical_value(list(self.findings))
        return data

    def content_hash(self) -> str:
        """Return a hash equal for equal content, whatever spreadsheet produced the cells."""
        cached = self.__dict__.get("_content_hash")
        if cached is None:
            cached = hashlib.sha256(canonical_text(self.content()).encode("utf-8")).hexdigest()[:32]
            object.__setattr__(self, "_content_hash", cached)  # versions never change: compute once
        return cached

    def winner_key(self) -> tuple[int, str, str]:
        """Order versions: higher revision, then later update, then content hash."""
        return (self.revision, self.updated_at, self.content_hash())

    def without(self, keys: frozenset[str]) -> RecordVersion:
        """Return this version with the answers in `keys` removed (e.g. masked personal data)."""
        if not keys.intersection(self.answers):
            return self
        return replace(self, answers={k: v for k, v in self.answers.items() if k not in keys})


def canonical_text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)


def canonical_value(value: object) -> object:
    """Return `value` as a spreadsheet would give it back: floats at 16 digits, tuples as lists."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return float("%.16g" % value)
    if isinstance(value, Mapping):
        return {str(k): canonical_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical_value(v) for v in value]
    return value


def canonical_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty answers (an empty cell cannot tell them apart) and canonicalise the rest."""
    result = {}
    for key, value in answers.items():
        if isinstance(value, list) and value and all(isinstance(row, Mapping) for row in value):
            value = [canonical_row(row) for row in value]
        if value in EMPTY_VALUES:
            continue
        result[str(key)] = canonical_value(value)
    return result


def canonical_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): canonical_value(v) for k, v in row.items() if v not in EMPTY_VALUES}


def sensitive_keys(form: FormDefinition) -> frozenset[str]:
    """Return the keys of the form's personal-data fields."""
    return frozenset(f.key for f in form.fields() if f.sensitive and f.type is not FieldType.REPEAT)
