"""The 问题清单 tab: the office reviews the handbook's problems, sets their 程度/难度/分类/责任单位,
keeps a year's list, sees the 问题整治完成率, and exports both 清单."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QSpinBox, QTableView, QWidget

from desktop import defs, interaction
from desktop.background import BackgroundJob, show_failure
from desktop.builders import create_button, create_label, hbox, vbox
from desktop.exchange.output_path import OutputPath
from desktop.place_filter import PlaceFilter
from desktop.problem_list_model import ChoiceDelegate, ProblemListModel
from forms.indicators.deliverables import HousingDeliverables
from forms.indicators.problems import ProblemEdit, completion_sheet_rows
from forms.store.database import Database
from forms.store.problem_lists import list_problems, load_settings, office_deliverables, save_setting
from reports.excel.write.deliverable_sheets import write_deliverables

LEVELS = {"小区": "estate", "社区": "community", "街道": "street", "区": "district"}
EDITOR = "区住建局"
COLUMN_WIDTHS = {"区": 70, "街道": 80, "社区": 80, "小区": 90, "指标项": 170, "结果（栋）": 60, "存在问题": 330,
                 "问题程度": 64, "治理难度": 64, "问题分类": 72, "责任单位": 150, "整治建议": 240, "优先级": 50}


class RowsModel(QAbstractTableModel):
    """A small read-only table: a header row and text rows (the 问题整治完成率)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._header: list[str] = []
        self._rows: list[list[str]] = []

    def set_rows(self, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        self.beginResetModel()
        self._header = list(header)
        self._rows = [["" if cell is None else f"{cell:g}" if isinstance(cell, float) else str(cell) for cell in row]
                      for row in rows]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._header)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return self._rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._header[section]
        return None


