"""The view of one record a rule reads: relevant answers, calculated values, parameters."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

from forms.model import FieldType, FormDefinition
from forms.rules.errors import RuleError

_ROW_PATH = re.compile(r"^(?P<repeat>[a-z][a-z0-9_]*)\[(?P<index>\d+)\]\.(?P<key>[a-z][a-z0-9_]*)$")


@dataclass(frozen=True)
class RuleInput:
    """Answers with irrelevant fields removed, so rules never see what the form hides."""

    form: FormDefinition
    answers: Mapping[str, object]
    calculated: Mapping[str, object] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    summary: Mapping[str, object] = field(default_factory=dict)  # facts of rules run earlier

    @classmethod
    def from_evaluation(cls, form: FormDefinition, answers: Mapping[str, object], evaluation,
                        *, today: date | None = None) -> RuleInput:
        """Build the view from the engine's evaluation: relevant answers that pass their checks."""
        usable = evaluation.relevant - frozenset(evaluation.errors)
        relevant_answers = only_relevant(form, answers, usable)
        return cls(form=form, answers=MappingProxyType(relevant_answers),
                   calculated=MappingProxyType(dict(evaluation.calculated)), today=today or date.today())

    def with_summary(self, summary: Mapping[str, object]) -> RuleInput:
        return replace(self, summary=MappingProxyType(dict(summary)))

    def value(self, key: str) -> object | None:
        """Return the answer of `key`, None when empty or irrelevant."""
        value = self.answers.get(key)
        return None if value in ("", [], None) else value

    def text(self, key: str) -> str:
        value = self.value(key)
        return "" if value is None else str(value)

    def number(self, key: str) -> float | None:
        return as_number(self.value(key))

    def is_yes(self, key: str) -> bool:
        return self.value(key) == "yes"

    def is_no(self, key: str) -> bool:
        return self.value(key) == "no"

    def selected(self, key: str) -> tuple[str, ...]:
        value = self.value(key)
        return tuple(str(code) for code in value) if isinstance(value, (list, tuple)) else ()

    def rows(self, key: str) -> tuple[Mapping[str, object], ...]:
        value = self.value(key)
        return tuple(row for row in value if isinstance(row, Mapping)) if isinstance(value, list) else ()

    def calc(self, key: str) -> object | None:
        value = self.calculated.get(key)
        if value in ("", None) or (isinstance(value, float) and math.isnan(value)):
            return None
        return value

    def param(self, key: str) -> object:
        """Return a parameter's value; a missing one is a definition problem (rule-001)."""
        if key not in self.form.parameters:
            raise RuleError.make("rule-001", f"{self.form.source_name or self.form.id}", key=key)
        return self.form.parameters[key].value

    def param_number(self, key: str) -> float:
        value = self.param(key)
        number = as_number(value)
        if number is None:
            raise RuleError.make("rule-002", f"{self.form.source_name or self.form.id}", key=key, value=value)
        return number

    def param_source(self, key: str) -> str:
        return self.form.parameters[key].source if key in self.form.parameters else ""

    def choice_label(self, key: str, code: object) -> str:
        return self.form.field(key).choice_label(code) if self.form.has_field(key) else str(code)

    def age_since(self, year_key: str) -> int | None:
        """Return whole years from the year in `year_key` to today's year."""
        year = self.number(year_key)
        return None if year is None else self.today.year - int(year)


def as_number(value: object) -> float | None:
    """Return `value` as a finite float, or None for empty and non-numeric values."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def only_relevant(form: FormDefinition, answers: Mapping[str, object], relevant: frozenset[str]) -> dict:
    """Return the answers of relevant fields; repeat rows keep only their relevant cells."""
    kept = {}
    row_paths = _row_paths(relevant)
    for key, value in answers.items():
        if key not in relevant:
            continue
        if form.has_field(key) and form.field(key).type is FieldType.REPEAT and isinstance(value, list):
            kept[key] = [_relevant_cells(row, row_paths.get((key, index), frozenset()))
                         for index, row in enumerate(value) if isinstance(row, Mapping)]
        else:
            kept[key] = value
    return kept


def _row_paths(relevant: frozenset[str]) -> dict[tuple[str, int], frozenset[str]]:
    cells: dict[tuple[str, int], set[str]] = {}
    for path in relevant:
        match = _ROW_PATH.match(path)
        if match:
            cells.setdefault((match["repeat"], int(match["index"])), set()).add(match["key"])
    return {place: frozenset(keys) for place, keys in cells.items()}


def _relevant_cells(row: Mapping[str, object], keys: frozenset[str]) -> dict:
    return {key: value for key, value in row.items() if key in keys}
