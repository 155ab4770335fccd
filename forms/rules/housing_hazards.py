"""The four housing hazard groups, the colour label and the inspection cycle by age."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from forms.rules.catalogue import fire, rule_catalogue
from forms.rules.findings import Finding, RuleOutcome
from forms.rules.inputs import RuleInput


@dataclass(frozen=True)
class HazardGroup:
    key: str          # summary flag prefix: structure, gas, corridor, envelope
    field: str        # the checklist field
    rule_id: str


HAZARD_GROUPS = (
    HazardGroup("structure", "hazards_structure", "housing.structure_hazard"),
    HazardGroup("gas", "hazards_gas", "housing.gas_hazard"),
    HazardGroup("corridor", "hazards_corridor", "housing.corridor_hazard"),
    HazardGroup("envelope", "hazards_envelope", "housing.envelope_hazard"),
)
ENVELOPE_SEVERITY_TEXT = {"minor": "（有隐患）", "major": "（隐患较大）", "severe": "（隐患严重）"}
DANGER_GRADES = frozenset({"C", "D"})
DANGER_JUDGEMENTS = frozenset({"danger", "potential"})


# The answer that closes a survey's hazard walk. Unticked checklists stay blank in the store,
# so only once this is answered does "nothing ticked" mean "no hazard found" rather than "not yet looked".
HAZARD_WALK_CLOSED_BY = MappingProxyType({"housing_safety": "initial_judgement", "historic_buildings": "condition"})


def checklists_answered(inp: RuleInput) -> bool:
    """Whether the inspector has finished the hazard checklists (see HAZARD_WALK_CLOSED_BY)."""
    key = HAZARD_WALK_CLOSED_BY.get(inp.form.id)
    return key is None or inp.value(key) is not None


def hazards_ticked(inp: RuleInput) -> bool:
    return any(inp.selected(group.field) for group in HAZARD_GROUPS)


def envelope_severity(inp: RuleInput) -> str | None:
    """Return none|minor|major|severe: the engine's value, else graded from the failed area."""
    if not inp.selected("hazards_envelope"):
        return "none" if checklists_answered(inp) else None
    calculated = inp.calc("envelope_severity")
    if calculated:
        return str(calculated)
    area = inp.number("envelope_failed_area")
    if area is None or "envelope_minor_max_m2" not in inp.form.parameters:
        return None
    if area < inp.param_number("envelope_minor_max_m2"):
        return "minor"
    return "major" if area <= inp.param_number("envelope_major_max_m2") else "severe"


def _group_finding(inp: RuleInput, group: HazardGroup, severity: str | None) -> Finding | None:
    items = inp.selected(group.field)
    if not items:
        return None
    labels = "、".join(inp.choice_label(group.field, code) for code in items)
    extra = {}
    if group.key == "envelope":
        extra = {"severity_text": ENVELOPE_SEVERITY_TEXT.get(severity or "", ""), "envelope_severity": severity,
                 "failed_area_m2": inp.number("envelope_failed_area")}
    return fire(group.rule_id, items=labels, count=len(items), codes=list(items), **extra)


def assess_hazard_groups(inp: RuleInput) -> RuleOutcome:
    """Fire one finding per hazard group with ticked items; flag each group in the summary.

    A flag is True when items are ticked, False when none are and the checklists are answered,
    None (待定) while they are not: an unanswered checklist is not "no hazard".
    """
    severity = envelope_severity(inp) if inp.form.has_field("envelope_failed_area") else None
    findings = tuple(f for f in (_group_finding(inp, g, severity) for g in HAZARD_GROUPS) if f)
    fired = {f.rule_id for f in findings}
    unticked = False if checklists_answered(inp) else None
    summary: dict[str, object] = {f"{g.key}_hazard": g.rule_id in fired or unticked for g in HAZARD_GROUPS}
    if severity is not None:
        # 围护 counts as a hazard only above 无隐患 (an ungraded area still counts).
        summary["envelope_severity"] = severity
        summary["envelope_hazard"] = severity != "none"
    summary["hazard_groups"] = [g.key for g in HAZARD_GROUPS if summary[f"{g.key}_hazard"]]
    return RuleOutcome(findings, summary)


