"""The task list: add, list, set status, and progress against existing records."""

from __future__ import annotations

import pytest

from forms.store.database import open_database
from forms.store.errors import StoreError
from forms.store.tables import Record
from forms.store.tasks import TaskSpec, add_tasks, list_tasks, set_task_status, task_progress


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "tasks.sqlite3")
    yield database
    database.close()


SPECS = [
    TaskSpec(forms=("housing_safety", "aging_friendly"), district="渝中区", street="解放碑街道",
             community="较场口社区", building_code="JFB-001", address="民族路 1 号"),
    TaskSpec(forms=("old_pipelines",), district="渝中区", building_code="JFB-002", address="民族路 2 号"),
    TaskSpec(forms=("housing_safety",), address="无编码的楼"),
]


def _record(db, form_id, building_code, status):
    with db.session() as session:
        session.add(Record(
            id=f"{form_id}-{building_code}-{status}", form_id=form_id, form_version="1", status=status,
            revision=1, created_at="2026-11-22T00:00:00Z", updated_at="2026-11-22T00:00:00Z",
            inspector="张三", device_id=db.device_id, building_code=building_code,
            answers="{}", calculated="{}", summary="{}", findings="[]",
        ))


def test_added_tasks_are_listed_as_todo_in_order(db):
    assert add_tasks(db, SPECS) == 3
    tasks = list_tasks(db)
    assert [t.building_code for t in tasks] == ["JFB-001", "JFB-002", None]
    assert tasks[0].forms == ("housing_safety", "aging_friendly")
    assert tasks[0].street == "解放碑街道"
    assert {t.status for t in tasks} == {"todo"}
    assert tasks[0].created_at.endswith("Z")


def test_status_changes_and_filters(db):
    add_tasks(db, SPECS)
    first = list_tasks(db)[0]
    updated = set_task_status(db, first.id, "in_progress")
    assert updated.status == "in_progress"
    assert [t.id for t in list_tasks(db, "in_progress")] == [first.id]
    assert len(list_tasks(db, "todo")) == 2


def test_bad_status_and_unknown_task_are_refused(db):
    add_tasks(db, SPECS[:1])
    with pytest.raises(StoreError) as caught:
        set_task_status(db, list_tasks(db)[0].id, "finished")
    assert caught.value.code == "store-011"
    with pytest.raises(StoreError) as caught:
        set_task_status(db, 999, "done")
    assert caught.value.code == "store-012"


def test_progress_counts_records_per_building_and_form(db):
    add_tasks(db, SPECS)
    _record(db, "housing_safety", "JFB-001", "final")
    _record(db, "housing_safety", "JFB-001", "draft")
    _record(db, "aging_friendly", "JFB-001", "draft")
    _record(db, "old_pipelines", "JFB-999", "final")
    progress = task_progress(db)
    first, second, third = progress
    assert first.started == ("housing_safety", "aging_friendly")
    assert first.finalized == ("housing_safety",)
    assert first.to_do == ()
    assert second.started == () and second.to_do == ("old_pipelines",)
    assert third.started == () and third.to_do == ("housing_safety",)
