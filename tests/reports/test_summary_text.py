"""The 评估摘要 column reads the summary plainly; an unlabelled building is 待定, never green."""

from __future__ import annotations

from forms.assessment import assess
from forms.loader import load_catalog
from reports.excel.format.summary_text import summary_text


def test_blank_housing_record_reads_pending_not_green():
    summary = assess(load_catalog()["housing_safety"], {"district": "渝中区"}).summary
    text = summary_text(summary)
    assert "标色：未标色（待定）" in text
    assert "绿色" not in text and "无隐患" not in text


def test_labelled_colour_and_surveys_without_colour():
    assert summary_text({"grade": "B", "colour": "green"}) == "等级：B；标色：绿色"
    assert summary_text({"renewal_due": False}) == "应更新改造：否"
