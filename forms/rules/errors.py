"""The catalogue of coded errors the standard rules can raise."""

from __future__ import annotations

from types import MappingProxyType

from forms.errors import CodedError

MESSAGES = MappingProxyType({
    "rule-001": "缺少规则参数 {key}；请在表单定义的 parameters 中补上 {key}，或在城市配置中设置。",
    "rule-002": "参数 {key} 的值 {value!r} 不是数值；请填写数字。",
    "rule-003": "规则目录中没有规则 {rule_id}；请在 forms/rules/catalogue.yaml 中登记。",
    "rule-004": "规则目录文件有误：{detail}",
})


class RuleError(CodedError):
    """A rule cannot run because its data (parameters, catalogue) is wrong."""

    catalogue = MESSAGES
