"""Any text in a cell and back: characters an xlsx file cannot hold are escaped, never dropped.

Cell text is escaped the way Excel does it: `_xHHHH_` stands for the character HHHH, and a
literal `_x` that would read as one is written with its underscore escaped (`_x005F_`).
python-calamine decodes `_x0000_`..`_x00FF_` only, so characters above U+00FF that XML forbids
(U+FFFE, U+FFFF, lone surrogates) travel as `_x0000_` + four hex digits, and a NUL typed by a
user as `_x0000_` twice: after python-calamine, NUL is an escape that no other text produces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat

ESCAPE = "\x00"        # what python-calamine gives for `_x0000_`; starts the escapes above U+00FF
LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NEEDS_ESCAPING = re.compile("_x|[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ESCAPED = re.compile("\x00(\x00|[0-9A-F]{4})")


def escape_cell_text(text: str) -> str:
    """Return `text` as it is written inside a cell's `<t>` element (before XML's own escaping)."""
    if not NEEDS_ESCAPING.search(text):
        return text
    return FORBIDDEN.sub(_escape_character, LITERAL_ESCAPE.sub("_x005F_", text))


def unescape_cell_text(text: str) -> str:
    """Return the text that `escape_cell_text` wrote, from what python-calamine read back."""
    if ESCAPE not in text:
        return text
    return ESCAPED.sub(lambda m: ESCAPE if m[1] == ESCAPE else chr(int(m[1], 16)), text)


def unescape_column(values: Sequence[object]) -> Sequence[object]:
    """A column of python-calamine values with escaped texts turned back (most columns hold none)."""
    kinds = set(map(type, values))
    if str not in kinds:
        return values
    if kinds == {str}:
        escaped = any(map(str.__contains__, values, repeat(ESCAPE)))
    else:
        escaped = any(isinstance(value, str) and ESCAPE in value for value in values)
    return [unescape_cell_text(v) if isinstance(v, str) else v for v in values] if escaped else values


def _escape_character(match: re.Match) -> str:
    code = ord(match[0])
    if code == 0:
        return "_x0000__x0000_"
    return f"_x{code:04X}_" if code <= 0xFF else f"_x0000_{code:04X}"
