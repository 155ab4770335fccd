"""Paragraph and table styles of the PDF reports, built once per font."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from forms.rules.catalogue import rule_catalogue

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
CELL_PADDING_X = 3         # left and right padding of every table cell

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#B8C2CC")
HEADER_FILL = colors.HexColor("#E8EEF4")
ZEBRA_FILL = colors.HexColor("#F6F8FA")
ACCENT = colors.HexColor("#1F5F8B")

# Colour labels of the preliminary judgement (DOMAIN.md: red / orange / yellow / green).
LABEL_COLOURS = MappingProxyType({
    "red": colors.HexColor("#C62828"),
    "orange": colors.HexColor("#EF6C00"),
    "yellow": colors.HexColor("#F9A825"),
    "green": colors.HexColor("#2E7D32"),
})
LABEL_NAMES = rule_catalogue().colour_names
UNLABELLED = colors.HexColor("#90A4AE")
WATERMARK = colors.Color(0.75, 0.2, 0.2, alpha=0.12)
DRAFT_INK = colors.HexColor("#B71C1C")


@dataclass(frozen=True)
class ReportStyles:
    """Every style a report uses, so a subclass can swap one piece."""

    font: str
    cover_title: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    cell_small_header: ParagraphStyle
    cell_label: ParagraphStyle
    cell_header: ParagraphStyle
    caption: ParagraphStyle
    page_header: ParagraphStyle
    page_footer: ParagraphStyle
    page_number: ParagraphStyle
    draft_note: ParagraphStyle

    def table(self, *, header_rows: int = 1, zebra: bool = True) -> TableStyle:
        """Return the grid style of a data table with `header_rows` shaded heading rows."""
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING_X),
        ]
        if header_rows:
            commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL))
        if zebra:
            commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA_FILL]))
        return TableStyle(commands)

    def key_value(self) -> TableStyle:
        """Return the style of a two-column label/answer table."""
        return TableStyle([
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING_X),
        ])

    @staticmethod
    def plain_text(style: ParagraphStyle, start: tuple[int, int], end: tuple[int, int]) -> list[tuple]:
        """Table commands that draw plain-string cells in `style`'s font, size, leading and colour."""
        return [("FONTNAME", start, end, style.fontName), ("FONTSIZE", start, end, style.fontSize),
                ("LEADING", start, end, style.leading), ("TEXTCOLOR", start, end, style.textColor)]


@lru_cache(maxsize=None)
def report_styles(font: str) -> ReportStyles:
    """Build the styles for a registered font name once per process."""
    def style(name: str, size: float, leading: float, **extra) -> ParagraphStyle:
        extra.setdefault("textColor", INK)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **extra)

    return ReportStyles(
        font=font,
        cover_title=style("cover_title", 26, 36, alignment=TA_CENTER, spaceAfter=14),
        title=style("title", 18, 24, alignment=TA_CENTER, spaceAfter=6),
        heading=style("heading", 13, 18, textColor=ACCENT, spaceBefore=10, spaceAfter=4),
        subheading=style("subheading", 10.5, 14, spaceBefore=6, spaceAfter=2),
        body=style("body", 9.5, 14),
        small=style("small", 8, 11, textColor=MUTED),
        cell=style("cell", 8.5, 11.5),
        cell_small=style("cell_small", 7.5, 9.5),
        cell_small_header=style("cell_small_header", 7.5, 9.5),
        cell_label=style("cell_label", 8.5, 11.5, textColor=MUTED),
        cell_header=style("cell_header", 8.5, 11.5),
        caption=style("caption", 7.5, 10, alignment=TA_CENTER, textColor=MUTED),
        page_header=style("page_header", 8, 10, textColor=MUTED),
        page_footer=style("page_footer", 8, 10, alignment=TA_RIGHT, textColor=MUTED),
        page_number=style("page_number", 8, 10, textColor=MUTED),
        draft_note=style("draft_note", 9, 12, textColor=DRAFT_INK),
    )
