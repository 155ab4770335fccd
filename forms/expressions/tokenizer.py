"""Split expression text into tokens; never evaluates anything."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from forms.expressions.errors import expression_error


class Kind(Enum):
    REF = "ref"
    CURRENT = "current"
    NUMBER = "number"
    STRING = "string"
    OPERATOR = "operator"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    NAME = "name"
    END = "end"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    position: int
    value: object = None


WORD_OPERATORS = frozenset({"or", "and", "div", "mod"})
_SYMBOL_OPERATORS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*")
_NUMBER = re.compile(r"\d+(?:\.\d*)?|\.\d+")
# A function name may hold '-', '.' and a namespace prefix such as 'jr:'.
_LONG_NAME = re.compile(r"[A-Za-z_][\w.:-]*", re.ASCII)
_SHORT_NAME = re.compile(r"[A-Za-z_]\w*", re.ASCII)
_REF_NAME = re.compile(r"[A-Za-z_]\w*", re.ASCII)
_SPACE = re.compile(r"\s*")
_PUNCTUATION = {"(": Kind.LPAREN, ")": Kind.RPAREN, ",": Kind.COMMA}


def tokenize(source: str) -> list[Token]:
    """Return the tokens of `source`, ending with an END token."""
    tokens: list[Token] = []
    position = _SPACE.match(source).end()
    while position < len(source):
        token, position = _next_token(source, position)
        tokens.append(token)
        position = _SPACE.match(source, position).end()
    tokens.append(Token(Kind.END, "", len(source)))
    return tokens


def _next_token(source: str, position: int) -> tuple[Token, int]:
    char = source[position]
    if source.startswith("${", position):
        return _reference(source, position)
    if char in "'\"":
        return _string(source, position)
    number = _NUMBER.match(source, position)
    if number:
        text = number.group()
        return Token(Kind.NUMBER, text, position, float(text)), number.end()
    if char == ".":
        return Token(Kind.CURRENT, ".", position), position + 1
    if char in _PUNCTUATION:
        return Token(_PUNCTUATION[char], char, position), position + 1
    for symbol in _SYMBOL_OPERATORS:
        if source.startswith(symbol, position):
            return Token(Kind.OPERATOR, symbol, position), position + len(symbol)
    if _SHORT_NAME.match(source, position):
        return _word(source, position)
    raise expression_error("expr-001", source, position, char=char)


def _reference(source: str, position: int) -> tuple[Token, int]:
    close = source.find("}", position + 2)
    if close < 0:
        raise expression_error("expr-009", source, position, text=source[position:],
                               detail="缺少右花括号 }")
    name = source[position + 2:close].strip()
    if not name:
        raise expression_error("expr-007", source, position)
    if not _REF_NAME.fullmatch(name):
        raise expression_error("expr-009", source, position, text=source[position:close + 1],
                               detail="字段名含有不允许的字符")
    return Token(Kind.REF, source[position:close + 1], position, name), close + 1


def _string(source: str, position: int) -> tuple[Token, int]:
    quote = source[position]
    close = source.find(quote, position + 1)
    if close < 0:
        raise expression_error("expr-002", source, position, quote=quote)
    text = source[position:close + 1]
    return Token(Kind.STRING, text, position, text[1:-1]), close + 1


def _word(source: str, position: int) -> tuple[Token, int]:
    """Read a keyword operator or a function name.

    A long name ('count-selected', 'jr:choice-name') is only taken when a '('
    follows it; otherwise '-' is minus and the word ends before it.
    """
    long_match = _LONG_NAME.match(source, position)
    after = _SPACE.match(source, long_match.end()).end()
    if long_match.group() not in WORD_OPERATORS and source.startswith("(", after):
        return Token(Kind.NAME, long_match.group(), position), long_match.end()
    word = _SHORT_NAME.match(source, position).group()
    kind = Kind.OPERATOR if word in WORD_OPERATORS else Kind.NAME
    return Token(kind, word, position), position + len(word)
