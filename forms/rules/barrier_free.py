"""Barrier-free checks (GB 55019-2021, GB 50763-2012) and the 适老化改造 / 加装电梯 flags."""

from __future__ import annotations

from collections.abc import Callable

from forms.rules.catalogue import fire
from forms.rules.findings import Finding, RuleOutcome
from forms.rules.inputs import RuleInput

SLOPE_DIGITS = 4  # the form's ramp_slope is rounded to 4 places; so is 1:12 = 0.0833


def slope_text(slope: float) -> str:
    """Write a slope as 1:N, e.g. 0.1 → '1:10', 0.0833 → '1:12'."""
    if slope <= 0:
        return "0"
    run = 1 / slope
    return f"1:{round(run)}" if abs(run - round(run)) < 0.05 else f"1:{run:.1f}"


def mm_text(value: float) -> str:
    return f"{value:g}"


def ramp_slope(inp: RuleInput) -> float | None:
    """Return rise ÷ run: the engine's ramp_slope, else computed from the two lengths."""
    calculated = inp.calc("ramp_slope")
    if isinstance(calculated, (int, float)):
        return round(float(calculated), SLOPE_DIGITS)
    rise, run = inp.number("ramp_rise_mm"), inp.number("ramp_run_mm")
    return round(rise / run, SLOPE_DIGITS) if rise is not None and run else None


def _ramp_slope(inp: RuleInput) -> Finding | None:
    entrance = inp.text("entrance_type")
    rule_id, limit_key = {"steps_ramp": ("barrier_free.ramp_slope", "ramp_max_slope"),
                          "level": ("barrier_free.level_entrance_slope", "level_entrance_max_slope")
                          }.get(entrance, (None, None))
    slope = ramp_slope(inp)
    if rule_id is None or slope is None:
        return None
    limit = round(inp.param_number(limit_key), SLOPE_DIGITS)
    if slope <= limit:
        return None
    return fire(rule_id, slope=slope_text(slope), limit=slope_text(limit), slope_value=slope, limit_value=limit)


def _cross_fall(inp: RuleInput) -> Finding | None:
    percent = inp.number("ramp_cross_fall_percent")
    if inp.text("entrance_type") != "steps_ramp" or percent is None:
        return None
    limit = inp.param_number("ramp_max_cross_fall")
    if percent / 100 <= limit + 1e-12:
        return None
    return fire("barrier_free.ramp_cross_fall", cross_fall=f"{percent:g}%", limit=slope_text(limit),
                cross_fall_percent=percent, limit_value=limit)


def _minimum(rule_id: str, key: str, limit_key: str, name: str) -> Callable[[RuleInput], Finding | None]:
    def check(inp: RuleInput) -> Finding | None:
        value, limit = inp.number(key), inp.param_number(limit_key)
        if value is None or value >= limit:
            return None
        return fire(rule_id, **{name: mm_text(value)}, limit=mm_text(limit), value=value, limit_value=limit)
    return check


def _maximum(rule_id: str, key: str, limit_key: str, name: str) -> Callable[[RuleInput], Finding | None]:
    def check(inp: RuleInput) -> Finding | None:
        value, limit = inp.number(key), inp.param_number(limit_key)
        if value is None or value <= limit:
            return None
        return fire(rule_id, **{name: mm_text(value)}, limit=mm_text(limit), value=value, limit_value=limit)
    return check


def _between(rule_id: str, key: str, low_key: str, high_key: str) -> Callable[[RuleInput], Finding | None]:
    def check(inp: RuleInput) -> Finding | None:
        value = inp.number(key)
        low, high = inp.param_number(low_key), inp.param_number(high_key)
        if value is None or low <= value <= high:
            return None
        return fire(rule_id, height=mm_text(value), low=mm_text(low), high=mm_text(high), value=value)
    return check


CHECKS: tuple[Callable[[RuleInput], Finding | None], ...] = (
    _ramp_slope,
    _cross_fall,
    _minimum("barrier_free.passage_width", "passage_width_mm", "passage_min_width_mm", "width"),
    _minimum("barrier_free.door_width", "door_width_mm", "door_min_width_mm", "width"),
    _between("barrier_free.handrail_height", "handrail_height_mm", "handrail_min_mm", "handrail_max_mm"),
    _between("barrier_free.handrail_lower_height", "handrail_lower_height_mm",
             "handrail_lower_min_mm", "handrail_lower_max_mm"),
    _minimum("barrier_free.landing_depth", "landing_depth_mm", "landing_min_depth_mm", "depth"),
    _maximum("barrier_free.grate_opening", "grate_opening_mm", "grate_max_opening_mm", "opening"),
)


def failed_checks(inp: RuleInput) -> tuple[Finding, ...]:
    """Return one finding per barrier-free limit the record fails, in checklist order."""
    return tuple(finding for finding in (check(inp) for check in CHECKS) if finding is not None)


def needs_lift(inp: RuleInput) -> bool:
    """需加装电梯: no lift, at least `lift_min_floors` floors, and a lift can be added."""
    floors = inp.number("floors")
    return (inp.is_no("has_lift") and floors is not None and floors >= inp.param_number("lift_min_floors")
            and inp.value("lift_retrofit_feasible") == "yes")


def assess_barrier_free(inp: RuleInput) -> RuleOutcome:
    """Run every check and derive 需要适老化改造 (with the failed list) and 需加装电梯."""
    failed = failed_checks(inp)
    findings = list(failed)
    if failed:
        findings.append(fire("barrier_free.aging_retrofit", failed="、".join(f.title for f in failed),
                             count=len(failed), checks=[f.rule_id for f in failed]))
    lift = needs_lift(inp)
    if lift:
        findings.append(fire("barrier_free.lift_needed", floors=int(inp.number("floors")),
                             limit=int(inp.param_number("lift_min_floors"))))
    built = inp.number("year_built")
    summary = {
        "needs_aging_retrofit": bool(failed),
        "failed_checks": [f.rule_id for f in failed],
        "failed_check_titles": [f.title for f in failed],
        "needs_lift": lift,
        "old_estate": built is not None and built <= inp.param_number("old_estate_built_before"),
        "ramp_slope": ramp_slope(inp),
    }
    return RuleOutcome(tuple(findings), summary)