def colour_label(inp: RuleInput, grade: str | None, judgement: str | None) -> tuple[str, str]:
    """Return (colour code, Chinese label) of the first matching rule, or ("", "") when none matches."""
    catalogue = rule_catalogue()
    ticked = hazards_ticked(inp)
    for label in catalogue.colour_labels:
        if label.matches(grade, judgement, ticked) and label.parameter in inp.form.parameters:
            colour = str(inp.param(label.parameter))
            return colour, catalogue.colour_name(colour)
    return "", ""


def assess_colour(inp: RuleInput) -> RuleOutcome:
    """Label the building red/orange/yellow/green from its grade and the field judgement.

    The colour is None (未标色（待定）) until an answer it rests on is given: green needs the
    初判 暂无危险 with no hazard ticked, never just a blank record.
    """
    grade = inp.summary.get("grade")
    judgement = inp.text("initial_judgement") or None
    colour, text = colour_label(inp, grade, judgement)
    if not colour and judgement == "none" and hazards_ticked(inp):
        # The inspector said 暂无危险 yet ticked hazards: say why the building stays unlabelled.
        groups = "、".join(rule_catalogue().rule(g.rule_id).title for g in HAZARD_GROUPS if inp.selected(g.field))
        return RuleOutcome((fire("housing.colour_pending", groups=groups),), {"colour": None})
    if not colour:
        return RuleOutcome(summary={"colour": None})
    basis = "；".join(part for part in (
        f"房屋危险性等级 {grade} 级" if grade else "",
        f"现场初判{inp.choice_label('initial_judgement', judgement)}" if judgement else "",
        "未勾选安全隐患" if judgement == "none" and not hazards_ticked(inp) else "") if part)
    finding = fire("housing.colour_label", colour=colour, colour_text=text, basis=basis)
    return RuleOutcome((finding,), {"colour": colour})


def inspection_cycle(age: int, hazard_found: bool, inp: RuleInput) -> int:
    """Return the years between inspections: yearly when old or hazardous, else by age band."""
    if hazard_found or age >= inp.param_number("inspection_yearly_min_age"):
        return int(inp.param_number("inspection_cycle_old_years"))
    if age >= inp.param_number("inspection_triennial_min_age"):
        return int(inp.param_number("inspection_cycle_mid_years"))
    return int(inp.param_number("inspection_cycle_new_years"))


def hazard_found(inp: RuleInput) -> bool:
    """A hazard group ticked, a C/D grade, or a field judgement of 危险 / 潜在危险."""
    return (bool(inp.summary.get("hazard_groups")) or inp.summary.get("grade") in DANGER_GRADES
            or inp.text("initial_judgement") in DANGER_JUDGEMENTS)


def assess_inspection_cycle(inp: RuleInput) -> RuleOutcome:
    age = inp.age_since("year_built")
    if age is None:
        return RuleOutcome(summary={"building_age": None, "inspection_cycle_years": None})
    found = hazard_found(inp)
    cycle = inspection_cycle(age, found, inp)
    finding = fire("housing.inspection_cycle", age=age, cycle=cycle, hazard=found,
                   hazard_note="，已发现隐患" if found else "")
    return RuleOutcome((finding,), {"building_age": age, "inspection_cycle_years": cycle})


def assess_housing_facts(inp: RuleInput) -> RuleOutcome:
    """Carry the retrofit answers the indicator table counts into the summary."""
    units = inp.number("non_self_contained_units")
    return RuleOutcome(summary={
        "non_self_contained_units": int(units) if units is not None else 0,
        "needs_energy_retrofit": inp.is_yes("needs_energy_retrofit"),
        "needs_digital_retrofit": inp.is_yes("needs_digital_retrofit"),
        "initial_judgement": inp.text("initial_judgement") or None,
    })
