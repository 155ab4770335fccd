"""The building's conclusions drawn from its records' stored summaries and findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from forms.store.record_rows import RecordSnapshot
from reports.pdf.answers import number_text

HOUSING = "housing_safety"
PIPELINES = "old_pipelines"
AGING = "aging_friendly"
HISTORIC = "historic_buildings"

HAZARD_GROUPS = MappingProxyType({"structure": "结构", "gas": "燃气", "corridor": "楼道", "envelope": "围护"})
JUDGEMENTS = MappingProxyType({"danger": "危险", "potential": "潜在危险", "none": "暂无危险"})
SEVERITY_NAMES = MappingProxyType({"danger": "危险", "warning": "警示", "notice": "提示"})
COLOUR_RANK = ("red", "orange", "yellow", "green")


@dataclass(frozen=True)
class Conclusion:
    label: str
    text: str


def worst_colour(records: Sequence[RecordSnapshot]) -> str | None:
    """Return the most severe colour label among the building's records, if any has one."""
    found = {r.summary.get("colour") for r in records}
    return next((colour for colour in COLOUR_RANK if colour in found), None)


def grade_text(summary: Mapping[str, object]) -> str:
    appraised, computed = summary.get("appraised_grade"), summary.get("computed_grade")
    if appraised:
        note = f"；系统初算 {computed} 级" if computed and computed != appraised else ""
        return f"{appraised} 级（鉴定机构评定{note}）"
    if computed:
        return f"{computed} 级（系统初算，须经鉴定机构确认）"
    return "未填写危房鉴定明细，未初算等级"


def source_text(finding: Mapping[str, object]) -> str:
    return " ".join(str(part) for part in (finding.get("standard"), finding.get("clause")) if part)


def finding_message(finding: Mapping[str, object]) -> str:
    """The finding's message without the citation the rules append in brackets."""
    message = str(finding.get("message") or finding.get("title") or "")
    return message.removesuffix(f"（{source_text(finding)}）")


def _housing(record: RecordSnapshot) -> list[Conclusion]:
    s = record.summary
    groups = [HAZARD_GROUPS.get(g, str(g)) for g in s.get("hazard_groups") or []]
    lines = [
        Conclusion("现场初判", JUDGEMENTS.get(str(s.get("initial_judgement")), "未填写")),
        Conclusion("房屋危险性等级", grade_text(s)),
        Conclusion("处理建议", str(s.get("treatment_advice") or "按安全标色处理，暂无鉴定等级")),
        Conclusion("安全隐患", "、".join(groups) + "安全隐患" if groups else _no_hazard_text(s)),
    ]
    if s.get("inspection_cycle_years"):
        lines.append(Conclusion("检查周期", f"每 {s['inspection_cycle_years']} 年检查一次"))
    return lines


def _no_hazard_text(summary: Mapping[str, object]) -> str:
    """Nothing ticked is "未发现" only once the checklists are answered (flags False, not None)."""
    return "待定（隐患检查尚未完成）" if summary.get("structure_hazard", False) is None else "未发现"


def _aging(record: RecordSnapshot) -> list[Conclusion]:
    s = record.summary
    failed = "、".join(str(t) for t in s.get("failed_check_titles") or [])
    retrofit = f"需要（不满足：{failed}）" if s.get("needs_aging_retrofit") else "不需要"
    return [Conclusion("适老化改造", retrofit),
            Conclusion("加装电梯", "需要" if s.get("needs_lift") else "不需要")]


def _pipelines(records: Sequence[RecordSnapshot]) -> list[Conclusion]:
    due = [r for r in records if r.summary.get("renewal_due")]
    if not due:
        return [Conclusion("管线更新改造", f"已调查 {len(records)} 段，无应更新改造管线")]
    length = sum(float(r.summary.get("length_m") or 0) for r in due)
    return [Conclusion("管线更新改造", f"已调查 {len(records)} 段，应纳入更新改造 {len(due)} 段，"
                                 f"共 {number_text(round(length, 1))} m")]


def _historic(record: RecordSnapshot) -> list[Conclusion]:
    s = record.summary
    facts = []
    if s.get("demolished_illegally"):
        facts.append("已被擅自拆除")
    if s.get("listed"):
        facts.append("已挂牌建档" if s.get("plated_and_archived") else "未完成挂牌建档")
    if s.get("vacant"):
        facts.append("空置")
    return [Conclusion("历史建筑", "、".join(facts) if facts else "见调查内容")]


def building_conclusions(records: Sequence[RecordSnapshot]) -> list[Conclusion]:
    """Return the conclusions of every survey of a building, housing safety first."""
    lines: list[Conclusion] = []
    by_form: dict[str, list[RecordSnapshot]] = {}
    for record in records:
        by_form.setdefault(record.form_id, []).append(record)
    for record in by_form.get(HOUSING, []):
        lines += _housing(record)
    for record in by_form.get(AGING, []):
        lines += _aging(record)
    if by_form.get(PIPELINES):
        lines += _pipelines(by_form[PIPELINES])
    for record in by_form.get(HISTORIC, []):
        lines += _historic(record)
    return lines
