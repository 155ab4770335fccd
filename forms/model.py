"""Typed, read-only model of a survey form definition."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class FieldType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    YEAR = "year"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    YES_NO = "yes_no"
    PHOTOS = "photos"
    GEOPOINT = "geopoint"
    NOTE = "note"
    CALCULATE = "calculate"
    REPEAT = "repeat"


NUMERIC_TYPES = frozenset({FieldType.INTEGER, FieldType.DECIMAL, FieldType.YEAR})
CHOICE_TYPES = frozenset({FieldType.SELECT_ONE, FieldType.SELECT_MULTIPLE, FieldType.YES_NO})
NON_INPUT_TYPES = frozenset({FieldType.NOTE, FieldType.CALCULATE, FieldType.REPEAT})

# Values the `value_type` of a calculate field may take.
CALCULATED_VALUE_TYPES = frozenset({"text", "integer", "decimal", "select_one", "yes_no"})

YES_NO_CHOICES_NAME = "yes_no"


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class Field:
    key: str
    type: FieldType
    label: str
    hint: str = ""
    required: bool = False
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: str = ""
    calculation: str | None = None
    value_type: str = ""
    unit: str = ""
    minimum: float | str | None = None
    maximum: float | str | None = None
    choices: tuple[Choice, ...] = ()
    choice_list: str = ""
    appearance: str = ""
    min_photos: int = 0
    sensitive: bool = False
    fields: tuple[Field, ...] = ()
    min_rows: int = 0
    max_rows: int | None = None

    @property
    def is_input(self) -> bool:
        return self.type not in NON_INPUT_TYPES

    def choice_label(self, code: object) -> str:
        """Return the Chinese label of a choice code, or the code itself when unknown."""
        for choice in self.choices:
            if choice.code == code:
                return choice.label
        return "" if code is None else str(code)

    def choice_codes(self) -> tuple[str, ...]:
        return tuple(choice.code for choice in self.choices)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...]
    relevant: str | None = None


@dataclass(frozen=True)
class Parameter:
    key: str
    value: object
    label: str = ""
    unit: str = ""
    source: str = ""


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: str
    title: str
    sections: tuple[Section, ...]
    parameters: Mapping[str, Parameter] = field(default_factory=lambda: MappingProxyType({}))
    description: str = ""
    source_name: str = ""

    def fields(self) -> Iterator[Field]:
        """Yield every field, repeats before the fields of their rows."""
        for section in self.sections:
            yield from _walk(section.fields)

    def field(self, key: str) -> Field:
        for candidate in self.fields():
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def has_field(self, key: str) -> bool:
        return any(candidate.key == key for candidate in self.fields())

    def repeat_of(self, key: str) -> Field | None:
        """Return the repeat group holding field `key`, or None for a top-level field."""
        for candidate in self.fields():
            if candidate.type is FieldType.REPEAT and any(f.key == key for f in candidate.fields):
                return candidate
        return None

    def section_of(self, key: str) -> Section:
        for section in self.sections:
            if any(f.key == key for f in _walk(section.fields)):
                return section
        raise KeyError(key)

    def parameter(self, key: str) -> object:
        return self.parameters[key].value


def _walk(fields: tuple[Field, ...]) -> Iterator[Field]:
    for item in fields:
        yield item
        if item.type is FieldType.REPEAT:
            yield from _walk(item.fields)
