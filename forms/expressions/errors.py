"""The one catalogue of expression error codes and the error type that carries them."""

from __future__ import annotations

from types import MappingProxyType

from forms.errors import CodedError

MESSAGES = MappingProxyType({
    "expr-001": "无法识别的字符“{char}”。请删除它，或检查是否误用了中文标点（全角括号、中文引号、中文逗号）。",
    "expr-002": "字符串没有结束，缺少收尾的引号 {quote}。请在字符串末尾补上 {quote}。",
    "expr-003": "此处不应出现{token}。请检查是否缺少运算对象、运算符或逗号。",
    "expr-004": "未知函数“{name}”。{suggestion}",
    "expr-005": "函数“{name}”需要 {expected} 个参数，实际给了 {count} 个。请补齐或删去多余的参数。",
    "expr-006": "括号不配对：{detail}。请补上或删去括号。",
    "expr-007": "引用 ${{}} 中没有字段名。请在花括号里写上字段的 key，例如 ${{floors}}。",
    "expr-008": "正则表达式“{pattern}”无效（{detail}）。请改正正则写法。",
    "expr-009": "引用“{text}”无效：{detail}。引用写作 ${{字段key}}，key 以字母或下划线开头，只含字母、数字和下划线。",
    "expr-010": "表达式嵌套过深（超过 {limit} 层）。请拆成几个计算字段。",
    "expr-011": "ODK 函数“{name}”在 CityCheck 中不可用：{reason}。请改写表达式。",
    "expr-012": "函数“{name}”的参数“{value}”无效。可用的值：{allowed}。",
})


class ExpressionError(CodedError):
    """A problem in an expression's text, located by its character position."""

    def __init__(self, code: str, where: str, message: str,
                 source: str = "", position: int = 0) -> None:
        self.source = source
        self.position = position
        super().__init__(code, where, message)

    @property
    def caret(self) -> str:
        """Return the source with a caret line under the offending character."""
        return f"{self.source}\n{' ' * self.position}^"

    def __reduce__(self):
        return (type(self), (self.code, self.where, self.message, self.source, self.position))


def expression_error(code: str, source: str, position: int, **fields: object) -> ExpressionError:
    """Build the catalogued error `code` for `source` at character `position`."""
    where = f"表达式“{source}”第 {position + 1} 个字符处"
    return ExpressionError(code, where, MESSAGES[code].format(**fields), source, position)
