"""The inspector's task list: buildings to visit and the forms to fill there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from forms.store.clock import utc_now
from forms.store.database import Database
from forms.store.errors import store_error
from forms.store.json_text import from_json, to_json
from forms.store.tables import Record, Task

TASK_STATUSES = ("todo", "in_progress", "done")
_CODES_PER_QUERY = 500  # keeps "IN (...)" below SQLite's variable limit


@dataclass(frozen=True)
class TaskSpec:
    """A building to visit and the form ids to fill there."""

    forms: tuple[str, ...]
    district: str | None = None
    street: str | None = None
    community: str | None = None
    estate: str | None = None
    building_code: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class TaskRow:
    """A stored task."""

    id: int
    forms: tuple[str, ...]
    status: str
    created_at: str
    district: str | None
    street: str | None
    community: str | None
    estate: str | None
    building_code: str | None
    address: str | None


@dataclass(frozen=True)
class TaskProgress:
    """How far a task is: its forms, those with a record, those finalized."""

    task: TaskRow
    started: tuple[str, ...]
    finalized: tuple[str, ...]

    @property
    def to_do(self) -> tuple[str, ...]:
        """Return the task's forms that have no record yet."""
        return tuple(form_id for form_id in self.task.forms if form_id not in self.started)


def add_tasks(db: Database, tasks: Iterable[TaskSpec]) -> int:
    """Store `tasks` as "todo" and return how many were added."""
    now = utc_now()
    rows = [_task_from_spec(spec, now) for spec in tasks]
    with db.session() as session:
        session.add_all(rows)
    return len(rows)


def list_tasks(db: Database, status: str | None = None) -> list[TaskRow]:
    """Return the tasks, optionally only those with `status`, in creation order."""
    query = select(Task).order_by(Task.id)
    if status is not None:
        query = query.where(Task.status == _checked_status(status))
    with db.session() as session:
        return [_row(task) for task in session.exec(query).all()]


def set_task_status(db: Database, task_id: int, status: str) -> TaskRow:
    """Set a task's status and return the updated task."""
    status = _checked_status(status)
    with db.session() as session:
        task = session.get(Task, task_id)
        if task is None:
            raise store_error("store-012", task_id=task_id)
        task.status = status
        session.flush()
        return _row(task)


def task_progress(db: Database, status: str | None = None) -> list[TaskProgress]:
    """Return each task with the forms already recorded for its building."""
    tasks = list_tasks(db, status)
    codes = sorted({task.building_code for task in tasks if task.building_code})
    recorded = _recorded_forms(db, codes)
    return [_progress(task, recorded) for task in tasks]


def _progress(task: TaskRow, recorded: dict[tuple[str, str], bool]) -> TaskProgress:
    started = [f for f in task.forms if (task.building_code, f) in recorded]
    finalized = [f for f in started if recorded[(task.building_code, f)]]
    return TaskProgress(task=task, started=tuple(started), finalized=tuple(finalized))


def _recorded_forms(db: Database, codes: Sequence[str]) -> dict[tuple[str, str], bool]:
    """Map (building_code, form_id) of existing records to "has a final record"."""
    found: dict[tuple[str, str], bool] = {}
    has_final = func.max(Record.status == "final")
    with db.session() as session:
        for start in range(0, len(codes), _CODES_PER_QUERY):
            chunk = codes[start:start + _CODES_PER_QUERY]
            query = (
                select(Record.building_code, Record.form_id, has_final)
                .where(Record.building_code.in_(chunk))
                .group_by(Record.building_code, Record.form_id)
            )
            for code, form_id, final in session.exec(query).all():
                found[(code, form_id)] = bool(final)
    return found


def _checked_status(status: str) -> str:
    if status not in TASK_STATUSES:
        raise store_error("store-011", status=status)
    return status


def _task_from_spec(spec: TaskSpec, now: str) -> Task:
    return Task(
        district=spec.district, street=spec.street, community=spec.community,
        estate=spec.estate, building_code=spec.building_code, address=spec.address,
        forms=to_json(list(spec.forms), key="forms"), status="todo", created_at=now,
    )


def _row(task: Task) -> TaskRow:
    return TaskRow(
        id=task.id, forms=tuple(from_json(task.forms, [])), status=task.status,
        created_at=task.created_at, district=task.district, street=task.street,
        community=task.community, estate=task.estate,
        building_code=task.building_code, address=task.address,
    )
