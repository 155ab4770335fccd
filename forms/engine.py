"""The form engine: relevance, calculations and validation of one record's answers.

Answers of fields that become irrelevant are kept in the record (the inspector
may switch the condition back), but they are neither validated nor counted:
every expression, rule and indicator sees an irrelevant field as empty.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from forms.expressions import Expression, ExpressionError, parse, truthy
from forms.field_checks import field_errors, is_empty
from forms.model import Field, FieldType, FormDefinition

EMPTY = ""


@functools.lru_cache(maxsize=8192)
def compiled(source: str) -> Expression:
    """Parse an expression once; definitions were validated at load time."""
    return parse(source)


def row_path(repeat_key: str, row: int, key: str) -> str:
    """Return the path of a field inside a repeat row ("jgj_components[2].total_count", rows from 0)."""
    return f"{repeat_key}[{row}].{key}"


@dataclass(frozen=True)
class Evaluation:
    """What the engine knows about one record's answers."""

    form: FormDefinition
    relevant: frozenset[str]
    errors: Mapping[str, tuple[str, ...]]
    calculated: Mapping[str, object]

    @property
    def can_finalize(self) -> bool:
        return not self.errors

    def section_state(self, section_key: str) -> str:
        """Return "errors", "complete" or "empty" for the side list of the wizard."""
        section = next(s for s in self.form.sections if s.key == section_key)
        keys = {f.key for f in section.fields}
        if any(_top_key(path) in keys for path in self.errors):
            return "errors"
        answered = any(k in self.relevant for k in keys)
        return "complete" if answered else "empty"

    def missing(self) -> list[tuple[str, str, str, str]]:
        """List (section key, path, label, message) of every problem, in form order."""
        found = []
        for section in self.form.sections:
            keys = {f.key for f in section.fields}
            for path, messages in self.errors.items():
                if _top_key(path) in keys:
                    label = self.form.field(_leaf_key(path)).label
                    found += [(section.key, path, label, message) for message in messages]
        return found


def _top_key(path: str) -> str:
    return path.split("[", 1)[0]


def _leaf_key(path: str) -> str:
    return path.rsplit(".", 1)[-1] if "[" in path else path


