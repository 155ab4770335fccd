"""The records tab: filters, the lazy list of every survey record and counts per status."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from desktop import defs
from desktop.appearance import current_look
from desktop.app_context import AppContext
from desktop.background import BackgroundJob
from desktop.builders import create_button, create_label, create_list_table, hbox, vbox
from desktop.record_filter_bar import RecordFilterBar
from desktop.record_list_model import UPDATED_COLUMN, RecordListModel
from forms.store.record_filter import RecordFilter


class RecordsView(QWidget):
    """Lists records; asks the window to open, create or show the history of one."""

    open_requested = Signal(str)
    new_requested = Signal()
    history_requested = Signal(str)
    scan_requested = Signal()
    counted = Signal(dict)   # counts per status of the current filter, once known

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._counting: BackgroundJob | None = None
        self.model = RecordListModel(context.store, context.form_title, parent=self)
        self.filters = RecordFilterBar(context.catalog)
        self.table = self._build_table()
        self.counts = create_label(object_name="record_counts", wrap=False)
        self.filters.changed.connect(self.apply_filter)
        buttons = hbox(
            create_button("新建记录", tooltip=f"新建调查记录（{defs.NEW_RECORD_KEY}）",
                          on_click=self.new_requested.emit),
            create_button("打开", tooltip="打开选中的记录（回车）", on_click=self._open_current),
            create_button("修改历史", on_click=self._history_of_current),
            create_button("扫码查找", tooltip=f"扫描楼栋编码的二维码或条形码，打开或新建该楼栋的记录（{defs.SCAN_KEY}）",
                          on_click=self.scan_requested.emit, object_name="scan_building"),
            1, self.counts,
        )
        self.setLayout(vbox(self.filters, self.table, buttons, margin=defs.MARGIN))
        self.apply_filter(RecordFilter())

    def apply_filter(self, record_filter: RecordFilter) -> None:
        """Show the records matching `record_filter` and their counts per status."""
        self.model.set_filter(record_filter)
        self._show_counts(record_filter)

    def refresh(self) -> None:
        """Reload the list after records changed elsewhere."""
        self.apply_filter(self.model.record_filter)

    def selected_record_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).id if index.isValid() else None

    def _build_table(self) -> QTableView:
        table = create_list_table(self.model)
        table.horizontalHeader().setSortIndicator(UPDATED_COLUMN, Qt.SortOrder.DescendingOrder)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.setAlternatingRowColors(True)
        for column, width in enumerate((90, 70, 90, 110, 110, 130, 150, 240, 80, 120)):
            table.setColumnWidth(column, current_look().scaled(width))
        table.activated.connect(self._open_index)
        table.doubleClicked.connect(self._open_index)
        return table

    def _show_counts(self, record_filter: RecordFilter) -> None:
        """Count per status on a worker thread; the list itself shows without waiting."""
        if self._counting is not None:
            self._counting.cancel()
        store = self._context.store
        job = BackgroundJob(lambda _progress: store.counts_by_status(record_filter))
        job.succeeded.connect(lambda counts, job=job: self._counted(job, counts))
        self._counting = job
        self.counts.setText("正在统计…")
        job.start()

    def _counted(self, job: BackgroundJob, counts: dict[str, int]) -> None:
        if job is not self._counting:
            return  # a newer filter replaced this count
        self._counting = None
        total = sum(counts.values())
        parts = [f"{label} {counts.get(code, 0)}" for code, label in defs.STATUS_LABELS.items()]
        self.counts.setText("　".join(parts) + f"　共 {total} 条")
        self.counted.emit(counts)

    def is_counting(self) -> bool:
        return self._counting is not None

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row_at(index.row()).id)

    def _open_current(self) -> None:
        self._open_index(self.table.currentIndex())

    def _history_of_current(self) -> None:
        record_id = self.selected_record_id()
        if record_id:
            self.history_requested.emit(record_id)
