"""Fast line breaking of plain CJK text for long tables, where a Paragraph per cell is too slow."""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

# Characters that must not start a line (避头点), kept on the line before.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’%,.;:?!)]")


@lru_cache(maxsize=None)
def char_widths(font_name: str) -> tuple[dict[int, float], float] | None:
    """Return (glyph widths in 1/1000 em by code point, default width) of a TrueType font, else None."""
    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    if face is None or not hasattr(face, "charWidths"):
        return None
    return face.charWidths, face.defaultWidth


def break_lines(text: str, font_name: str, size: float, width: float) -> str | None:
    """Return `text` with newlines so no line is wider than `width`; None when the font has no width table."""
    widths = char_widths(font_name)
    if widths is None:
        return None
    table, default = widths
    limit = width * 1000 / size
    lines: list[str] = []
    for paragraph in text.split("\n"):
        start, used = 0, 0.0
        for index, ch in enumerate(paragraph):
            advance = table.get(ord(ch), default)
            if used + advance > limit and index > start and ch not in NO_LINE_START:
                lines.append(paragraph[start:index])
                start, used = index, 0.0
            used += advance
        lines.append(paragraph[start:])
    return "\n".join(lines)


PLACE_SUFFIXES = ("街道", "社区", "小计", "镇", "乡", "区")


def break_place_name(name: str, font_name: str, size: float, width: float) -> str:
    """Put a place name too wide for its cell on two lines before its suffix (七星岗 / 街道), never inside a word."""
    if pdfmetrics.stringWidth(name, font_name, size) <= width:
        return name
    suffix = next((s for s in PLACE_SUFFIXES if name.endswith(s) and len(name) > len(s)), "")
    return f"{name[:-len(suffix)]}\n{suffix}" if suffix else name