class _Context:
    """Lazily resolves relevance and values, memoised, for one evaluation."""

    def __init__(self, form: FormDefinition, answers: Mapping[str, object], today: dt.date) -> None:
        self.form = form
        self.answers = answers
        self.today = today
        self.fields = {f.key: f for f in form.fields()}
        self.repeat_of = {child.key: f for f in self.fields.values()
                          if f.type is FieldType.REPEAT for child in f.fields}
        self.section_relevant_source = {f.key: s.relevant for s in form.sections for f in _flat(s.fields)}
        self.memo: dict[tuple, object] = {}
        self.in_progress: set[tuple] = set()

    def rows(self, repeat_key: str) -> list[Mapping[str, object]]:
        """Return the repeat's rows, built once per evaluation (lookups ask for them per row)."""
        memo_key = ("rows", repeat_key)
        if memo_key not in self.memo:
            rows = self.answers.get(repeat_key)
            self.memo[memo_key] = [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []
        return self.memo[memo_key]

    def expression_value(self, source: str, row: tuple[str, int] | None, current: object = None) -> object:
        return compiled(source).evaluate(
            lambda name: self.lookup(name, row), current=current, today=self.today,
            choice_label=self.choice_label)

    def choice_label(self, key: str, code: str) -> str:
        """Give jr:choice-name the label of `code` in field `key`'s choices ('' when unknown)."""
        item = self.fields.get(key)
        choices = item.choices if item is not None else ()
        return next((choice.label for choice in choices if choice.code == code), "")

    def lookup(self, name: str, row: tuple[str, int] | None) -> object:
        """Resolve ${name} as seen from the top level or from inside a repeat row."""
        if name not in self.fields:
            parameter = self.form.parameters.get(name)
            return EMPTY if parameter is None else parameter.value
        owner = self.repeat_of.get(name)
        if owner is None:
            return self.expression_form(name, None)
        if row is not None and row[0] == owner.key:
            return self.expression_form(name, row)
        return [self.expression_form(name, (owner.key, i)) for i in range(len(self.rows(owner.key)))]

    def expression_form(self, key: str, row: tuple[str, int] | None) -> object:
        value = self.value(key, row)
        return _as_expression_value(self.fields[key], value)

    def memoised(self, memo_key: tuple, compute, while_computing: object) -> object:
        """Compute once per evaluation; a reference back into itself sees `while_computing`."""
        if memo_key in self.memo:
            return self.memo[memo_key]
        if memo_key in self.in_progress:
            return while_computing
        self.in_progress.add(memo_key)
        result = compute()
        self.in_progress.discard(memo_key)
        self.memo[memo_key] = result
        return result

    def value(self, key: str, row: tuple[str, int] | None) -> object:
        """Return the answer or calculated value of a field, or None when irrelevant."""
        return self.memoised(("value", key, row), lambda: self._value(key, row), None)

    def _value(self, key: str, row: tuple[str, int] | None) -> object:
        item = self.fields[key]
        if not self.is_relevant(key, row):
            return None
        return self.calculate(item, row) if item.type is FieldType.CALCULATE else self.answer(key, row)

    def answer(self, key: str, row: tuple[str, int] | None) -> object:
        if row is None:
            return self.answers.get(key)
        rows = self.rows(row[0])
        return rows[row[1]].get(key) if row[1] < len(rows) else None

    def calculate(self, item: Field, row: tuple[str, int] | None) -> object:
        try:
            raw = self.expression_value(item.calculation, row)
        except ExpressionError:
            return None
        return _typed_calculation(item, raw)

    def is_relevant(self, key: str, row: tuple[str, int] | None) -> bool:
        return self.memoised(("relevant", key, row), lambda: self._relevance(key, row), True)

    def _relevance(self, key: str, row: tuple[str, int] | None) -> bool:
        owner = self.repeat_of.get(key)
        if owner is not None and not self.is_relevant(owner.key, None):
            return False
        sources = [self.section_relevant_source.get(key), self.fields[key].relevant]
        for source in filter(None, sources):
            try:
                if not truthy(self.expression_value(source, row)):
                    return False
            except ExpressionError:
                return False
        return True

    def constraint_holds(self, item: Field, value: object, row: tuple[str, int] | None) -> bool:
        try:
            current = _as_expression_value(item, value)
            return truthy(self.expression_value(item.constraint, row, current=current))
        except ExpressionError:
            return False


def _flat(fields: tuple[Field, ...]):
    for item in fields:
        yield item
        yield from _flat(item.fields)


def _as_expression_value(item: Field, value: object) -> object:
    """Turn a stored answer into what XLSForm expressions see (ODK conventions)."""
    if value is None:
        return EMPTY
    if item.type in (FieldType.SELECT_MULTIPLE,) and isinstance(value, list):
        return " ".join(str(v) for v in value)
    if item.type is FieldType.PHOTOS and isinstance(value, list):
        # A list, so that count(.) counts photos; no photos reads as empty.
        return [str(p.get("sha256", "")) for p in value if isinstance(p, Mapping)] or EMPTY
    if item.type is FieldType.GEOPOINT and isinstance(value, Mapping):
        return f"{value.get('lat', '')} {value.get('lon', '')}".strip()
    if item.type is FieldType.REPEAT and isinstance(value, list):
        return len(value)
    return value


def _typed_calculation(item: Field, raw: object) -> object:
    """Cast a calculation result to the field's value_type; NaN, ±Infinity and '' become None."""
    if raw is None or raw == EMPTY or (isinstance(raw, float) and not math.isfinite(raw)):
        return None
    kind = item.value_type or "text"
    try:
        if kind == "integer":
            return int(round(float(raw)))
        if kind == "decimal":
            number = float(raw)
            return number if math.isfinite(number) else None
    except (TypeError, ValueError, OverflowError):
        return None
    if isinstance(raw, bool) and kind in ("text", "yes_no"):
        return ("yes" if raw else "no") if kind == "yes_no" else str(raw).lower()
    return raw if isinstance(raw, (int, float)) and kind == "text" else str(raw)


def evaluate(form: FormDefinition, answers: Mapping[str, object], *, today: dt.date | None = None) -> Evaluation:
    """Tell which fields are relevant, each field's errors, every calculated value."""
    context = _Context(form, answers or {}, today or dt.date.today())
    relevant: set[str] = set()
    errors: dict[str, tuple[str, ...]] = {}
    calculated: dict[str, object] = {}
    for section in form.sections:
        for item in section.fields:
            _visit(context, item, None, relevant, errors, calculated)
    return Evaluation(form=form, relevant=frozenset(relevant), errors=MappingProxyType(errors),
                      calculated=MappingProxyType(calculated))


def _visit(context: _Context, item: Field, row, relevant, errors, calculated) -> None:
    path = item.key if row is None else row_path(row[0], row[1], item.key)
    if not context.is_relevant(item.key, row):
        if item.type is FieldType.CALCULATE and row is None:
            calculated[item.key] = None
        return
    relevant.add(path)
    if item.type is FieldType.CALCULATE:
        value = context.value(item.key, row)
        if row is None:
            calculated[item.key] = value
        else:
            calculated.setdefault(item.key, [None] * len(context.rows(row[0])))[row[1]] = value
        return
    if item.type is FieldType.NOTE:
        return
    value = context.answer(item.key, row)
    problems = field_errors(item, value, context.today)
    if not problems and not is_empty(value) and item.constraint and not context.constraint_holds(item, value, row):
        problems = [item.constraint_message or f"{item.label}不符合填写要求"]
    if problems:
        errors[path] = tuple(problems)
    if item.type is FieldType.REPEAT:
        for index in range(len(context.rows(item.key))):
            for child in item.fields:
                _visit(context, child, (item.key, index), relevant, errors, calculated)
