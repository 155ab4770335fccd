"""The indicator dashboard: filters by district and street, the table and a bar chart."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QTableView, QWidget

from desktop import defs
from desktop.appearance import current_look
from desktop.background import BackgroundJob, show_failure
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.place_filter import ALL_DISTRICTS, ALL_STREETS, PlaceFilter
from forms.indicators import IndicatorCatalogue, IndicatorColumn, IndicatorTable, indicators_for_database
from forms.indicators.table import SURVEYED_HEADER, TOTAL_LABEL, display_value
from forms.store.database import Database

__all__ = ["ALL_DISTRICTS", "ALL_STREETS", "IndicatorDashboard", "cell_text", "dashboard_table", "nice_ceiling"]
SURVEYED_ROW = SURVEYED_HEADER
EMPTY_TEXT = "—"
CHART_MARGINS = (56, 48, 16, 48)  # left, top, right, bottom (pixels)
GRID_LINES = 4


def dashboard_table(db: Database, catalog: Mapping, district: str | None, street: str | None,
                    indicators: IndicatorCatalogue | None = None) -> IndicatorTable:
    """Compute the table one level below the filter: districts, a district's streets, a street's communities."""
    group_by = "community" if street else "street" if district else "district"
    return indicators_for_database(db, catalog, district=district, street=street, group_by=group_by,
                                   indicators=indicators)


def cell_text(column: IndicatorColumn | None, value: object, share: float | None) -> str:
    """Format one cell: '7（14.0%）' for building counts with a share, '—' when not applicable."""
    shown = value if column is None else display_value(column, value)
    if shown is None:
        return EMPTY_TEXT
    text = f"{shown:g}" if isinstance(shown, float) else str(shown)
    return f"{text}（{share * 100:.1f}%）" if share is not None else text


class IndicatorTableModel(QAbstractTableModel):
    """Indicators as rows (surveyed buildings first), place groups and 合计 as columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: IndicatorTable | None = None

    def set_table(self, table: IndicatorTable | None) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    @property
    def table(self) -> IndicatorTable | None:
        return self._table

    def indicator_at(self, row: int) -> IndicatorColumn | None:
        """Return the indicator shown on `row`; row 0 (surveyed buildings) has none."""
        return self._table.columns[row - 1] if self._table and 0 < row <= len(self._table.columns) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.columns) + 1

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.rows) + 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self._table is None:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        group = self._group(index.column())
        column = self.indicator_at(index.row())
        if column is None:
            return str(group.surveyed)
        text = cell_text(column, group.values.get(column.id), group.shares.get(column.id))
        return text if role == Qt.ItemDataRole.DisplayRole else f"{column.name}：{text} {column.unit}"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or self._table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return group_label(self._group(section).key)
        column = self.indicator_at(section)
        if column is None:
            return SURVEYED_ROW
        return f"{column.number} {column.header}" if column.number and not column.special else column.header

    def _group(self, column: int):
        rows = self._table.rows
        return rows[column] if column < len(rows) else self._table.total


def group_label(key: tuple[str, ...]) -> str:
    """Name a group by its finest place level ('（未填）' when blank); the total is 合计."""
    if not key:
        return TOTAL_LABEL
    return key[-1] or "（未填）"


