"""Assess one record: the engine's evaluation plus the standard rules that fire."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from forms.city_profile import apply_profile, read_profile
from forms.engine import Evaluation, evaluate
from forms.model import FormDefinition
from forms.rules.findings import Finding
from forms.rules.inputs import RuleInput
from forms.rules.registry import run_rules

__all__ = ["Assessment", "Finding", "assess"]


@dataclass(frozen=True)
class Assessment:
    """What the store saves beside the answers: evaluation, fired rules, summary facts."""

    evaluation: Evaluation
    findings: tuple[Finding, ...] = ()
    summary: Mapping[str, object] = field(default_factory=dict)

    def findings_json(self) -> list[dict]:
        """Return the findings as JSON-ready dicts, in firing order."""
        return [finding.to_json() for finding in self.findings]


def assess(form: FormDefinition, answers: Mapping[str, object], *,
           profile: Mapping | Path | str | None = None, today: date | None = None) -> Assessment:
    """Evaluate `answers` and run the form's standard rules with the (profiled) parameters."""
    if profile is not None:
        form = profiled_form(form, profile)
    evaluation = evaluate(form, answers, today=today)
    rule_input = RuleInput.from_evaluation(form, answers, evaluation, today=today)
    findings, summary = run_rules(rule_input)
    return Assessment(evaluation=evaluation, findings=findings, summary=summary)


def profiled_form(form: FormDefinition, profile: Mapping | Path | str) -> FormDefinition:
    """Return `form` with the profile's overrides for this form applied (other forms ignored)."""
    _source, overrides = read_profile(profile)
    values = overrides.get(form.id)
    if not values:
        return form
    return apply_profile([form], {form.id: values})[0]
