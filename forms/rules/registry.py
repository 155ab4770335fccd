"""Which rules run for which form, in order (later rules may read earlier rules' summary)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from forms.rules.barrier_free import assess_barrier_free
from forms.rules.findings import Finding, RuleOutcome
from forms.rules.handbook_items import assess_handbook_items
from forms.rules.historic import assess_historic
from forms.rules.housing_hazards import (
    assess_colour,
    assess_hazard_groups,
    assess_housing_facts,
    assess_inspection_cycle,
)
from forms.rules.inputs import RuleInput
from forms.rules.jgj125 import assess_jgj125
from forms.rules.pipe_renewal import assess_pipe_renewal

Rule = Callable[[RuleInput], RuleOutcome]

RULES_BY_FORM: Mapping[str, tuple[Rule, ...]] = MappingProxyType({
    # jgj125 first: the colour label and the inspection cycle read its grade.
    # handbook items last: they read the grade and the failed barrier-free checks.
    "housing_safety": (assess_jgj125, assess_hazard_groups, assess_colour, assess_inspection_cycle,
                       assess_housing_facts, assess_handbook_items),
    "old_pipelines": (assess_pipe_renewal, assess_handbook_items),
    "aging_friendly": (assess_barrier_free, assess_handbook_items),
    "historic_buildings": (assess_historic, assess_hazard_groups),
})


def rules_for(form_id: str) -> tuple[Rule, ...]:
    """Return the rules of a form; a form without standard rules gets none."""
    return RULES_BY_FORM.get(form_id, ())


def run_rules(inp: RuleInput) -> tuple[tuple[Finding, ...], dict[str, object]]:
    """Run the form's rules in order; return every fired finding and the merged summary."""
    findings: list[Finding] = []
    summary: dict[str, object] = {}
    for rule in rules_for(inp.form.id):
        outcome = rule(inp.with_summary(summary))
        findings += outcome.findings
        summary.update(outcome.summary)
    summary["rule_ids"] = [finding.rule_id for finding in findings]
    return tuple(findings), summary