class ProblemListView(QWidget):
    """The 问题清单 tab over the store's final records."""

    deliverables_changed = Signal(object)   # the HousingDeliverables now shown

    def __init__(self, db: Database, catalog: Mapping, parent: QWidget | None = None, *, who: str = EDITOR) -> None:
        super().__init__(parent)
        self._db, self._catalog, self._who = db, catalog, who
        self.deliverables: HousingDeliverables | None = None
        self.model, self.completion_model = ProblemListModel(self), RowsModel(self)
        self.places = PlaceFilter(db, object_prefix="problem")
        self.level_combo = QComboBox()
        self.level_combo.addItems(list(LEVELS))
        self.title = create_label(bold=True, point_size=defs.TITLE_POINT_SIZE - 2, object_name="problem_title")
        self.table = self._table(self.model, editable=True)
        self.completion_title = create_label(bold=True)
        self.completion_table = self._table(self.completion_model, editable=False)
        self.completion_table.setMaximumHeight(150)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(dt.date.today().year)
        self.output = OutputPath(Path.home() / "住房维度问题清单.xlsx")
        self.setLayout(self._layout())
        self.model.setting_changed.connect(self._save_setting)
        self.places.changed.connect(self.recompute)
        self.level_combo.currentIndexChanged.connect(lambda _index: self.recompute())
        self._shown_once = False

    def showEvent(self, event: QShowEvent) -> None:
        # Computed when the tab is first opened, not while the app starts.
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.refresh()

    def _layout(self):
        filters = hbox(self.places, create_label("清单按：", wrap=False), self.level_combo,
                       create_button("刷新", tooltip="重新统计定稿记录", on_click=self.refresh), 1)
        hint = create_label("双击问题程度、治理难度、问题分类、责任单位、整治建议、优先级可修改，勾选“纳入下年计划”；"
                            "修改立即保存，导出和区级汇总报告都使用修改后的值。", colour=defs.HINT_COLOUR)
        actions = hbox(create_label("年度：", wrap=False), self.year_spin,
                       create_button("记入年度清单", tooltip="记下当前清单中的楼栋问题，次年据此统计问题整治完成率",
                                     on_click=self.keep_year), create_label("导出到：", wrap=False), self.output,
                       create_button("导出两张清单", tooltip="写入问题清单、整治建议清单（及指标调查表、楼栋台账）",
                                     on_click=self.export))
        layout = vbox(filters, self.title, self.table, hint, self.completion_title, self.completion_table, actions,
                      margin=defs.MARGIN)
        layout.setStretchFactor(self.table, 1)
        return layout

    def _table(self, model, *, editable: bool) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setWordWrap(True)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive if editable
                                                     else QHeaderView.ResizeMode.ResizeToContents)
        if editable:
            view.setItemDelegate(ChoiceDelegate(view))
            view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                 | QAbstractItemView.EditTrigger.EditKeyPressed)
        else:
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        return view

    def refresh(self) -> None:
        """Reload the district/street choices and recompute the lists."""
        self.places.reload()
        self.recompute()

    def selection(self) -> tuple[str | None, str | None, str]:
        """The district, street and list level chosen."""
        return self.places.district(), self.places.street(), LEVELS[self.level_combo.currentText()]

    def recompute(self) -> None:
        """Compute the lists for the current filters on a worker thread, then show them."""
        wanted = self.selection()
        self.title.setText("正在统计…")
        job = BackgroundJob(lambda _progress: (office_deliverables(
            self._db, self._catalog, district=wanted[0], street=wanted[1], problem_level=wanted[2]),
            load_settings(self._db)))
        job.succeeded.connect(lambda result: self._computed(result, wanted))
        job.failed.connect(lambda error: show_failure(self, "问题清单统计失败", error))
        job.start()

    def _computed(self, result, wanted) -> None:
        # A result for a closed view, or for filters since changed, is dropped.
        if shiboken6.isValid(self) and wanted == self.selection():
            self.show_deliverables(*result)

    def show_deliverables(self, deliverables: HousingDeliverables, settings: Mapping[str, ProblemEdit]) -> None:
        self.deliverables = deliverables
        self.model.set_rows(deliverables.problems, deliverables.problem_level, settings)
        for column, header in enumerate(self.model.headers()):
            self.table.setColumnWidth(column, COLUMN_WIDTHS.get(header, 90))
        counted = sum(1 for b in deliverables.ledger.buildings if b.residential)
        self.title.setText(f"{deliverables.catalogue.title}：{len(deliverables.problems)} 条问题，"
                           f"{counted} 栋住宅（仅统计定稿记录）")
        if deliverables.completions:
            self.completion_title.setText(f"{deliverables.completion_year}年问题清单的问题整治完成率")
            header, *rows = completion_sheet_rows(deliverables.completions)
            self.completion_model.set_rows(header, rows)
        else:
            self.completion_title.setText("尚未记入年度清单：记入后，次年的调查会显示问题整治完成率")
            self.completion_model.set_rows([], [])
        self.completion_table.setVisible(bool(deliverables.completions))
        self.deliverables_changed.emit(deliverables)

    def keep_year(self) -> None:
        """Keep the shown problems as the chosen year's list."""
        if self.deliverables is None:
            return
        year = self.year_spin.value()
        added = list_problems(self._db, self.deliverables.problems, year)
        interaction.current().show_info(self, "记入年度清单", f"已将 {added} 个问题（楼栋×问题项）记入 {year} 年问题清单。")
        self.recompute()

    def export(self) -> None:
        """Write both lists (with the indicator table and the 楼栋台账) on a worker thread."""
        out, deliverables = self.output.path(), self.deliverables
        if out is None or deliverables is None:
            return
        job = BackgroundJob(lambda _progress: write_deliverables(deliverables, out))
        job.succeeded.connect(lambda path: interaction.current().show_info(self, "导出完成", f"已写入 {path}"))
        job.failed.connect(lambda error: interaction.current().show_error(
            self, "导出失败", f"[indicators-001] {out}: 无法写入文件（{error}）；请确认文件未在 Excel 中打开、目录存在且可写。"))
        job.start()

    def _save_setting(self, key: str, setting: ProblemEdit) -> None:
        save_setting(self._db, key, setting, who=self._who)
