"""Reusable report pieces: key/value tables, data tables, colour badges, photo grids, signatures."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    LongTable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from forms.rules.catalogue import colour_name
from reports.pdf.answers import AnswerLine, AnswerTable, PhotoRef
from reports.pdf.glyphs import ReportFonts
from reports.pdf.issue import ReportIssue
from reports.pdf.linebreak import break_lines
from reports.pdf.styles import CELL_PADDING_X, CONTENT_WIDTH, LABEL_COLOURS, RULE, UNLABELLED, ReportStyles

# Given photo hashes and whether thumbnails will do, return the bytes of those found (one store query).
PhotoLoader = Callable[[Sequence[str], bool], Mapping[str, bytes]]
LONG_ANSWER = 22          # characters: longer answers get a full-width row
LONG_TEXT = 300           # characters: longer answers leave the table and print as paragraphs
KEEP_WITH_HEADING = 40 * mm   # a heading needs this much room below it for its first rows, else a new page
SEAL_SIZE = 40 * mm
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

    def cell(self, text: object, style, width: float | None) -> str | list[Paragraph]:
        """A table cell: plain pre-broken text when the body font has every character, else a Paragraph.

        Plain cells skip reportlab's markup parser and CJK wrapper, the bulk of a long table's time.
        A Paragraph comes in a list: only then can a tall row be split across pages.
        """
        plain = "" if text is None else str(text)
        if self.fonts.covers(plain):
            broken = plain if width is None else break_lines(plain, self.fonts.name, style.fontSize,
                                                            width - 2 * CELL_PADDING_X)
            if broken is not None:
                return broken
        return [self.rich("<br/>".join(self.fonts.markup(part, style.fontSize) for part in plain.split("\n")),
                          style)]

    def headed(self, heading: Flowable | Sequence[Flowable], body: Sequence[Flowable],
               keep: float = KEEP_WITH_HEADING) -> list[Flowable]:
        """The heading(s) then the body; a new page first unless `keep` is left for the heading and first rows."""
        heads = [heading] if isinstance(heading, Flowable) else list(heading)
        return [CondPageBreak(keep), *heads, *body]

    def key_value_blocks(self, lines: Sequence[AnswerLine]) -> list[Flowable]:
        """Key/value tables; an answer too long for a cell is printed between them as paragraphs."""
        blocks: list[Flowable] = []
        short: list[AnswerLine] = []
        for line in lines:
            if len(line.text) <= LONG_TEXT:
                short.append(line)
                continue
            if short:
                blocks.append(self.key_values(short))
                short = []
            blocks += [self.para(line.label, self.styles.cell_label), self.para(line.text, self.styles.cell),
                       Spacer(1, 2 * mm)]
        if short:
            blocks.append(self.key_values(short))
        return blocks

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
        table = Table(rows, colWidths=[label_width, value_width] * 2, splitInRow=1)
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
        table = kind([header, *body], colWidths=widths, repeatRows=1, splitInRow=1)
        style = self.styles.table()
        for command in [*self.styles.plain_text(header_style, (0, 0), (-1, 0)),
                        *self.styles.plain_text(body_style, (0, 1), (-1, -1)), *no_lone_rows(rows)]:
            style.add(*command)
        table.setStyle(style)
        return table

    def answer_table(self, table: AnswerTable) -> list[Flowable]:
        if not table.rows:
            return [self.para(f"{table.label}：无", self.styles.cell)]
        count = len(table.columns)
        widths = [10 * mm] + [(CONTENT_WIDTH - 10 * mm) / (count - 1)] * (count - 1)
        return self.headed(self.para(table.label, self.styles.subheading),
                           [self.data_table(table.columns, table.rows, widths)])

    def colour_badge(self, colour: str | None, text: str = "", width: float = 38 * mm) -> Table:
        """A filled box in the label colour with its Chinese name (grey 待定 when unlabelled)."""
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

    def photo_grid(self, figures: Sequence[tuple[int, PhotoRef]], load: PhotoLoader) -> Table:
        """Numbered photos three to a row, each with 图 n and its caption underneath."""
        width = CONTENT_WIDTH / GRID_COLUMNS
        loaded = load([ref.sha256 for _n, ref in figures], True)
        cells = [[self.photo(loaded.get(ref.sha256), width - 6 * mm, GRID_IMAGE_HEIGHT),
                  self.para(f"图 {number}  {ref.caption}", self.styles.caption)]
                 for number, ref in figures]
        rows = [cells[i:i + GRID_COLUMNS] for i in range(0, len(cells), GRID_COLUMNS)]
        rows[-1] += [""] * (GRID_COLUMNS - len(rows[-1]))
        table = Table(rows, colWidths=[width] * GRID_COLUMNS)
        table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return table

    def closing_block(self, signers: Sequence[tuple[str, str]], issue: ReportIssue,
                      title: str = "签字与盖章") -> list[Flowable]:
        """Who surveyed (one line per signer), 审核人, 批准人, the date, and the unit's seal box, on one page."""
        body, label = self.styles.body, self.styles.cell_label
        roles = [*signers, ("审核人", ""), ("批准人", "")]
        rows = [["", self.para("签字", label), self.para("日期", label)]]
        rows += [[self.para(f"{role}{'：' + name if name else ''}", body), "", ""] for role, name in roles]
        table = Table(rows, colWidths=[CONTENT_WIDTH - 96 * mm, 56 * mm, 40 * mm],
                      rowHeights=[6 * mm] + [13 * mm] * len(roles))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("LINEBELOW", (1, 1), (-1, -1), 0.6, RULE),
                                   ("RIGHTPADDING", (1, 0), (-1, -1), 8)]))
        facts = [self.para(f"调查单位：{issue.unit or '（未填写）'}", body),
                 self.para(f"报告编号：{issue.number}", body), self.para(f"出具日期：{issue.date_text()}", body)]
        seal = Table([[self.para("单位（盖章）", label)]], colWidths=[SEAL_SIZE], rowHeights=[SEAL_SIZE])
        seal.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
        footer = Table([[facts, seal]], colWidths=[CONTENT_WIDTH - SEAL_SIZE - 4 * mm, SEAL_SIZE + 4 * mm])
        footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return [KeepTogether([self.para(title, self.styles.heading), Spacer(1, 2 * mm), table,
                              Spacer(1, 6 * mm), footer])]


def no_lone_rows(rows: Sequence[Sequence[object]], header_rows: int = 1) -> list[tuple]:
    """NOSPLIT commands keeping the heading with two body rows and the last two body rows together.

    Only for short rows: a row taller than a page must stay free to split.
    """
    if len(rows) < 2 or any(len(str(text)) > LONG_TEXT for row in (*rows[:2], *rows[-2:]) for text in row):
        return []
    last = header_rows + len(rows) - 1
    return [("NOSPLIT", (0, 0), (-1, header_rows + 1)), ("NOSPLIT", (0, last - 1), (-1, last))]
