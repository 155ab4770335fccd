"""The 评估摘要 column: the assessment summary in plain Chinese, in a fixed order."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from forms.rules.catalogue import colour_name, rule_catalogue

SEPARATOR = "；"
# Summary keys people read, in the order they read them (the rest stays in the hidden 计算数据).
SUMMARY_LABELS = MappingProxyType({
    "grade": "等级", "computed_grade": "初算等级", "colour": "标色", "treatment_advice": "处理建议",
    "jgj_ratio": "危险构件综合比例", "hazard_groups": "隐患类别", "envelope_severity": "围护隐患程度",
    "building_age": "房龄（年）", "inspection_cycle_years": "检查周期（年）",
    "renewal_due": "应更新改造", "renewal_reason": "更新依据", "pipe_age": "管龄（年）",
    "needs_aging_retrofit": "需要适老化改造", "failed_check_titles": "未通过的检查",
    "needs_lift": "需加装电梯", "old_estate": "老旧小区",
    "listed": "已公布历史建筑", "vacant": "空置", "plated_and_archived": "已挂牌建档",
    "demolished_illegally": "擅自拆除",
})
VALUE_LABELS = MappingProxyType({
    "colour": rule_catalogue().colour_names,
    "hazard_groups": {"structure": "结构", "gas": "燃气", "corridor": "楼道", "envelope": "围护"},
    "envelope_severity": {"none": "无隐患", "minor": "有隐患", "major": "隐患较大", "severe": "隐患严重"},
})


def summary_text(summary: Mapping[str, object]) -> str | None:
    """Return "等级：B；标色：黄色；…" for the summary keys people read, or None when there are none."""
    parts = []
    for key, label in SUMMARY_LABELS.items():
        value = summary.get(key)
        if key == "colour" and key in summary and not value:
            parts.append(f"{label}：{colour_name(value)}")  # 未标色（待定）, never left out as if green
            continue
        if value in (None, "", [], {}):
            continue
        parts.append(f"{label}：{_plain(value, VALUE_LABELS.get(key, {}), key)}")
    return SEPARATOR.join(parts) or None


def _plain(value: object, labels: Mapping[str, str], key: str) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(_plain(item, labels, key) for item in value)
    if key == "jgj_ratio" and isinstance(value, (int, float)):
        return f"{value * 100:.1f}%"
    return labels.get(value, str(value)) if isinstance(value, str) else str(value)
