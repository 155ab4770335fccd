"""JGJ 125-2016 危险房屋鉴定: weighted dangerous-component ratio, layer Au–Du, building A–D."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from forms.rules.catalogue import fire, rule_catalogue
from forms.rules.findings import Finding, RuleOutcome
from forms.rules.inputs import RuleInput, as_number

COMPONENTS = ("interior_column", "foundation", "edge_column", "bearing_wall", "interior_beam", "truss",
              "corner_column", "edge_beam", "secondary_beam", "cantilever_beam", "self_bearing_wall", "slab")
WEIGHT_PARAMETER = "jgj_weight_{component}"  # component weights are parameters of 房屋安全.yaml
RATIO_DIGITS = 9  # compare ratios rounded, so 5/100 lands exactly on the 5 % edge


@dataclass(frozen=True)
class ComponentCount:
    """One row of the component table: a component type counted on one layer (0 = 地基基础)."""

    layer: int
    component: str
    total: int
    dangerous: int


@dataclass(frozen=True)
class Thresholds:
    """The JGJ 125 band edges and weights, read from the form's parameters."""

    weights: Mapping[str, float]
    bu_max: float
    cu_max: float
    building_b_max: float
    building_d_min: float
    ground_max_tilt_percent: float

    @classmethod
    def from_input(cls, inp: RuleInput) -> Thresholds:
        weights = {c: inp.param_number(WEIGHT_PARAMETER.format(component=c)) for c in COMPONENTS}
        return cls(weights=weights, bu_max=inp.param_number("jgj_bu_max_ratio"),
                   cu_max=inp.param_number("jgj_cu_max_ratio"),
                   building_b_max=inp.param_number("jgj_building_b_max_ratio"),
                   building_d_min=inp.param_number("jgj_building_d_min_ratio"),
                   ground_max_tilt_percent=inp.param_number("jgj_ground_max_tilt_percent"))


@dataclass(frozen=True)
class LayerResult:
    layer: int
    ratio: float
    grade: str
    dangerous: int
    total: int

    @property
    def name(self) -> str:
        return layer_name(self.layer)


def layer_name(layer: int) -> str:
    return "地基基础" if layer == 0 else f"第{layer}层"


def weighted_ratio(counts: Iterable[ComponentCount], weights: Mapping[str, float]) -> float | None:
    """Return R = Σ(w × dangerous) / Σ(w × total), or None when nothing was counted."""
    dangerous = total = 0.0
    for count in counts:
        weight = weights.get(count.component, 0.0)
        dangerous += weight * count.dangerous
        total += weight * count.total
    return round(dangerous / total, RATIO_DIGITS) if total > 0 else None


def layer_grade(ratio: float, th: Thresholds) -> str:
    """Grade one layer: R = 0 → Au; R < Bu edge → Bu; R < Cu edge → Cu; otherwise Du."""
    if ratio <= 0:
        return "Au"
    if ratio < th.bu_max:
        return "Bu"
    return "Cu" if ratio < th.cu_max else "Du"


def building_grade(ratio: float | None, layer_grades: Iterable[str], ground_dangerous: bool,
                   th: Thresholds) -> str | None:
    """Grade the building A–D; dangerous ground forces D; None when there is nothing to grade."""
    if ground_dangerous:
        return "D"
    if ratio is None:
        return None
    grades = set(layer_grades)
    if ratio <= 0:
        return "A"
    if ratio < th.building_b_max and not grades & {"Cu", "Du"}:
        return "B"
    return "D" if ratio >= th.building_d_min else "C"


def layer_results(counts: list[ComponentCount], th: Thresholds) -> tuple[LayerResult, ...]:
    results = []
    for layer in sorted({count.layer for count in counts}):
        in_layer = [count for count in counts if count.layer == layer]
        ratio = weighted_ratio(in_layer, th.weights)
        if ratio is not None:
            results.append(LayerResult(layer, ratio, layer_grade(ratio, th),
                                       sum(c.dangerous for c in in_layer), sum(c.total for c in in_layer)))
    return tuple(results)


def component_counts(inp: RuleInput) -> list[ComponentCount]:
    """Read the component table's complete rows (layer, component, counts all given)."""
    counts = []
    for row in inp.rows("jgj_components"):
        layer, total, dangerous = (as_number(row.get(k)) for k in ("layer", "total_count", "dangerous_count"))
        component = row.get("component")
        if None in (layer, total, dangerous) or component not in COMPONENTS:
            continue
        counts.append(ComponentCount(int(layer), str(component), int(total), int(dangerous)))
    return counts


def ground_danger_basis(inp: RuleInput, th: Thresholds) -> list[str]:
    """Say why the ground is dangerous: the inspector's judgement, tilt over the limit, cracks."""
    basis = []
    if inp.is_yes("ground_dangerous"):
        basis.append("现场判定地基危险")
    tilt = inp.number("ground_tilt_percent")
    if tilt is not None and tilt > th.ground_max_tilt_percent:
        basis.append(f"倾斜率 {_number_text(tilt)}%，超过 {_number_text(th.ground_max_tilt_percent)}% 限值")
    if inp.is_yes("ground_settlement_cracks"):
        basis.append("有地基沉降裂缝")
    return basis


