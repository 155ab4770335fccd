"""The building's conclusions drawn from its final records' stored summaries and findings.

Only final (已定稿) records conclude: drafts get one row each saying so. Of several final records
of one survey the newest decides; the older ones are listed as history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from forms.store.record_version import RecordVersion
from reports.pdf.answers import date_text, number_text

HOUSING = "housing_safety"
PIPELINES = "old_pipelines"
AGING = "aging_friendly"
HISTORIC = "historic_buildings"
HAZARD_SURVEYS = (HOUSING, HISTORIC)

HAZARD_GROUPS = MappingProxyType({"structure": "结构", "gas": "燃气", "corridor": "楼道", "envelope": "围护"})
JUDGEMENTS = MappingProxyType({"danger": "危险", "potential": "潜在危险", "none": "暂无危险"})
SEVERITY_NAMES = MappingProxyType({"danger": "危险", "warning": "警示", "notice": "提示"})
COLOUR_NAMES = MappingProxyType({"red": "红色", "orange": "橙色", "yellow": "黄色", "green": "绿色"})
UNDECIDED = "待定"
DRAFT_TEXT = "草稿（未定稿，不作结论）"
COLOUR_LINE = "安全标色"


@dataclass(frozen=True)
class Conclusion:
    label: str
    text: str
    source: str = ""        # which survey, record and date the line rests on
    history: bool = False   # an older final record, superseded by a newer one of the same survey


@dataclass(frozen=True)
class ColourVerdict:
    """The building's colour label (None: 待定) and why it is what it is."""

    colour: str | None
    reason: str


def record_ref(record: RecordVersion, titles: Mapping[str, str], date_separator: str = "　") -> str:
    """Name a record on paper: survey, short record number and survey date."""
    day = record.answers.get("survey_date")
    name = f"{titles.get(record.form_id, record.form_id)}　记录 {record.id[:8]}"
    return f"{name}{date_separator}{date_text(day)}" if day else name


def newest_first(records: Sequence[RecordVersion]) -> list[RecordVersion]:
    """Order a survey's records by survey date, then last change, newest first."""
    return sorted(records, key=lambda r: (str(r.answers.get("survey_date") or ""), r.updated_at, r.id), reverse=True)


def final_by_form(records: Sequence[RecordVersion]) -> dict[str, list[RecordVersion]]:
    """The final records of each survey, newest first."""
    grouped: dict[str, list[RecordVersion]] = {}
    for record in records:
        if record.status == "final":
            grouped.setdefault(record.form_id, []).append(record)
    return {form_id: newest_first(group) for form_id, group in grouped.items()}


def current_records(records: Sequence[RecordVersion]) -> list[RecordVersion]:
    """The records that decide: every final pipe segment, the newest final record of every other survey."""
    found = []
    for form_id, group in final_by_form(records).items():
        found += group if form_id == PIPELINES else group[:1]
    return found


def building_colour(records: Sequence[RecordVersion]) -> ColourVerdict:
    """The newest final housing record's colour; a hazard another survey found makes a green label 待定."""
    housing = final_by_form(records).get(HOUSING)
    if not housing:
        return ColourVerdict(None, f"{UNDECIDED}（无已定稿的房屋安全记录）")
    colour = housing[0].summary.get("colour") or None
    if colour is None:
        return ColourVerdict(None, f"{UNDECIDED}（未标色）")
    others = [r for r in current_records(records) if r.form_id != HOUSING and r.summary.get("hazard_groups")]
    if colour == "green" and others:
        return ColourVerdict(None, f"{UNDECIDED}：房屋安全记录标为绿色，但其他调查发现安全隐患，须复核")
    return ColourVerdict(colour, COLOUR_NAMES.get(colour, colour))


def grade_text(summary: Mapping[str, object]) -> str:
    appraised, computed = summary.get("appraised_grade"), summary.get("computed_grade")
    if appraised:
        note = f"；系统初算 {computed} 级" if computed and computed != appraised else ""
        return f"{appraised} 级（鉴定机构评定{note}）"
    if computed:
        reason = summary.get("jgj_grade_reason")
        return f"{computed} 级（系统初算，须经鉴定机构确认{'；' + str(reason) if reason else ''}）"
    return "未填写危房鉴定明细，未初算等级"


def source_text(finding: Mapping[str, object]) -> str:
    return " ".join(str(part) for part in (finding.get("standard"), finding.get("clause")) if part)


def finding_message(finding: Mapping[str, object]) -> str:
    """The finding's message without the citation the rules append in brackets."""
    message = str(finding.get("message") or finding.get("title") or "")
    return message.removesuffix(f"（{source_text(finding)}）")


