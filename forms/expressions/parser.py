"""Pratt parser from tokens to the syntax tree, with XPath operator precedence."""

from __future__ import annotations

import difflib
import re
from types import MappingProxyType

from forms.expressions.errors import ExpressionError, expression_error
from forms.expressions.functions import FUNCTIONS, UNSUPPORTED_FUNCTIONS
from forms.expressions.functions_encoding import DIGEST_ALGORITHMS, DIGEST_ENCODINGS
from forms.expressions.functions_text import compiled_pattern
from forms.expressions.nodes import Binary, Call, Current, Literal, Negate, Node, Reference, children
from forms.expressions.tokenizer import Kind, Token, tokenize

# Binding power of each infix operator: or < and < equality < relational < additive < multiplicative.
INFIX_POWER = MappingProxyType({
    "or": 10, "and": 20,
    "=": 30, "!=": 30,
    "<": 40, "<=": 40, ">": 40, ">=": 40,
    "+": 50, "-": 50,
    "*": 60, "div": 60, "mod": 60,
})
UNARY_POWER = 70
MAX_DEPTH = 100        # nested parentheses, calls and unary minus
MAX_TREE_DEPTH = 200   # also bounds long operator chains, which nest to the left
# Arguments checked when written as literals: function -> argument index -> allowed values.
LITERAL_CHOICES = MappingProxyType({
    "digest": {1: tuple(DIGEST_ALGORITHMS), 2: DIGEST_ENCODINGS},
})


def parse_tree(source: str) -> Node:
    """Parse `source` into a syntax tree; raise ExpressionError on any mistake."""
    try:
        tokens = tokenize(source)
    except ExpressionError as error:
        raise _unsupported_call(source, error.position) or error from None
    tree = _Parser(source, tokens).parse()
    if tree_depth(tree) > MAX_TREE_DEPTH:
        raise expression_error("expr-010", source, 0, limit=MAX_TREE_DEPTH)
    return tree


def _unsupported_call(source: str, position: int) -> ExpressionError | None:
    """Name an unsupported ODK call before `position` ('instance(...)/root/item' stops the tokenizer)."""
    for token in tokenize(source[:position]):
        if token.kind is Kind.NAME and token.text in UNSUPPORTED_FUNCTIONS:
            return expression_error("expr-011", source, token.position, name=token.text,
                                    reason=UNSUPPORTED_FUNCTIONS[token.text])
    return None


def tree_depth(root: Node) -> int:
    """Return the number of levels in the tree under `root`, without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children(node))
    return deepest


class _Parser:
    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def parse(self) -> Node:
        tree = self.expression(0)
        token = self.peek()
        if token.kind is Kind.RPAREN:
            raise self.error("expr-006", token, detail="多了一个右括号“)”")
        if token.kind is not Kind.END:
            raise self.error("expr-003", token, token=_describe(token))
        return tree

    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def error(self, code: str, at: Token, **fields):
        return expression_error(code, self.source, at.position, **fields)

    def expression(self, min_power: int) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error("expr-010", self.peek(), limit=MAX_DEPTH)
        left = self.prefix(self.advance())
        while True:
            token = self.peek()
            power = INFIX_POWER.get(token.text) if token.kind is Kind.OPERATOR else None
            if power is None or power <= min_power:
                break
            self.advance()
            left = Binary(token.text, left, self.expression(power))
        self.depth -= 1
        return left

    def prefix(self, token: Token) -> Node:
        if token.kind in (Kind.NUMBER, Kind.STRING):
            return Literal(token.value)
        if token.kind is Kind.REF:
            return Reference(token.value)
        if token.kind is Kind.CURRENT:
            return Current()
        if token.kind is Kind.OPERATOR and token.text == "-":
            return Negate(self.expression(UNARY_POWER))
        if token.kind is Kind.LPAREN:
            return self.group(token)
        if token.kind is Kind.NAME:
            return self.call(token)
        raise self.error("expr-003", token, token=_describe(token))

    def group(self, opening: Token) -> Node:
        inner = self.expression(0)
        self.expect_closing(opening)
        return inner

    def expect_closing(self, opening: Token) -> None:
        token = self.advance()
        if token.kind is Kind.RPAREN:
            return
        if token.kind is Kind.END:
            raise self.error("expr-006", opening, detail="这个左括号“(”没有对应的右括号")
        raise self.error("expr-003", token, token=_describe(token))

    def call(self, name: Token) -> Call:
        opening = self.advance()
        if opening.kind is not Kind.LPAREN:
            raise self.error("expr-003", name, token=_bare_word(name.text))
        if name.text in UNSUPPORTED_FUNCTIONS:
            raise self.error("expr-011", name, name=name.text, reason=UNSUPPORTED_FUNCTIONS[name.text])
        function = FUNCTIONS.get(name.text)
        if function is None:
            raise self.error("expr-004", name, name=name.text, suggestion=_suggest(name.text))
        starts = []
        arguments = self.arguments(opening, starts)
        if not function.accepts(len(arguments)):
            raise self.error("expr-005", name, name=name.text,
                             expected=function.arity(), count=len(arguments))
        if name.text == "regex":
            self.check_pattern(arguments[1], starts[1])
        self.check_choices(name.text, arguments, starts)
        return Call(name.text, arguments)

    def arguments(self, opening: Token, starts: list[Token]) -> tuple[Node, ...]:
        """Parse a call's arguments, noting in `starts` each argument's first token."""
        if self.peek().kind is Kind.RPAREN:
            self.advance()
            return ()
        starts.append(self.peek())
        arguments = [self.expression(0)]
        while self.peek().kind is Kind.COMMA:
            self.advance()
            starts.append(self.peek())
            arguments.append(self.expression(0))
        self.expect_closing(opening)
        return tuple(arguments)

    def check_pattern(self, argument: Node, start: Token) -> None:
        """Reject a literal regex pattern that does not compile, at load time."""
        if isinstance(argument, Literal) and isinstance(argument.value, str):
            if compiled_pattern(argument.value) is None:
                raise self.error("expr-008", start, pattern=argument.value,
                                 detail=_regex_problem(argument.value))


    def check_choices(self, name: str, arguments: tuple[Node, ...], starts: list[Token]) -> None:
        """Reject a literal argument outside the values the function knows (digest's algorithm)."""
        for index, allowed in LITERAL_CHOICES.get(name, {}).items():
            argument = arguments[index] if index < len(arguments) else None
            if isinstance(argument, Literal) and argument.value not in allowed:
                raise self.error("expr-012", starts[index], name=name, value=argument.value,
                                 allowed="、".join(allowed))


def _describe(token: Token) -> str:
    if token.kind is Kind.END:
        return "表达式结尾（表达式不完整）"
    return f"“{token.text}”"


def _bare_word(word: str) -> str:
    return f"不带引号的文字“{word}”（文字请加引号，如 '{word}'；调用函数请写 {word}(…)）"


def _suggest(name: str) -> str:
    matches = difflib.get_close_matches(name.lower(), sorted(FUNCTIONS), n=1, cutoff=0.6)
    if matches:
        return f"是否想写“{matches[0]}”？"
    return "请检查拼写，可用函数：" + "、".join(sorted(FUNCTIONS)) + "。"


def _regex_problem(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as problem:
        return str(problem)
    except (RecursionError, OverflowError, ValueError):
        return "过于复杂"
    return "无法编译"
