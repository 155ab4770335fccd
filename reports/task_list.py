"""Read an inspector's task list from Excel: one building per row, with the surveys to fill."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from forms.errors import CodedError
from forms.store.tasks import TaskSpec
from reports.progress import NullProgress, ProgressReporter, raise_if_cancelled

# The one catalogue of task-list codes.
TASK_LIST_ERRORS = MappingProxyType({
    "tasks-001": "无法读取任务清单文件（{detail}），请确认是 .xlsx/.xls/.ods 文件且未被其他程序占用。",
    "tasks-002": "任务清单缺少列：{columns}。第一行（或前 {scan} 行之一）应为表头，含 区、街道、社区、小区、楼栋编码、地址、需调查的表单。",
    "tasks-003": "“{column}”为空，请填写。",
    "tasks-004": "“需调查的表单”中的“{names}”不是已知的调查表，应为 {known} 之一，多个用顿号分隔。",
    "tasks-005": "任务清单中没有任何任务行。",
})

COLUMNS = MappingProxyType({
    "区": "district", "街道": "street", "社区": "community", "小区": "estate",
    "楼栋编码": "building_code", "地址": "address", "需调查的表单": "forms",
})
REQUIRED = ("区", "街道", "社区", "楼栋编码", "地址", "需调查的表单")
HEADER_SCAN_ROWS = 10
FORM_SEPARATORS = re.compile(r"[、,，;；/|\s]+")


class TaskListError(CodedError):
    """A coded problem with a task-list file."""


def task_list_error(code: str, where: str, **values: object) -> TaskListError:
    return TaskListError(code, where, TASK_LIST_ERRORS[code].format(**values))


@dataclass(frozen=True)
class TaskListReading:
    """The good rows as tasks, and every bad row as a coded error naming its row."""

    tasks: tuple[TaskSpec, ...]
    rejected: tuple[TaskListError, ...]


def read_task_list(path: Path, form_ids: Mapping[str, str], *,
                   progress: ProgressReporter | None = None) -> TaskListReading:
    """Read the first sheet of `path`; `form_ids` maps survey titles (and ids) to form ids."""
    rows = _sheet_rows(Path(path))
    return parse_task_rows(rows, form_ids, source=Path(path).name, progress=progress)


def parse_task_rows(rows: Sequence[Sequence[object]], form_ids: Mapping[str, str], *, source: str,
                    progress: ProgressReporter | None = None) -> TaskListReading:
    """Turn sheet rows (header row included) into tasks; bad rows are rejected, not fatal."""
    progress = progress or NullProgress()
    header_at, positions = _find_header(rows, source)
    body = rows[header_at + 1:]
    progress.start(len(body), "读取任务清单")
    tasks, rejected = [], []
    for offset, row in enumerate(body):
        raise_if_cancelled(progress)
        number = header_at + offset + 2  # Excel row numbers start at 1, after the header
        values = {key: _cell(row, index) for key, index in positions.items()}
        if any(values.values()):
            try:
                tasks.append(_task(values, form_ids, f"{source}, row {number}"))
            except TaskListError as error:
                rejected.append(error)
        progress.advance()
    if not tasks and not rejected:
        raise task_list_error("tasks-005", source)
    return TaskListReading(tuple(tasks), tuple(rejected))


def _sheet_rows(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types for every unreadable file
        raise task_list_error("tasks-001", path.name, detail=error) from error
    try:
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # noqa: BLE001 - same: any calamine failure means unreadable
        raise task_list_error("tasks-001", path.name, detail=error) from error
    finally:
        workbook.close()


def _find_header(rows: Sequence[Sequence[object]], source: str) -> tuple[int, dict[str, int]]:
    best: tuple[int, dict[str, int]] = (0, {})
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        positions = {COLUMNS[name]: col for col, name in enumerate(_header_names(row)) if name in COLUMNS}
        if len(positions) > len(best[1]):
            best = (index, positions)
    missing = [name for name in REQUIRED if COLUMNS[name] not in best[1]]
    if missing:
        raise task_list_error("tasks-002", source, columns="、".join(missing), scan=HEADER_SCAN_ROWS)
    return best


def _header_names(row: Sequence[object]) -> list[str]:
    return [re.sub(r"\s+", "", str(cell or "")) for cell in row]


def _cell(row: Sequence[object], index: int) -> str:
    if index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _task(values: dict[str, str], form_ids: Mapping[str, str], where: str) -> TaskSpec:
    for name in REQUIRED:
        if not values[COLUMNS[name]]:
            raise task_list_error("tasks-003", where, column=name)
    names = [n for n in FORM_SEPARATORS.split(values["forms"]) if n]
    unknown = [n for n in names if n not in form_ids]
    if unknown:
        known = "、".join(title for title, form_id in form_ids.items() if title != form_id)
        raise task_list_error("tasks-004", where, names="、".join(unknown), known=known)
    forms = tuple(dict.fromkeys(form_ids[n] for n in names))
    place = {key: values[key] or None for key in COLUMNS.values() if key != "forms"}
    return TaskSpec(forms=forms, **place)
