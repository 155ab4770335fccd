"""The rule catalogue (catalogue.yaml): ids, titles, sources and messages as data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

from forms.rules.errors import RuleError
from forms.rules.findings import SEVERITIES, Finding

CATALOGUE_PATH = Path(__file__).with_name("catalogue.yaml")


@dataclass(frozen=True)
class RuleSpec:
    """One named rule: where it comes from and how its message reads."""

    id: str
    title: str
    standard: str
    clause: str
    severity: str
    message: str

    @property
    def source(self) -> str:
        return f"{self.standard} {self.clause}".strip()

    def fire(self, *, severity: str | None = None, **values: object) -> Finding:
        """Return the finding with its message filled from `values` and the source cited."""
        text = self.message.format(**values)
        return Finding(rule_id=self.id, title=self.title, standard=self.standard, clause=self.clause,
                       message=f"{text}（{self.source}）", severity=severity or self.severity,
                       values=MappingProxyType(dict(values)))


@dataclass(frozen=True)
class ColourLabel:
    """A colour rule: the grades or field judgements it names, and whether ticked hazards rule it out."""

    parameter: str
    grades: frozenset[str]
    judgements: frozenset[str]
    only_without_hazards: bool = False

    def matches(self, grade: str | None, judgement: str | None, hazards_ticked: bool) -> bool:
        if self.only_without_hazards and hazards_ticked:
            return False
        return grade in self.grades or judgement in self.judgements


@dataclass(frozen=True)
class RuleCatalogue:
    rules: Mapping[str, RuleSpec]
    treatment_advice: Mapping[str, str]
    colour_labels: tuple[ColourLabel, ...]
    colour_names: Mapping[str, str]
    colour_pending: str = "未标色（待定）"

    def colour_name(self, colour: object) -> str:
        """Return the Chinese name of a colour code; no colour (None) reads 未标色（待定）."""
        if colour in (None, ""):
            return self.colour_pending
        return self.colour_names.get(str(colour), str(colour))

    def rule(self, rule_id: str) -> RuleSpec:
        if rule_id not in self.rules:
            raise RuleError.make("rule-003", CATALOGUE_PATH.name, rule_id=rule_id)
        return self.rules[rule_id]

    def fire(self, rule_id: str, *, severity: str | None = None, **values: object) -> Finding:
        return self.rule(rule_id).fire(severity=severity, **values)


@cache
def rule_catalogue() -> RuleCatalogue:
    """Return the catalogue read once from catalogue.yaml."""
    raw = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    try:
        rules = {item["id"]: _spec(item) for item in raw["rules"]}
        colours = tuple(_colour_label(item) for item in raw["colour_labels"])
        names = {str(code): str(name) for code, name in raw["colour_names"].items()}
        advice = {str(grade): str(text) for grade, text in raw["treatment_advice"].items()}
    except (KeyError, TypeError) as exc:
        raise RuleError.make("rule-004", CATALOGUE_PATH.name, detail=f"缺少 {exc}") from exc
    return RuleCatalogue(MappingProxyType(rules), MappingProxyType(advice), colours, MappingProxyType(names),
                         str(raw.get("colour_pending") or RuleCatalogue.colour_pending))


def _colour_label(item: Mapping[str, object]) -> ColourLabel:
    label = ColourLabel(str(item["parameter"]), frozenset(item.get("grades") or ()),
                        frozenset(item.get("judgements") or ()), bool(item.get("only_without_hazards")))
    if not label.grades and not label.judgements:
        # A catch-all would colour a record nobody has judged yet.
        raise RuleError.make("rule-004", CATALOGUE_PATH.name,
                             detail=f"标色规则 {label.parameter} 须列出 grades 或 judgements")
    return label


def _spec(item: Mapping[str, object]) -> RuleSpec:
    spec = RuleSpec(id=str(item["id"]), title=str(item["title"]), standard=str(item["standard"]),
                    clause=str(item.get("clause") or ""), severity=str(item["severity"]),
                    message=str(item["message"]))
    if spec.severity not in SEVERITIES:
        raise RuleError.make("rule-004", CATALOGUE_PATH.name,
                             detail=f"规则 {spec.id} 的 severity {spec.severity} 不是 {'/'.join(SEVERITIES)}")
    return spec


def colour_name(colour: object) -> str:
    """Return how people read a stored colour: 红色 … 绿色, or 未标色（待定） when there is none."""
    return rule_catalogue().colour_name(colour)


def fire(rule_id: str, *, severity: str | None = None, **values: object) -> Finding:
    """Fire the catalogue rule `rule_id` with the values that made it fire."""
    return rule_catalogue().fire(rule_id, severity=severity, **values)
