"""The catalogue of coded errors a form definition can raise, one place for all."""

from __future__ import annotations

import difflib
from types import MappingProxyType

from forms.errors import CodedError

MESSAGES = MappingProxyType({
    "form-001": "文件无法读取或不是有效的 YAML：{detail}；请用文本编辑器检查缩进与引号。",
    "form-002": "缺少必填项 {item}；请在文件顶层补上 {item}。",
    "form-003": "未知的字段类型 {value}；可用类型：{allowed}{suggestion}",
    "form-004": "字段键 {key} 重复（首次出现在 {first}）；每个字段键在表单内必须唯一，请改名。",
    "form-005": "标签“{label}”在同一页重复（另见字段 {other}）；请让标签可区分。",
    "form-006": "选项列表 {name} 不存在{suggestion}",
    "form-007": "选项列表 {name} 是空的；请至少列出一个选项（code 与 label）。",
    "form-008": "选项列表 {name} 中的编码 {value} 重复；编码必须唯一且稳定。",
    "form-009": "{attribute} 表达式有误：{detail}",
    "form-010": "缺少中文标签 label；请为 {what} 填写 label。",
    "form-011": "{detail}",
    "form-012": "{attribute} 引用了 ${{{ref}}}，但该字段不存在{suggestion}",
    "form-013": "计算字段之间存在循环引用：{cycle}；请打断其中一个引用。",
    "form-014": "类型不匹配：{detail}",
    "form-015": "页面键 {key} 重复；每页的 key 必须唯一。",
    "form-016": "未知属性 {attribute}{suggestion}",
    "form-017": "键 {key} 不合法；只能用小写英文字母、数字和下划线，并以字母开头。",
    "form-018": "参数 {key} {detail}",
    "form-019": "{attribute} 中 {function}() 的编码 '{value}' 不在字段 {field} 的选项中{suggestion}",
    "form-020": "城市配置引用了 {what}，但它不存在{suggestion}",
})


class DefinitionError(CodedError):
    """One problem found in a form definition."""

    catalogue = MESSAGES


class DefinitionErrors(CodedError):
    """Every problem found while loading one or more definitions."""

    def __init__(self, problems: list[DefinitionError]) -> None:
        self.problems = tuple(problems)
        first = problems[0]
        super().__init__(first.code, first.where, first.message)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)

    def __reduce__(self):
        return (type(self), (list(self.problems),))


def did_you_mean(word: str, candidates, template: str = "；是不是想写 {}？") -> str:
    """Return a '; did you mean X?' suffix in Chinese, or a plain full stop."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return template.format(close[0]) if close else "。"
