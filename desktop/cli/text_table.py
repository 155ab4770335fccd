"""Plain-text tables for the terminal that stay aligned with Chinese (double-width) text."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, align: str = "<") -> str:
    gap = " " * max(width - display_width(text), 0)
    return text + gap if align == "<" else gap + text


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]], right: Sequence[int] | None = None) -> str:
    """Return rows as aligned text; columns in `right` (default: all but the first) are right-aligned."""
    right = range(1, len(header)) if right is None else right
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = [pad(cell, widths[i], ">" if i in right else "<") for i, cell in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)
