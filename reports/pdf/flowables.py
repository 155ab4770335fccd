"""Reusable report pieces: key/value tables, data tables, colour badges, photo grids, signatures."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, LongTable, Paragraph, Spacer, Table, TableStyle

from forms.rules.catalogue import colour_name
from reports.pdf.answers import AnswerLine, AnswerTable, PhotoRef
from reports.pdf.glyphs import ReportFonts
from reports.pdf.linebreak import break_lines
from reports.pdf.styles import CELL_PADDING_X, CONTENT_WIDTH, LABEL_COLOURS, RULE, UNLABELLED, ReportStyles

# Given photo hashes and whether thumbnails will do, return the bytes of those found (one store query).
PhotoLoader = Callable[[Sequence[str], bool], Mapping[str, bytes]]
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

    def cell(self, text: object, style, width: float | None) -> str | Paragraph:
        """A table cell: plain pre-broken text when the body font has every character, else a Paragraph.

        Plain cells skip reportlab's markup parser and CJK wrapper, the bulk of a long table's time.
        """
        plain = "" if text is None else str(text)
        if self.fonts.covers(plain):
            broken = plain if width is None else break_lines(plain, self.fonts.name, style.fontSize,
                                                            width - 2 * CELL_PADDING_X)
            if broken is not None:
                return broken
        return self.rich("<br/>".join(self.fonts.markup(part, style.fontSize) for part in plain.split("\n")), style)

    def key_values(self, lines: Sequence[AnswerLine]) -> Table:
        """Two label/answer pairs a row; a long answer takes a full row."""
        cell, label = self.styles.cell, self.styles.cell_label
        label_width, value_width = 0.19 * CONTENT_WIDTH, 0.31 * CONTENT_WIDTH
        rows, spans, pending = [], [], []
        for line in lines:
            if len(line.text) > LONG_ANSWER:
                spans.append(len(rows))
                rows.append([self.cell(line.label, label, label_width),
                             self.cell(line.text, cell, CONTENT_WIDTH - label_width), "", ""])
                continue
            pending += [self.cell(line.label, label, label_width), self.cell(line.text, cell, value_width)]
            if len(pending) == 4:
                rows.append(pending)
                pending = []
        if pending:
            rows.append(pending + ["", ""])
        table = Table(rows, colWidths=[label_width, value_width] * 2)
        style = self.styles.key_value()
        for column, column_style in enumerate((label, cell, label, cell)):
            for command in self.styles.plain_text(column_style, (column, 0), (column, -1)):
                style.add(*command)
        for row in spans:
            style.add("SPAN", (1, row), (3, row))
        table.setStyle(style)
        return table

    def data_table(self, columns: Sequence[str], rows: Sequence[Sequence[object]],
                   widths: Sequence[float] | None = None, *, long: bool = False) -> Table:
        """A gridded table with a shaded heading row repeated on every page."""
        return self.text_table(columns, rows, widths, self.styles.cell, self.styles.cell_header, long=long)

    def text_table(self, columns: Sequence[str], rows: Sequence[Sequence[object]],
                   widths: Sequence[float] | None, body_style, header_style, *, long: bool = False) -> Table:
        """A data table in the given body and heading styles (heading repeated on every page)."""
        column_widths = widths or [None] * len(columns)
        header = [self.cell(text, header_style, w) for text, w in zip(columns, column_widths)]
        body = [[self.cell(text, body_style, w) for text, w in zip(row, column_widths)] for row in rows]
        kind = LongTable if long else Table
        table = kind([header, *body], colWidths=widths, repeatRows=1)
        style = self.styles.table()
        for command in [*self.styles.plain_text(header_style, (0, 0), (-1, 0)),
                        *self.styles.plain_text(body_style, (0, 1), (-1, -1))]:
            style.add(*command)
        table.setStyle(style)
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
        name = colour_name(colour)
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
        loaded = load([ref.sha256 for ref in photos], True)
        cells = [[self.photo(loaded.get(ref.sha256), width - 6 * mm, GRID_IMAGE_HEIGHT),
                  self.para(f"图 {index}  {ref.caption}", self.styles.caption)]
                 for index, ref in enumerate(photos, start=1)]
        rows = [cells[i:i + GRID_COLUMNS] for i in range(0, len(cells), GRID_COLUMNS)]
        rows[-1] += [""] * (GRID_COLUMNS - len(rows[-1]))
        table = Table(rows, colWidths=[width] * GRID_COLUMNS)
        table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return table

    def signature_block(self, title: str, roles: Sequence[tuple[str, str]]) -> KeepTogether:
        """A heading and one signing line per (role, printed name) with a date line, kept on one page."""
        rows = [[self.para(f"{role}{f'（{name}）' if name else ''}签字：", self.styles.body), "",
                 self.para("日期：", self.styles.body), self.para("　　　　年　　月　　日", self.styles.body)]
                for role, name in roles]
        table = Table(rows, colWidths=[50 * mm, 52 * mm, 18 * mm, 50 * mm], rowHeights=[14 * mm] * len(rows))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("LINEBELOW", (1, 0), (1, -1), 0.6, RULE),
                                   ("LINEBELOW", (3, 0), (3, -1), 0.6, RULE)]))
        return KeepTogether([self.para(title, self.styles.heading), Spacer(1, 2 * mm), table])