def _housing(record: RecordVersion) -> list[Conclusion]:
    s = record.summary
    lines = [
        Conclusion("现场初判", JUDGEMENTS.get(str(s.get("initial_judgement")), "未填写")),
        Conclusion("房屋危险性等级", grade_text(s)),
        Conclusion("处理建议", str(s.get("treatment_advice") or "按安全标色处理，暂无鉴定等级")),
    ]
    if s.get("inspection_cycle_years"):
        lines.append(Conclusion("检查周期", f"每 {s['inspection_cycle_years']} 年检查一次"))
    return lines


def _no_hazard_text(summary: Mapping[str, object]) -> str:
    """Nothing ticked is "未发现" only once the checklists are answered (flags False, not None)."""
    return "待定（隐患检查尚未完成）" if summary.get("structure_hazard", False) is None else "未发现"


def _aging(record: RecordVersion) -> list[Conclusion]:
    s = record.summary
    failed = "、".join(str(t) for t in s.get("failed_check_titles") or [])
    retrofit = f"需要（不满足：{failed}）" if s.get("needs_aging_retrofit") else "不需要"
    return [Conclusion("适老化改造", retrofit),
            Conclusion("加装电梯", "需要" if s.get("needs_lift") else "不需要")]


def _historic(record: RecordVersion) -> list[Conclusion]:
    s = record.summary
    facts = []
    if s.get("demolished_illegally"):
        facts.append("已被擅自拆除")
    if s.get("listed"):
        facts.append("已挂牌建档" if s.get("plated_and_archived") else "未完成挂牌建档")
    if s.get("vacant"):
        facts.append("空置")
    return [Conclusion("历史建筑", "、".join(facts) if facts else "见调查内容")]


SURVEY_CONCLUSIONS = MappingProxyType({HOUSING: _housing, AGING: _aging, HISTORIC: _historic})


def _pipelines(records: Sequence[RecordVersion], titles: Mapping[str, str]) -> list[Conclusion]:
    due = [r for r in records if r.summary.get("renewal_due")]
    source = f"{titles.get(PIPELINES, PIPELINES)} {len(records)} 条已定稿记录"
    if not due:
        return [Conclusion("管线更新改造", f"已调查 {len(records)} 段，无应更新改造管线", source)]
    length = sum(float(r.summary.get("length_m") or 0) for r in due)
    reasons = "；".join(f"记录 {r.id[:8]}：{r.summary.get('renewal_reason') or '须更新'}" for r in due)
    return [Conclusion("管线更新改造", f"已调查 {len(records)} 段，应纳入更新改造 {len(due)} 段，"
                                 f"共 {number_text(round(length, 1))} m（{reasons}）", source)]


def _hazards(current: Sequence[RecordVersion], titles: Mapping[str, str]) -> list[Conclusion]:
    """One line for the four hazard groups, over every survey that checks them."""
    surveyed = [r for r in current if r.form_id in HAZARD_SURVEYS]
    if not surveyed:
        return []
    found: dict[str, dict[str, None]] = {}   # hazard group -> the surveys that found it, in order
    for record in surveyed:
        for group in record.summary.get("hazard_groups") or []:
            name = HAZARD_GROUPS.get(str(group), str(group))
            found.setdefault(name, {})[titles.get(record.form_id, record.form_id)] = None
    sources = "；\n".join(record_ref(r, titles, "\n") for r in surveyed)
    if not found:
        return [Conclusion("安全隐患", "未发现", sources)]
    text = "、".join(f"{group}安全隐患（{'、'.join(surveys)}）" for group, surveys in found.items())
    return [Conclusion("安全隐患", text, sources)]


def building_conclusions(records: Sequence[RecordVersion], titles: Mapping[str, str]) -> list[Conclusion]:
    """Return the conclusions of every survey of a building, housing safety first, drafts last."""
    by_form = final_by_form(records)
    housing = by_form.get(HOUSING)
    lines = [Conclusion(COLOUR_LINE, building_colour(records).reason,
                        record_ref(housing[0], titles, "\n") if housing else "")]
    for form_id, conclude in SURVEY_CONCLUSIONS.items():
        for index, record in enumerate(by_form.get(form_id, [])):
            ref = record_ref(record, titles, "\n")
            history = index > 0
            lines += [replace(c, source=ref + ("（已由较新记录取代）" if history else ""), history=history)
                      for c in conclude(record)]
        if form_id == HOUSING:
            lines += _hazards(current_records(records), titles)
    if by_form.get(PIPELINES):
        lines += _pipelines(by_form[PIPELINES], titles)
    lines += [Conclusion(titles.get(r.form_id, r.form_id), DRAFT_TEXT, record_ref(r, titles, "\n"))
              for r in records if r.status != "final"]
    return _current_before_history(lines)


def _current_before_history(lines: list[Conclusion]) -> list[Conclusion]:
    return [line for line in lines if not line.history] + [line for line in lines if line.history]