class IndicatorBarChart(QWidget):
    """A plain bar chart of one indicator across the place groups, drawn with QPainter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, 260)
        self._title = ""
        self._bars: list[tuple[str, float]] = []

    def set_bars(self, title: str, bars: Sequence[tuple[str, float]]) -> None:
        self._title = title
        self._bars = [(label, float(value)) for label, value in bars]
        self.update()

    def bars(self) -> list[tuple[str, float]]:
        return list(self._bars)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        painter.drawText(QRectF(0, 4, self.width(), 24), Qt.AlignmentFlag.AlignCenter, self._title)
        if not self._bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "没有数据")
            return
        left, top, right, bottom = CHART_MARGINS
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        scale = nice_ceiling(max(value for _label, value in self._bars))
        self._draw_grid(painter, plot, scale)
        self._draw_bars(painter, plot, scale)
        painter.end()

    def _draw_grid(self, painter: QPainter, plot: QRectF, scale: float) -> None:
        painter.setPen(QPen(QColor(current_look().tone("chart_axis")), 1))
        for step in range(GRID_LINES + 1):
            y = plot.bottom() - plot.height() * step / GRID_LINES
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            label = f"{scale * step / GRID_LINES:g}"
            painter.drawText(QRectF(0, y - 9, plot.left() - 6, 18),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)

    def _draw_bars(self, painter: QPainter, plot: QRectF, scale: float) -> None:
        slot = plot.width() / len(self._bars)
        metrics = painter.fontMetrics()
        for index, (label, value) in enumerate(self._bars):
            height = plot.height() * value / scale if scale else 0
            bar = QRectF(plot.left() + slot * (index + 0.2), plot.bottom() - height, slot * 0.6, height)
            painter.fillRect(bar, QColor(current_look().tone("chart_bar")))
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.drawText(QRectF(bar.left() - slot * 0.2, bar.top() - 18, slot, 16),
                             Qt.AlignmentFlag.AlignCenter, f"{value:g}")
            painter.setPen(QColor(current_look().tone("chart_axis")))
            name = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot) - 4)
            painter.drawText(QRectF(plot.left() + slot * index, plot.bottom() + 6, slot, 20),
                             Qt.AlignmentFlag.AlignCenter, name)


def nice_ceiling(value: float) -> float:
    """Return an axis maximum above `value` whose grid steps are 1, 2, 2.5 or 5 × 10ⁿ (whole for counts)."""
    wanted = max(value, 1e-9) / GRID_LINES
    power = 10 ** math.floor(math.log10(wanted))
    steps = (1, 2, 5, 10) if float(value).is_integer() else (1, 2, 2.5, 5, 10)
    step = next(s * power for s in steps if s * power >= wanted)
    if float(value).is_integer():
        step = max(step, 1)
    return step * GRID_LINES


class IndicatorDashboard(QWidget):
    """The 指标汇总 tab: pick a district and street, read the table, chart the selected indicator."""

    table_changed = Signal(object)  # the IndicatorTable now shown

    def __init__(self, db: Database, catalog: Mapping, parent: QWidget | None = None, *,
                 indicators: IndicatorCatalogue | None = None) -> None:
        super().__init__(parent)
        self._db, self._catalog, self._indicators = db, catalog, indicators
        self.model = IndicatorTableModel(self)
        self.places = PlaceFilter(db)
        self.district_combo, self.street_combo = self.places.district_combo, self.places.street_combo
        self.title = create_label(bold=True, point_size=defs.TITLE_POINT_SIZE - 2, object_name="indicator_title")
        self.table_view = self._build_table()
        self.chart = IndicatorBarChart()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table_view)
        splitter.addWidget(self.chart)
        splitter.setSizes([760, 560])
        filters = hbox(self.places, create_button("刷新", tooltip="重新统计定稿记录", on_click=self.refresh), 1)
        hint = create_label("点击表格中的指标行，在右侧图表中查看各分组对比。", colour=defs.HINT_COLOUR)
        layout = vbox(filters, self.title, splitter, hint, margin=defs.MARGIN)
        layout.setStretchFactor(splitter, 1)  # the labels keep their height; table and chart take the rest
        self.setLayout(layout)
        self.places.changed.connect(self.recompute)
        self.refresh()

    def refresh(self) -> None:
        """Reload the district/street choices and recompute the table."""
        self.places.reload()
        self.recompute()

    def selected_district(self) -> str | None:
        return self.places.district()

    def selected_street(self) -> str | None:
        return self.places.street()

    def recompute(self) -> None:
        """Compute the table for the current filters on a worker thread, then show it."""
        district, street = self.selected_district(), self.selected_street()
        self.title.setText("正在统计…")
        job = BackgroundJob(lambda _progress: dashboard_table(self._db, self._catalog, district, street,
                                                              self._indicators))
        job.succeeded.connect(lambda table: self._computed(table, district, street))
        job.failed.connect(lambda error: show_failure(self, "指标统计失败", error))
        job.start()

    def _computed(self, table: IndicatorTable, district: str | None, street: str | None) -> None:
        # A result for a closed dashboard, or for filters since changed, is dropped.
        if shiboken6.isValid(self) and (district, street) == (self.selected_district(), self.selected_street()):
            self.set_table(table)

    def set_table(self, table: IndicatorTable) -> None:
        """Show a table computed elsewhere (e.g. on a worker thread)."""
        self.model.set_table(table)
        scope = " › ".join(filter(None, (self.selected_district(), self.selected_street()))) or "全部"
        self.title.setText(f"{table.title} — {scope}（仅统计定稿记录；占比分母：{table.total.surveyed} 栋住宅，"
                           "公共建筑、经营性自建房不计入）")
        self.table_view.selectRow(1)
        self._show_chart(1)
        self.table_changed.emit(table)

    def _build_table(self) -> QTableView:
        view = QTableView()
        view.setObjectName("indicator_table")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.selectionModel().currentRowChanged.connect(lambda current, _old: self._show_chart(current.row()))
        return view

    def _show_chart(self, row: int) -> None:
        table, column = self.model.table, self.model.indicator_at(row)
        if table is None:
            return
        if column is None:
            self.chart.set_bars(SURVEYED_ROW, [(group_label(g.key), g.surveyed) for g in table.rows])
            return
        bars = [(group_label(g.key), display_value(column, g.values.get(column.id)) or 0) for g in table.rows]
        self.chart.set_bars(column.header, bars)
