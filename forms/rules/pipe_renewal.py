"""Pipe renewal eligibility (国办发〔2022〕22号): which rule makes a pipe due, and why."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from forms.rules.catalogue import fire
from forms.rules.findings import Finding, RuleOutcome
from forms.rules.inputs import RuleInput

# 钢质管道 in the plan covers plain and galvanised steel.
GAS_AGED_MATERIALS = frozenset({"steel", "galvanized_steel", "pe"})
WATER_BAD_MATERIALS = frozenset({"cement", "asbestos"})
DRAINAGE_BAD_MATERIALS = frozenset({"plain_concrete"})


def pipe_age(inp: RuleInput) -> int | None:
    """Return years in service: the engine's pipe_age, else today's year minus install_year."""
    age = inp.calc("pipe_age")
    return int(age) if isinstance(age, (int, float)) else inp.age_since("install_year")


def _gas_rules(inp: RuleInput, age: int | None) -> Iterator[Finding]:
    material = inp.text("material")
    hazardous = inp.is_yes("assessed_hazardous")
    if material == "grey_cast_iron":
        yield fire("pipe.gas_grey_cast_iron", material=material)
    if material == "ductile_iron" and hazardous:
        yield fire("pipe.gas_ductile_iron_hazardous", material=material)
    limit = int(inp.param_number("gas_steel_pe_min_age"))
    if material in GAS_AGED_MATERIALS and hazardous and age is not None and age >= limit:
        yield fire("pipe.gas_aged_hazardous", material=inp.choice_label("material", material), age=age,
                   limit=limit)


def _water_rules(inp: RuleInput, age: int | None) -> Iterator[Finding]:
    material = inp.text("material")
    if material in WATER_BAD_MATERIALS:
        yield fire("pipe.water_cement_asbestos", material=inp.choice_label("material", material))
    unlined_cast_iron = material == "grey_cast_iron" and inp.is_no("anticorrosion_lining")
    if unlined_cast_iron:
        yield fire("pipe.water_grey_cast_iron_unlined", material=material)
    limit = int(inp.param_number("water_other_min_age"))
    other = material not in WATER_BAD_MATERIALS and not unlined_cast_iron
    if other and inp.is_yes("assessed_hazardous") and age is not None and age >= limit:
        yield fire("pipe.water_aged_hazardous", material=inp.choice_label("material", material), age=age,
                   limit=limit)


def _drainage_rules(inp: RuleInput, age: int | None) -> Iterator[Finding]:
    if inp.text("material") in DRAINAGE_BAD_MATERIALS:
        yield fire("pipe.drainage_plain_concrete", material=inp.text("material"))
    if inp.is_yes("cross_connected"):
        yield fire("pipe.drainage_cross_connected", cross_connected="yes")
    limit = int(inp.param_number("drainage_min_age"))
    if age is not None and age >= limit:
        yield fire("pipe.drainage_aged", age=age, limit=limit)


def _heating_rules(inp: RuleInput, age: int | None) -> Iterator[Finding]:
    limit = int(inp.param_number("heating_min_age"))
    if age is not None and age >= limit:
        yield fire("pipe.heating_aged", age=age, limit=limit)
    problems = [text for text, present in (("漏损", "leak" in inp.selected("defects")),
                                           ("热损失大", inp.is_yes("heat_loss_large"))) if present]
    if problems:
        yield fire("pipe.heating_leak_heat_loss", problem="、".join(problems))


RULES_BY_CATEGORY: dict[str, Callable[[RuleInput, int | None], Iterator[Finding]]] = {
    "gas": _gas_rules, "water": _water_rules, "drainage": _drainage_rules, "heating": _heating_rules,
}


def renewal_findings(inp: RuleInput) -> tuple[Finding, ...]:
    """Return every renewal rule that fires for this pipe, the decisive one first."""
    rules = RULES_BY_CATEGORY.get(inp.text("pipe_category"))
    return tuple(rules(inp, pipe_age(inp))) if rules else ()


def assess_pipe_renewal(inp: RuleInput) -> RuleOutcome:
    """Decide 应纳入更新改造 and keep the rule that fired, for reports and indicators."""
    findings = renewal_findings(inp)
    first = findings[0] if findings else None
    summary = {
        "pipe_category": inp.text("pipe_category") or None,
        "length_m": inp.number("length_m"),
        "pipe_age": pipe_age(inp),
        "renewal_due": first is not None,
        "renewal_rule": first.rule_id if first else None,
        "renewal_reason": first.message if first else "",
        "renewal_rules": [finding.rule_id for finding in findings],
        "pipe_defects": list(inp.selected("defects")),
    }
    return RuleOutcome(findings, summary)
