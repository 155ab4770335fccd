"""The base of every PDF report: page template, header/footer hooks, numbered pages, metadata."""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import partial
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from reports.output_file import replaced_when_done
from reports.pdf.errors import report_error
from reports.pdf.glyphs import ReportFonts
from reports.pdf.issue import ReportIssue
from reports.pdf.styles import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZE,
    RULE,
    ReportStyles,
    report_styles,
)

CREATOR = "CityCheck 城市体检"
FOOTER_SIDE_SHARE = 0.36   # of the text width, for the number (left) and the unit (right)

# Keep photo streams binary: ASCII85 makes them a quarter larger and, without reportlab's
# optional C accelerator, costs a third of a building report's time.
rl_config.useA85 = 0


def page_number_text(page: int, total: int) -> str:
    return f"第 {page} 页 / 共 {total} 页"


class NumberedCanvas(pdf_canvas.Canvas):
    """A canvas that keeps every page until save() so each can print 第 x 页 / 共 y 页."""

    def __init__(self, *args, font_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._font_name = font_name
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.draw_page_number(number, total)
            super().showPage()
        super().save()

    def draw_page_number(self, page: int, total: int) -> None:
        self.saveState()
        self.setFont(self._font_name, 8)
        self.setFillColor(MUTED)
        self.drawCentredString(PAGE_SIZE[0] / 2, MARGIN_BOTTOM - 10, page_number_text(page, total))
        self.restoreState()


class ReportDocument(ABC):
    """Override build_story(); page_header_text(), draw_header() and draw_footer() are hooks."""

    title = "CityCheck 报告"
    subject = "城市体检"

    def __init__(self, fonts: ReportFonts, *, author: str = "", styles: ReportStyles | None = None,
                 issue: ReportIssue | None = None) -> None:
        self.fonts = fonts
        self.styles = styles or report_styles(fonts.name)
        self.author = author or CREATOR
        self.issue = issue or ReportIssue()

    # Hooks --------------------------------------------------------------------------

    @abstractmethod
    def build_story(self) -> list[Flowable]:
        """Return the flowables of the report, in order."""

    def page_header_text(self) -> str:
        return self.title

    def footer_text(self) -> str:
        return self.issue.unit or CREATOR

    def number_text(self) -> str:
        return f"报告编号 {self.issue.number}"

    def draw_header(self, canvas: pdf_canvas.Canvas, doc: BaseDocTemplate) -> None:
        header = self.paragraph(self.page_header_text(), self.styles.page_header)
        header.wrap(PAGE_SIZE[0] - 2 * MARGIN_X, MARGIN_TOP)
        top = PAGE_SIZE[1] - MARGIN_TOP + 6
        header.drawOn(canvas, MARGIN_X, top)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 3, PAGE_SIZE[0] - MARGIN_X, top - 3)

    def draw_footer(self, canvas: pdf_canvas.Canvas, doc: BaseDocTemplate) -> None:
        # The number on the left, the unit on the right, the page number (NumberedCanvas) between them.
        side = (PAGE_SIZE[0] - 2 * MARGIN_X) * FOOTER_SIDE_SHARE
        for text, style, x in ((self.number_text(), self.styles.page_number, MARGIN_X),
                               (self.footer_text(), self.styles.page_footer, PAGE_SIZE[0] - MARGIN_X - side)):
            footer = self.paragraph(text, style)
            footer.wrap(side, MARGIN_BOTTOM)
            footer.drawOn(canvas, x, MARGIN_BOTTOM - 12)

    def decorate_first_page(self, canvas: pdf_canvas.Canvas, doc: BaseDocTemplate) -> None:
        self.decorate_page(canvas, doc)

    def decorate_page(self, canvas: pdf_canvas.Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        self.draw_header(canvas, doc)
        self.draw_footer(canvas, doc)
        canvas.restoreState()

    # Building blocks ----------------------------------------------------------------

    def paragraph(self, text: object, style=None) -> Paragraph:
        """Return a paragraph of plain text, rare characters kept visible."""
        style = style or self.styles.body
        return Paragraph(self.fonts.markup(text, style.fontSize), style)

    def page_templates(self) -> list[PageTemplate]:
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, PAGE_SIZE[0] - 2 * MARGIN_X,
                      PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return [PageTemplate(id="page", frames=[frame], onPage=self.decorate_page)]

    # Output -------------------------------------------------------------------------

    def render(self, stream: BinaryIO) -> None:
        """Typeset the report into a binary stream."""
        doc = BaseDocTemplate(
            stream, pagesize=PAGE_SIZE, title=self.title, author=self.author, subject=self.subject,
            creator=CREATOR, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, pageTemplates=self.page_templates(), initialFontName=self.fonts.name,
        )
        doc.build(self.build_story(), canvasmaker=partial(NumberedCanvas, font_name=self.fonts.name))

    def write(self, path: Path) -> Path:
        """Write the report to `path` atomically: readers never see a half-written PDF (report-004 when it cannot)."""
        path = Path(path)
        try:
            with replaced_when_done(path) as partial, open(partial, "wb") as stream:
                self.render(stream)
        except OSError as error:
            raise report_error("report-004", str(path), path=path.name, detail=error.strerror or error) from error
        return path
