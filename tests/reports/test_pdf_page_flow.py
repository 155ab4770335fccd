"""Page flow: a table never leaves one row alone at the foot or the top of a page; place names break whole."""

from __future__ import annotations

from reportlab.platypus import Spacer
from test_pdf_support import pdf_pages

from reports.pdf import ReportDocument, report_fonts
from reports.pdf.flowables import Pieces
from reports.pdf.linebreak import break_place_name
from reports.pdf.styles import CONTENT_WIDTH, MARGIN_BOTTOM, MARGIN_TOP, PAGE_SIZE

FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM


class TableAfterGap(ReportDocument):
    """A blank gap, then a table of numbered rows."""

    def __init__(self, gap: float, rows: int) -> None:
        super().__init__(report_fonts())
        self.gap, self.rows = gap, rows

    def table(self, rows: int):
        return Pieces(self.fonts, self.styles).data_table(("列",), [(f"第{n:02d}行",) for n in range(1, rows + 1)])

    def build_story(self):
        return [Spacer(1, self.gap), self.table(self.rows)]


def heights(report: TableAfterGap) -> tuple[float, float]:
    """The heading's and one row's height."""
    one, two = (report.table(n).wrap(CONTENT_WIDTH, FRAME_HEIGHT)[1] for n in (1, 2))
    return one - (two - one), two - one


def test_the_first_row_does_not_stay_alone_at_the_foot_of_a_page(tmp_path):
    probe = TableAfterGap(0, 6)
    head, row = heights(probe)
    report = TableAfterGap(FRAME_HEIGHT - head - 1.5 * row, 6)    # room for the heading and one row only
    pages = pdf_pages(report.write(tmp_path / "foot.pdf"))
    assert "第01行" not in pages[0] and "第01行" in pages[1]


def test_the_last_row_does_not_go_alone_to_the_next_page(tmp_path):
    probe = TableAfterGap(0, 6)
    head, row = heights(probe)
    report = TableAfterGap(FRAME_HEIGHT - head - 5.5 * row, 6)    # room for all rows but the last
    pages = pdf_pages(report.write(tmp_path / "top.pdf"))
    assert "第05行" in pages[1] and "第06行" in pages[1] and "第04行" in pages[0]


def test_a_street_name_too_wide_for_its_cell_breaks_before_its_suffix_not_inside_a_word():
    font = report_fonts().name
    assert break_place_name("解放碑街道", font, 7.5, 100) == "解放碑街道"
    assert break_place_name("七星岗街道", font, 7.5, 25) == "七星岗\n街道"
    assert break_place_name("渝中区小计", font, 7.5, 25) == "渝中区\n小计"
