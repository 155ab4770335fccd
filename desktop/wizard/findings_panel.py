"""The assessment beside the form: grade, colour and the standard rules that fired, live."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop import defs
from desktop.builders import create_label, vbox
from forms.assessment import Assessment
from forms.model import FormDefinition
from forms.rules.catalogue import colour_name

SUMMARY_LABELS = (
    ("grade", "等级"),
    ("computed_grade", "系统初算等级"),
    ("jgj_ratio", "危险构件综合比例"),
    ("treatment_advice", "处理建议"),
    ("colour", "标色"),
    ("envelope_severity", "围护隐患程度"),
    ("inspection_cycle_years", "检查周期（年）"),
    ("renewal_due", "应纳入更新改造"),
    ("renewal_reason", "更新依据"),
    ("needs_aging_retrofit", "需要适老化改造"),
    ("needs_lift", "需加装电梯"),
    ("pipe_age", "使用年限（年）"),
    ("plated_and_archived", "已挂牌建档"),
)
SEVERITY_MARKS = {"danger": "⛔", "warning": "⚠", "notice": "ℹ"}
SEVERITY_COLOURS = {"danger": defs.ERROR_COLOUR, "warning": "#b45309", "notice": defs.HINT_COLOUR}


class FindingsPanel(QWidget):
    """Shows the summary facts and fired rules of the latest assessment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = create_label(object_name="assessment_summary")
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        self.findings.setObjectName("findings")
        self.setMinimumWidth(defs.FINDINGS_WIDTH - 60)
        self.setMaximumWidth(defs.FINDINGS_WIDTH)
        self.setLayout(vbox(create_label("评估结果", bold=True), self.summary,
                            create_label("触发的标准条款", bold=True), self.findings,
                            spacing=defs.SMALL_SPACING))

    def show_assessment(self, assessment: Assessment) -> None:
        lines = summary_lines(assessment.summary, assessment.evaluation.form)
        self.summary.setText("<br>".join(lines) if lines else "填写后自动评估")
        self.findings.clear()
        for finding in assessment.findings:
            # The message already ends with its standard and clause; the tooltip names the rule.
            item = QListWidgetItem(f"{SEVERITY_MARKS.get(finding.severity, '')} {finding.message}")
            item.setForeground(_colour(finding.severity))
            item.setToolTip(f"{finding.title}（{finding.source}）")
            self.findings.addItem(item)


def summary_lines(summary: Mapping[str, object], form: FormDefinition) -> list[str]:
    """Return "label：value" lines (rich text) for the summary facts worth showing."""
    lines = []
    for key, label in SUMMARY_LABELS:
        value = summary.get(key)
        if (value is None or value == "" or value == []) and not (key == "colour" and key in summary):
            continue  # a survey with a colour label shows it even while it is 未标色（待定）
        lines.append(f"{label}：{_value_text(key, value, form)}")
    return lines


def _value_text(key: str, value: object, form: FormDefinition) -> str:
    if isinstance(value, str) and form.has_field(key) and form.field(key).choices:
        return form.field(key).choice_label(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "jgj_ratio" and isinstance(value, (int, float)):
        return f"{value * 100:.2f}%"
    if key == "colour":
        colour = defs.GRADE_COLOURS.get(str(value), defs.EMPTY_COLOUR)
        return f'<span style="color:{colour}">■ {colour_name(value)}</span>'
    return str(value)


def _colour(severity: str):
    from PySide6.QtGui import QColor

    return QColor(SEVERITY_COLOURS.get(severity, "#000"))
