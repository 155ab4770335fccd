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
    parameter: str
    grades: frozenset[str]
    judgements: frozenset[str]

    def matches(self, grade: str | None, judgement: str | None) -> bool:
        if not self.grades and not self.judgements:
            return True
        return grade in self.grades or judgement in self.judgements


@dataclass(frozen=True)
class RuleCatalogue:
    rules: Mapping[str, RuleSpec]
    treatment_advice: Mapping[str, str]
    colour_labels: tuple[ColourLabel, ...]
    colour_names: Mapping[str, str]

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
        colours = tuple(ColourLabel(c["parameter"], frozenset(c.get("grades") or ()),
                                    frozenset(c.get("judgements") or ())) for c in raw["colour_labels"])
        names = {str(code): str(name) for code, name in raw["colour_names"].items()}
        advice = {str(grade): str(text) for grade, text in raw["treatment_advice"].items()}
    except (KeyError, TypeError) as exc:
        raise RuleError.make("rule-004", CATALOGUE_PATH.name, detail=f"缺少 {exc}") from exc
    return RuleCatalogue(MappingProxyType(rules), MappingProxyType(advice), colours, MappingProxyType(names))


def _spec(item: Mapping[str, object]) -> RuleSpec:
    spec = RuleSpec(id=str(item["id"]), title=str(item["title"]), standard=str(item["standard"]),
                    clause=str(item.get("clause") or ""), severity=str(item["severity"]),
                    message=str(item["message"]))
    if spec.severity not in SEVERITIES:
        raise RuleError.make("rule-004", CATALOGUE_PATH.name,
                             detail=f"规则 {spec.id} 的 severity {spec.severity} 不是 {'/'.join(SEVERITIES)}")
    return spec


def fire(rule_id: str, *, severity: str | None = None, **values: object) -> Finding:
    """Fire the catalogue rule `rule_id` with the values that made it fire."""
    return rule_catalogue().fire(rule_id, severity=severity, **values)
