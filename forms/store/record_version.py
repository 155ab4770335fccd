"""One version of a record, as stored or as it travels in a workbook, with its canonical content and hash."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from forms.model import FieldType, FormDefinition
from forms.store.lineage import effective

SYSTEM_KEYS = (
    "id", "form_id", "form_version", "revision", "status", "created_at", "updated_at",
    "inspector", "device_id", "district", "street", "community", "estate", "building_code",
    "address", "lat", "lon",
)
FAST_FLOAT_CHARS = 15


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
    vector: Mapping[str, int] = field(default_factory=dict)    # saves per device (forms.store.lineage)
    last_section: str | None = None     # where the wizard left off on this computer; never exchanged

    @property
    def is_final(self) -> bool:
        """Tell whether the record has been finalized."""
        return self.status == "final"

    def content(self) -> dict[str, Any]:
        """Return the whole version as JSON-ready data; empty answers dropped.

        Floats are expected at 16 significant digits already (what a cell holds): the store
        reader and the workbook reader both canonicalise them with `canonical_float`.
        """
        data = self._head(self.answers)
        data["calculated"] = self.calculated
        data["summary"] = self.summary
        data["findings"] = list(self.findings)
        return data

    def derived_text(self) -> str:
        """Return the canonical JSON of what the assessment computed (the hidden 计算数据 cell)."""
        return self._cached("_derived_text", lambda: canonical_text(
            {"calculated": self.calculated, "summary": self.summary, "findings": list(self.findings)}))

    def head_text(self) -> str:
        """Return the canonical JSON of the system columns and the answers."""
        return self._cached("_head_text", lambda: canonical_text(self._head(self.answers)))

    def _head(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """System columns and answers; the vector only when known, so older exports keep their hashes."""
        data = {key: getattr(self, key) for key in SYSTEM_KEYS}
        if self.vector:
            data["vector"] = dict(self.vector)
        data["answers"] = canonical_answers(answers)
        return data

    def lineage(self) -> dict[str, int]:
        """The version vector, or {device_id: revision} for a version saved before vectors existed."""
        return effective(self.vector, self.device_id, self.revision)

    def content_hash(self) -> str:
        """Return a hash equal for equal content, whatever spreadsheet produced the cells."""
        return self._cached("_content_hash", lambda: content_hash_of(self.head_text(), self.derived_text()))

    def masked_content_hash(self, keys: frozenset[str]) -> str:
        """Return `self.without(keys).content_hash()`, reusing this version's derived text."""
        if not keys.intersection(self.answers):
            return self.content_hash()
        cached = self.__dict__.get("_masked_hash")
        if cached is not None and cached[0] == keys:
            return cached[1]
        data = self._head({k: v for k, v in self.answers.items() if k not in keys})
        value = content_hash_of(canonical_text(data), self.derived_text())
        object.__setattr__(self, "_masked_hash", (keys, value))
        return value

    def _cached(self, name: str, compute):
        # Versions never change, so derived texts are computed once and kept on the instance.
        value = self.__dict__.get(name)
        if value is None:
            value = compute()
            object.__setattr__(self, name, value)
        return value

    def winner_key(self) -> tuple[int, str, str]:
        """Order versions: higher revision, then later update, then content hash."""
        return (self.revision, self.updated_at, self.content_hash())

    def without(self, keys: frozenset[str]) -> RecordVersion:
        """Return this version with the answers in `keys` removed (e.g. masked personal data)."""
        if not keys.intersection(self.answers):
            return self
        return replace(self, answers={k: v for k, v in self.answers.items() if k not in keys})


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)


def canonical_text(data: object) -> str:
    return _ENCODER.encode(data)


def content_hash_of(head_text: str, derived_text: str) -> str:
    digest = hashlib.sha256(head_text.encode("utf-8"))
    digest.update(b"\n")
    digest.update(derived_text.encode("utf-8"))
    return digest.hexdigest()[:32]


def canonical_float(text: str) -> float:
    """Parse a JSON float as a spreadsheet cell gives it back: at 16 significant digits.

    Text of at most 15 characters has at most 15 significant digits, and such a number already
    reads back unchanged at 16 digits: the 16-digit rounding lies no farther from it than the text
    does, so inside the same rounding interval. The one exception is a power of two, whose interval
    is narrower below; those take the general path.
    """
    number = float(text)
    if len(text) <= FAST_FLOAT_CHARS and abs(math.frexp(number)[0]) != 0.5:
        return number
    return float("%.16g" % number)


_DECODER = json.JSONDecoder(parse_float=canonical_float)


def canonical_number(value: float | None) -> float | None:
    return None if value is None else float("%.16g" % value)


def loads(text: str | None, default: object = None) -> object:
    """Decode JSON text with floats canonicalised."""
    if text is None:
        return default
    return _DECODER.decode(text)


def canonical_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty answers (an empty cell cannot tell them apart), in repeat rows too."""
    result = {}
    for key, value in answers.items():
        kind = type(value)
        if kind is str or kind is int or kind is float:     # common scalars: kept unless empty text
            if value != "":
                result[key] = value
            continue
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list) and (type(value[0]) is dict or isinstance(value[0], Mapping)):
            value = [{k: v for k, v in row.items() if v is not None and v != "" and v != []}
                     if isinstance(row, Mapping) else row for row in value]
        result[key] = value
    return result


def version_of_content(data: Mapping[str, Any]) -> RecordVersion:
    """Rebuild a version from its canonical content."""
    fields = dict(data)
    fields["findings"] = tuple(fields.get("findings") or ())
    fields["revision"] = int(fields["revision"])
    return RecordVersion(**fields)


def sensitive_keys(form: FormDefinition) -> frozenset[str]:
    """Return the keys of the form's personal-data fields."""
    return frozenset(f.key for f in form.fields() if f.sensitive and f.type is not FieldType.REPEAT)
