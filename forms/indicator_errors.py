"""The catalogue of coded errors the indicator table can raise."""

from __future__ import annotations

from types import MappingProxyType

from forms.errors import CodedError

MESSAGES = MappingProxyType({
    "indicator-001": "指标目录文件有误：{detail}；请对照 forms/indicators/catalogue.yaml 的说明修改。",
    "indicator-002": "未知的汇总层级 {group_by}；可选：district（区）、street（街道）、community（社区）。",
})


class IndicatorError(CodedError):
    """The indicator catalogue or a request for the table is wrong."""

    catalogue = MESSAGES
