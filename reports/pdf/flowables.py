"""Reusable report pieces: key/value tables, data tables, colour badges, photo grids, signatures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, LongTable, Paragraph, Spacer, Table, TableStyle

from reports.pdf.answers import AnswerLine, AnswerTable, PhotoRef
from reports.pdf.glyphs import ReportFonts
from reports.pdf.styles import CONTENT_WIDTH, LABEL_COLOURS, LABEL_NAMES, RULE, UNLABELLED, ReportStyles

PhotoLoader = Callable[[str, bool], "bytes | None"]
LONG_ANSWER = 22          # characters: longer answers get a full-width row
GRID_COLUMNS = 3
GRID_IMAGE_HEIGHT = 42 * mm
MISSING_PHOTO = "（照片缺失）"


class Pieces:
    """Builds flowables with one report's fonts and styles."""

    def __init__(self, fonts: ReportFonts, styles: ReportStyles) -> None:
        self.fonts = fonts
        self.styles = styles

    def para(self, text: object, style=None) -> Paragraph:
        style = style or self.styles.body
        return Paragraph(self.fonts.markup(text, style.fontSize), style)

    def rich(self, markup: str, style=None) -> Paragraph:
        """Paragraph from markup the caller built with `self.fonts.markup` pieces."""
        return Paragraph(markup, style or self.styles.body)

    def key_values(self, lines: Sequence[AnswerLine]) -> Table:
        """Two label/answer pairs a row; a long answer takes a full row."""
        cell, label = self.styles.cell, self.styles.cell_label
        rows, spans, pending = [], [], []
        for line in lines:
            pair = [self.para(line.label, label), self.para(line.text, cell)]
            if len(line.text) > LONG_ANSWER:
                spans.append(len(rows))
                rows.append([*pair, "", ""])
                continue
            pending += pair
            if len(pending) == 4:
                rows.append(pending)
                pending = []
        if pending:
            rows.append(pending + ["", ""])
        widths = [0.19 * CONTENT_WIDTH, 0.31 * CONTENT_WIDTH] * 2
        table = Table(rows, colWidths=widths)
        style = self.styles.key_value()
        for row in spans:
            style.add("SPAN", (1, row), (3, row))
        table.setStyle(style)
        return table

    def data_table(self, columns: Sequence[str], rows: Sequence[Sequence[object]],
                   widths: Sequence[float] | None = None, *, long: bool = False) -> Table:
        """A gridded table with a shaded heading row repeated on every page."""
        header = [self.para(text, self.styles.cell_header) for text in columns]
        body = [[self.para(text, self.styles.cell) for text in row] for row in rows]
        kind = LongTable if long else Table
        table = kind([header, *body], colWidths=widths, repeatRows=1)
        table.setStyle(self.styles.table())
        return table

    def answer_table(self, table: AnswerTable) -> list[Flowable]:
        if not table.rows:
            return [self.para(f"{table.label}：无", self.styles.cell)]
        count = len(table.columns)
        widths = [10 * mm] + [(CONTENT_WIDTH - 10 * mm) / (count - 1)] * (count - 1)
        return [self.para(table.label, self.styles.subheading), self.data_table(table.columns, table.rows, widths)]

    def colour_badge(self, colour: str | None, text: str = "", width: float = 38 * mm) -> Table:
        """A filled box in the label colour with its Chinese name (grey when unlabelled)."""
        fill = LABEL_COLOURS.get(colour or "", UNLABELLED)
        name = LABEL_NAMES.get(colour or "", "未标色")
        style = self.styles.cell_header.clone("badge", textColor=colors.white, alignment=1, fontSize=10, leading=13)
        badge = Table([[self.para(f"{name}{(' · ' + text) if text else ''}", style)]], colWidths=[width])
        badge.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), fill),
                                   ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
        return badge

    def photo(self, data: bytes | None, max_width: float, max_height: float) -> Flowable:
        """The photo scaled to fit the box, or a note when it is missing or unreadable."""
        if not data:
            return self.para(MISSING_PHOTO, self.styles.small)
        try:
            width, height = ImageReader(BytesIO(data)).getSize()
        except (OSError, ValueError):
            return self.para(MISSING_PHOTO, self.styles.small)
        scale = min(max_width / width, max_height / height)
        return Image(BytesIO(data), width * scale, height * scale)

    def photo_grid(self, photos: Sequence[PhotoRef], load: PhotoLoader) -> Table:
        """Photos three to a row, each with its caption underneath."""
        width = CONTENT_WIDTH / GRID_COLUMNS
        cells = [[self.photo(load(ref.sha256, True), width - 6 * mm, GRID_IMAGE_HEIGHT),
                  self.para(f"图 {index}  {ref.caption}", self.styles.caption)]
                 for index, ref in enumerate(photos, start=1)]
        rows = [cells[i:i + GRID_COLUMNS] for i in range(0, len(cells), GRID_COLUMNS)]
        rows[-1] += [""] * (GRID_COLUMNS - len(rows[-1]))
        table = Table(rows, colWidths=[width] * GRID_COLUMNS)
        table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return table

    def signature_block(self, roles: Sequence[tuple[str, str]]) -> KeepTogether:
        """One signing line per (role, printed name) with a date line."""
        rows = [[self.para(f"{role}{f'（{name}）' if name else ''}签字：", self.styles.body), "",
                 self.para("日期：", self.styles.body), self.para("　　　　年　　月　　日", self.styles.body)]
                for role, name in roles]
        table = Table(rows, colWidths=[50 * mm, 52 * mm, 18 * mm, 50 * mm], rowHeights=[14 * mm] * len(rows))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("LINEBELOW", (1, 0), (1, -1), 0.6, RULE),
                                   ("LINEBELOW", (3, 0), (3, -1), 0.6, RULE)]))
        return KeepTogether([Spacer(1, 6 * mm), table])
