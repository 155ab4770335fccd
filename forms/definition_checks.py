"""Cross-field checks of a built definition: keys, labels, types, references, cycles."""

from __future__ import annotations

import re
from collections.abc import Iterator

from forms.definition_errors import DefinitionError, did_you_mean
from forms.expressions import ExpressionError, parse
from forms.model import (
    CALCULATED_VALUE_TYPES,
    CHOICE_TYPES,
    NUMERIC_TYPES,
    Field,
    FieldType,
    FormDefinition,
)

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
EXPRESSION_ATTRIBUTES = ("relevant", "constraint", "calculation")
BOUNDED_TYPES = NUMERIC_TYPES | {FieldType.DATE}
SELECTED_CALL = re.compile(r"\b(selected)\(\s*\$\{(\w+)\}\s*,\s*['\"]([^'\"]*)['\"]\s*\)")
EQUALS_LITERAL = re.compile(r"\$\{(\w+)\}\s*!?=\s*['\"]([^'\"]+)['\"]")


def check_definition(form: FormDefinition) -> list[DefinitionError]:
    """Return every cross-field problem of `form` (an empty list when it is sound)."""
    checker = _Checker(form)
    checker.run()
    return checker.problems


class _Checker:
    def __init__(self, form: FormDefinition) -> None:
        self.form = form
        self.problems: list[DefinitionError] = []
        self.fields = {f.key: f for f in form.fields()}

    def problem(self, code: str, where: str, **values: object) -> None:
        self.problems.append(DefinitionError.make(code, f"{self.form.source_name}, {where}", **values))

    def run(self) -> None:
        self.check_keys()
        self.check_labels()
        for item in self.form.fields():
            self.check_types(item)
        self.check_parameters()
        for item, attribute, source in self.expressions():
            self.check_expression(item, attribute, source)
        self.check_cycles()

    def check_keys(self) -> None:
        first: dict[str, str] = {}
        section_keys: set[str] = set()
        for section in self.form.sections:
            if section.key in section_keys:
                self.problem("form-015", f"section {section.key}", key=section.key)
            section_keys.add(section.key)
            for item in _walk_with_section(section.fields):
                if not KEY_PATTERN.match(item.key):
                    self.problem("form-017", f"field {item.key}", key=item.key)
                if item.key in first:
                    self.problem("form-004", f"field {item.key}", key=item.key, first=first[item.key])
                first.setdefault(item.key, f"页面 {section.key}")

    def check_labels(self) -> None:
        for section in self.form.sections:
            self.check_label_group(section.fields)
            for item in section.fields:
                if item.type is FieldType.REPEAT:
                    self.check_label_group(item.fields)

    def check_label_group(self, fields: tuple[Field, ...]) -> None:
        seen: dict[str, str] = {}
        for item in fields:
            if item.type is FieldType.NOTE:
                continue
            if item.label in seen:
                self.problem("form-005", f"field {item.key}", label=item.label, other=seen[item.label])
            seen.setdefault(item.label, item.key)

    def check_types(self, item: Field) -> None:
        where = f"field {item.key}"
        mismatch = _type_mismatch(item)
        if mismatch:
            self.problem("form-014", where, detail=mismatch)
        if item.type is FieldType.CALCULATE and not item.calculation:
            self.problem("form-011", where, detail="calculate 字段缺少 calculation；请写出计算表达式。")
        if item.type is not FieldType.CALCULATE and item.calculation:
            self.problem("form-011", where, detail=f"只有 calculate 字段可以有 calculation，而 {item.key} 的类型是 {item.type}。")
        if item.type in (FieldType.SELECT_ONE, FieldType.SELECT_MULTIPLE) and not item.choices and not item.choice_list:
            self.problem("form-014", where, detail=f"{item.type} 字段必须用 choices 指定选项列表。")

    def check_parameters(self) -> None:
        for key in self.form.parameters:
            if key in self.fields:
                self.problem("form-018", f"parameter {key}", key=key, detail="与同名字段冲突；请给参数换一个名字。")
            if not KEY_PATTERN.match(key):
                self.problem("form-017", f"parameter {key}", key=key)

    def expressions(self) -> Iterator[tuple[Field | None, str, str]]:
        for section in self.form.sections:
            if section.relevant:
                yield None, f"section {section.key}", section.relevant
        for item in self.form.fields():
            for attribute in EXPRESSION_ATTRIBUTES:
                source = getattr(item, attribute)
                if source:
                    yield item, attribute, source

    def check_expression(self, item: Field | None, attribute: str, source: str) -> None:
        where = f"field {item.key}" if item else attribute
        label = attribute if item else "relevant"
        try:
            expression = parse(source)
        except ExpressionError as exc:
            self.problem("form-009", where, attribute=label, detail=exc)
            return
        known = set(self.fields) | set(self.form.parameters)
        for ref in sorted(expression.references):
            if ref not in known:
                self.problem("form-012", where, attribute=label, ref=ref,
                             suggestion=did_you_mean(ref, known, template="；是不是想写 ${{{}}}？"))
        self.check_codes(where, label, source)

    def check_codes(self, where: str, attribute: str, source: str) -> None:
        pairs = [("selected", ref, code) for _, ref, code in SELECTED_CALL.findall(source)]
        pairs += [("=", ref, code) for ref, code in EQUALS_LITERAL.findall(source)]
        for function, ref, code in pairs:
            target = self.fields.get(ref)
            if target is None or not target.choices:
                continue
            if code not in target.choice_codes():
                self.problem("form-019", where, attribute=attribute, function=function, value=code,
                             field=ref, suggestion=did_you_mean(code, target.choice_codes()))

    def check_cycles(self) -> None:
        graph = {}
        for item in self.form.fields():
            if item.type is FieldType.CALCULATE and item.calculation:
                try:
                    refs = parse(item.calculation).references
                except ExpressionError:
                    continue
                graph[item.key] = {r for r in refs if r in self.fields}
        cycle = find_cycle(graph)
        if cycle:
            path = " → ".join(f"${{{key}}}" for key in cycle)
            self.problem("form-013", f"field {cycle[0]}", cycle=path)


