"""Bar charts drawn with reportlab.graphics, labelled in the report's CJK font."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from reports.pdf.glyphs import ReportFonts
from reports.pdf.styles import ACCENT, INK, MUTED

SERIES_COLOURS = (colors.HexColor("#C62828"), colors.HexColor("#EF6C00"), colors.HexColor("#1F5F8B"),
                  colors.HexColor("#2E7D32"), colors.HexColor("#6A1B9A"), colors.HexColor("#90A4AE"))
LABEL_SIZE = 7.5
BAR_THICKNESS = 2.6 * mm   # one bar of a horizontal chart
GROUP_GAP = 3 * mm         # between the bar groups of two categories


@dataclass(frozen=True)
class BarSeries:
    name: str
    values: tuple[float, ...]


class ChartMaker:
    """Builds the summary's charts with one report's fonts."""

    def __init__(self, fonts: ReportFonts) -> None:
        self.fonts = fonts

    def _label(self, drawing: Drawing, x: float, y: float, text: str, size: float = 9, anchor="start") -> None:
        font, shown = self.fonts.single_font(text)
        drawing.add(String(x, y, shown, fontName=font, fontSize=size, fillColor=INK, textAnchor=anchor))

    def _style_axes(self, chart, categories: Sequence[str]) -> None:
        chart.categoryAxis.categoryNames = [self.fonts.single_font(c)[1] for c in categories]
        for index, category in enumerate(categories):
            chart.categoryAxis.labels[index].fontName = self.fonts.single_font(category)[0]
        chart.categoryAxis.labels.fontName = self.fonts.name
        chart.categoryAxis.labels.fontSize = LABEL_SIZE
        chart.valueAxis.labels.fontName = self.fonts.name
        chart.valueAxis.labels.fontSize = LABEL_SIZE
        chart.valueAxis.valueMin = 0
        chart.valueAxis.gridStrokeColor = colors.HexColor("#E0E6EB")
        chart.valueAxis.visibleGrid = True
        chart.barLabels.fontName = self.fonts.name
        chart.barLabels.fontSize = 6.5
        chart.barLabels.fillColor = MUTED

    def column_chart(self, title: str, categories: Sequence[str], values: Sequence[float], *,
                     bar_colours: Sequence[colors.Color] | None = None, unit: str = "",
                     width: float = 82 * mm, height: float = 62 * mm, value_format: str = "{:g}") -> Drawing:
        """One series of vertical bars, each in its own colour when `bar_colours` is given."""
        drawing = Drawing(width, height)
        self._label(drawing, 0, height - 10, title + (f"（{unit}）" if unit else ""), 9.5)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 28, 22, width - 38, height - 44
        chart.data = [list(values)]
        self._style_axes(chart, categories)
        chart.bars[0].fillColor = ACCENT
        chart.bars.strokeColor = None
        for index, colour in enumerate(bar_colours or ()):
            chart.bars[(0, index)].fillColor = colour
        chart.barLabelFormat = value_format.format
        chart.barLabels.nudge = 6
        chart.valueAxis.valueMax = max(max(values, default=0) * 1.15, 1)
        drawing.add(chart)
        return drawing

    def grouped_bars(self, title: str, categories: Sequence[str], series: Sequence[BarSeries], *,
                     width: float = 174 * mm, unit: str = "") -> Drawing:
        """Horizontal bars grouped by category (e.g. street), one colour per series, with a legend."""
        chart_height = max(len(categories), 1) * (len(series) * BAR_THICKNESS + GROUP_GAP)
        height = chart_height + 30 * mm
        drawing = Drawing(width, height)
        self._label(drawing, 0, height - 12, title + (f"（{unit}）" if unit else ""), 9.5)
        chart = HorizontalBarChart()
        chart.x, chart.y, chart.width, chart.height = 34 * mm, 14 * mm, width - 44 * mm, chart_height
        # reportlab stacks a group's bars bottom-up: feed the series last first so they read top-down
        # in the legend's order.
        chart.data = [list(s.values) for s in reversed(series)]
        self._style_axes(chart, categories)
        chart.categoryAxis.reverseDirection = True
        chart.bars.strokeColor = None
        for index in range(len(series)):
            chart.bars[len(series) - 1 - index].fillColor = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        chart.valueAxis.valueMax = max((max(s.values, default=0) for s in series), default=0) * 1.1 or 1
        drawing.add(chart)
        drawing.add(self._legend(series, 34 * mm, height - 20))
        return drawing

    def _legend(self, series: Sequence[BarSeries], x: float, y: float) -> Legend:
        legend = Legend()
        legend.x, legend.y = x, y
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontName = self.fonts.name
        legend.fontSize = LABEL_SIZE
        legend.dx = legend.dy = 7
        legend.deltax = 70
        legend.colorNamePairs = [(SERIES_COLOURS[i % len(SERIES_COLOURS)], self.fonts.single_font(s.name)[1])
                                 for i, s in enumerate(series)]
        return legend
