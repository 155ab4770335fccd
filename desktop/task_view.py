"""The task tab: buildings to visit with their surveys, progress per task, import from Excel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from desktop import defs, interaction
from desktop.appearance import current_look
from desktop.app_context import AppContext
from desktop.background import BackgroundJob, run_operation
from desktop.builders import create_button, create_label, create_list_table, hbox, vbox
from forms.store.preferences import load_preferences
from forms.store.tasks import TaskProgress, TaskRow, add_tasks, task_progress
from reports.progress import ProgressReporter
from reports.task_list import TaskListReading, read_task_list

EXCEL_FILTER = "Excel 任务清单 (*.xlsx *.xlsm *.xls *.ods)"
HEADERS = ("区", "街道", "社区", "小区", "楼栋编码", "地址", "调查表", "进度", "状态")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ImportOutcome:
    reading: TaskListReading
    added: int


class TaskTableModel(QAbstractTableModel):
    """Tasks with their progress; small enough to load whole."""

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._context = context
        self.items: list[TaskProgress] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.items = task_progress(self._context.db)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._cells(self.items[index.row()])[index.column()]

    def _cells(self, progress: TaskProgress) -> tuple[str, ...]:
        task = progress.task
        forms = "、".join(self._context.form_title(f) for f in task.forms)
        total = len(task.forms)
        done = f"已开始 {len(progress.started)}/{total} · 已定稿 {len(progress.finalized)}/{total}"
        return (task.district or "", task.street or "", task.community or "", task.estate or "",
                task.building_code or "", task.address or "", forms, done,
                defs.TASK_STATUS_LABELS.get(task.status, task.status))


class TaskView(QWidget):
    """Lists tasks; `start_requested(task, form_id)` asks the window to start a survey."""

    start_requested = Signal(object, str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = TaskTableModel(context, self)
        self.table = self._build_table()
        self.summary = create_label(colour=defs.HINT_COLOUR)
        self.last_job: BackgroundJob | None = None
        buttons = hbox(create_button("导入任务清单…", tooltip="从 Excel 导入：区、街道、社区、小区、楼栋编码、地址、需调查的表单",
                                     on_click=self.choose_and_import),
                       create_button("开始调查", tooltip="为选中的任务新建调查记录（回车）", on_click=self.start_selected,
                                     object_name="start_task"),
                       1, self.summary)
        self.setLayout(vbox(self.table, buttons, margin=defs.MARGIN))
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()
        done = sum(1 for p in self.model.items if len(p.finalized) == len(p.task.forms))
        self.summary.setText(f"任务 {len(self.model.items)} 个，已全部定稿 {done} 个")

    def choose_and_import(self) -> None:
        folder = load_preferences(self._context.db).folder("import")
        path = interaction.current().choose_open_file(self, "导入任务清单", EXCEL_FILTER, str(folder))
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> BackgroundJob:
        """Read and store the task list in the background; report rejected rows by number."""
        form_ids = {f.title: f.id for f in self._context.catalog.values()}
        form_ids.update({f.id: f.id for f in self._context.catalog.values()})
        db = self._context.db

        def operation(progress: ProgressReporter) -> ImportOutcome:
            reading = read_task_list(path, form_ids, progress=progress)
            return ImportOutcome(reading, add_tasks(db, reading.tasks))

        self.last_job = run_operation(self, "导入任务清单", operation, self._imported)
        return self.last_job

    def start_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            interaction.current().show_info(self, "开始调查", "请先在列表中选中一个任务。")
            return
        progress = self.model.items[index.row()]
        form_id = self._choose_form(progress)
        if form_id is not None:
            self.start_requested.emit(progress.task, form_id)

    def _choose_form(self, progress: TaskProgress) -> str | None:
        forms = list(progress.to_do) or list(progress.task.forms)
        if len(forms) == 1:
            return forms[0]
        titles = [self._context.form_title(f) for f in forms]
        choice = interaction.current().choose_item(self, "开始调查", "选择要填写的调查表：", titles)
        return forms[choice] if choice is not None else None

    def _imported(self, outcome: ImportOutcome) -> None:
        self.refresh()
        rejected = outcome.reading.rejected
        text = f"已导入 {outcome.added} 个任务。"
        if rejected:
            text += f"\n以下 {len(rejected)} 行未导入：\n" + "\n".join(str(e) for e in rejected)
            interaction.current().show_error(self, "导入任务清单", text)
        else:
            interaction.current().show_info(self, "导入任务清单", text)

    def _build_table(self) -> QTableView:
        table = create_list_table(self.model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((90, 110, 110, 130, 140, 220, 170, 190)):
            table.setColumnWidth(column, current_look().scaled(width))
        table.activated.connect(lambda _index: self.start_selected())
        return table


def task_place(task: TaskRow) -> dict[str, str]:
    """Return the header answers a survey started from `task` begins with."""
    place = {"district": task.district, "street": task.street, "community": task.community,
             "estate": task.estate, "building_code": task.building_code, "address": task.address}
    return {key: value for key, value in place.items() if value}