def _type_mismatch(item: Field) -> str:
    if (item.minimum is not None or item.maximum is not None) and item.type not in BOUNDED_TYPES:
        return f"{item.type} 字段不能设置 min/max；只有数值、年份和日期字段可以。"
    bounds = [b for b in (item.minimum, item.maximum) if b is not None and b != "today"]
    if item.type in NUMERIC_TYPES and any(not isinstance(b, (int, float)) for b in bounds):
        return f"min/max 必须是数字（或 today），现在是 {bounds}。"
    if len(bounds) == 2 and all(isinstance(b, (int, float)) for b in bounds) and bounds[0] > bounds[1]:
        return f"min {bounds[0]} 大于 max {bounds[1]}；请对调。"
    if item.choices and item.type not in CHOICE_TYPES and not (
            item.type is FieldType.CALCULATE and item.value_type in ("select_one", "yes_no")):
        return f"{item.type} 字段不能有 choices。"
    if item.min_photos and item.type is not FieldType.PHOTOS:
        return "min_photos 只能用于 photos 字段。"
    if item.type is FieldType.CALCULATE and item.value_type and item.value_type not in CALCULATED_VALUE_TYPES:
        return f"value_type {item.value_type} 不可用；可用：{', '.join(sorted(CALCULATED_VALUE_TYPES))}。"
    if item.type is FieldType.REPEAT and not item.fields:
        return "repeat 字段必须在 fields 中列出每行的字段。"
    if item.fields and item.type is not FieldType.REPEAT:
        return f"只有 repeat 字段可以包含 fields，而 {item.key} 的类型是 {item.type}。"
    if item.type is FieldType.REPEAT and any(f.type is FieldType.REPEAT for f in item.fields):
        return "重复组内不能再嵌套重复组；请拆成两个并列的重复组。"
    return ""


def _walk_with_section(fields: tuple[Field, ...]) -> Iterator[Field]:
    for item in fields:
        yield item
        yield from _walk_with_section(item.fields)


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """Return one cycle in a dependency graph as a list of keys ending where it began, or []."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return []