def assess_jgj125(inp: RuleInput) -> RuleOutcome:
    """Grade the building from the JGJ 125 block, and keep an appraiser's override beside it."""
    findings: list[Finding] = []
    computed = None
    summary: dict[str, object] = {"jgj_ratio": None, "jgj_layers": [], "ground_dangerous": False,
                                  "jgj_grade_reason": ""}
    if inp.is_yes("jgj_enabled"):
        th = Thresholds.from_input(inp)
        computed = _graded(inp, th, findings, summary)
    summary.update(_grade_facts(inp, computed, findings))
    return RuleOutcome(tuple(findings), summary)


def _graded(inp: RuleInput, th: Thresholds, findings: list[Finding], summary: dict) -> str | None:
    counts = component_counts(inp)
    layers = layer_results(counts, th)
    ratio = weighted_ratio(counts, th.weights)
    basis = ground_danger_basis(inp, th)
    grade = building_grade(ratio, (layer.grade for layer in layers), bool(basis), th)
    summary.update(jgj_ratio=ratio, ground_dangerous=bool(basis),
                   jgj_grade_reason=grade_reason(grade, ratio, layers, basis, th),
                   jgj_layers=[{"layer": r.layer, "name": r.name, "ratio": r.ratio, "grade": r.grade,
                                "dangerous": r.dangerous, "total": r.total} for r in layers])
    if basis:
        findings.append(fire("jgj125.ground_dangerous", basis="；".join(basis)))
    findings += [fire("jgj125.layer_grade", layer=r.layer, layer_name=r.name, ratio=r.ratio,
                      ratio_text=percent_text(r.ratio), layer_grade=r.grade)
                 for r in layers if r.grade in ("Cu", "Du")]
    if grade in ("B", "C", "D") and ratio is not None:
        findings.append(_grade_finding(grade, ratio, counts, layers))
    return grade


def _grade_finding(grade: str, ratio: float, counts: list[ComponentCount],
                   layers: tuple[LayerResult, ...]) -> Finding:
    severe = [f"{r.name} {r.grade} 级" for r in layers if r.grade in ("Cu", "Du")]
    layer_note = "有" + "、".join(severe) if severe else "无 Cu/Du 级楼层"
    # B means individual components only: a warning; C and D are the catalogue's danger.
    return fire("jgj125.building_grade", severity="warning" if grade == "B" else None,
                grade=grade, ratio=ratio, ratio_text=percent_text(ratio),
                dangerous=sum(c.dangerous for c in counts), total=sum(c.total for c in counts),
                layer_note=layer_note, advice=rule_catalogue().treatment_advice[grade])


def _grade_facts(inp: RuleInput, computed: str | None, findings: list[Finding]) -> dict[str, object]:
    appraised = inp.text("appraised_grade") or None
    reason = inp.text("appraisal_reason")
    if appraised and appraised != computed:
        findings.append(fire("jgj125.appraisal_override", appraised=appraised,
                             computed=f"{computed} 级" if computed else "无", reason=reason or "未填写"))
    grade = appraised or computed
    advice = rule_catalogue().treatment_advice.get(grade, "") if grade else ""
    return {"computed_grade": computed, "appraised_grade": appraised,
            "appraisal_reason": reason if appraised else "", "grade": grade, "treatment_advice": advice}


def grade_reason(grade: str | None, ratio: float | None, layers: tuple[LayerResult, ...], basis: list[str],
                 th: Thresholds) -> str:
    """Say what decided the building grade, e.g. 地基危险 → D 级, or R against the band edges."""
    if grade is None:
        return ""
    if basis:
        return f"地基危险（{'；'.join(basis)}）→ D 级"
    r = f"全楼 R = {percent_text(ratio)}"
    if grade == "A":
        return f"{r}，无危险构件 → A 级"
    if grade == "B":
        return f"{r} < {percent_text(th.building_b_max)}，且无 Cu/Du 级楼层 → B 级"
    if grade == "D":
        return f"{r} ≥ {percent_text(th.building_d_min)} → D 级"
    severe = [f"{layer.name} {layer.grade} 级" for layer in layers if layer.grade in ("Cu", "Du")]
    if ratio < th.building_b_max and severe:
        return f"{r} < {percent_text(th.building_b_max)}，但{'、'.join(severe)} → C 级"
    note = f"；{'、'.join(severe)}" if severe else ""
    return f"{percent_text(th.building_b_max)} ≤ {r} < {percent_text(th.building_d_min)}{note} → C 级"


def percent_text(ratio: float) -> str:
    return f"{ratio * 100:.2f}%"


def _number_text(value: float) -> str:
    return f"{value:g}"
