"""The restore view and the start-up integrity dialog, driven as a person would."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.backup_ui.integrity_dialog import IntegrityFailureDialog
from desktop.backup_ui.restore_view import RestoreView, restore_question
from desktop.backup_ui.startup import check_database_at_start, daily_backup
from forms.loader import load_catalog
from forms.store.backup import list_backups, make_backup
from forms.store.database import open_database
from forms.store.integrity import check_integrity
from forms.store.records import RecordStore
from forms.store.startup_check import check_at_start

START = datetime(2026, 8, 1, 1, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def db(tmp_path, catalog):
    database = open_database(tmp_path / "citycheck.sqlite3")
    store = RecordStore(database, catalog)
    for number in range(3):
        store.create("aging_friendly", inspector="钱五", place={"building_code": f"A-{number}"})
    yield database
    database.close()


def count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM record").fetchone()[0]


def garble(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'record'").fetchone()[0]
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(range(256)) * (page_size // 256))


def test_restore_view_lists_backups_with_date_and_record_counts(qtbot, db, catalog):
    make_backup(db.path, "import", now=START)
    RecordStore(db, catalog).create("aging_friendly", inspector="钱五")
    make_backup(db.path, "manual", now=START + timedelta(hours=2))
    view = RestoreView(db.path, db)
    qtbot.addWidget(view)
    model = view.model
    assert model.rowCount() == 2
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(2)]
    assert rows[0][0] == (START + timedelta(hours=2)).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert rows[0][1:5] == ["手动备份", "4", "0", "4"] and rows[1][1:3] == ["导入前自动备份", "3"]
    assert "共 2 份备份" in view.summary.text() and "保留最近 10 份" in view.summary.text()
    assert view.restore_button.isEnabled()


def test_backup_times_and_restore_question_are_local(qtbot, db, shanghai_time):
    make_backup(db.path, "manual", now=START)
    view = RestoreView(db.path, db)
    qtbot.addWidget(view)
    assert view.model.index(0, 0).data() == "2026-08-01 09:00:00"
    assert "将用 2026-08-01 09:00 的备份" in restore_question(view.model.backup(0))


def test_back_up_now_adds_a_row(qtbot, db):
    view = RestoreView(db.path, db)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.backup_made, timeout=10_000):
        qtbot.mouseClick(view.backup_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 1 and view.model.index(0, 2).data() == "3"


def test_restore_selected_asks_then_restores(qtbot, db, catalog, scripted_interaction):
    older = make_backup(db.path, "manual", now=START)
    RecordStore(db, catalog).create("aging_friendly", inspector="钱五")
    view = RestoreView(db.path, db)
    qtbot.addWidget(view)
    view.select_backup(older.path)
    scripted_interaction.answers.append(True)
    with qtbot.waitSignal(view.restored, timeout=10_000) as signal:
        qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)
    assert signal.args[0].restored.path == older.path
    assert count(db.path) == 3 and RecordStore(db, catalog).count() == 3
    kinds = [kind for kind, _title, _message in scripted_interaction.messages]
    assert kinds == ["confirm", "info"]
    assert "3 条记录" in scripted_interaction.messages[0][2]
    assert view.model.rowCount() == 2  # the safety copy of the replaced database is listed too


def test_restore_declined_changes_nothing(qtbot, db, catalog, scripted_interaction):
    make_backup(db.path, "manual", now=START)
    RecordStore(db, catalog).create("aging_friendly", inspector="钱五")
    view = RestoreView(db.path, db)
    qtbot.addWidget(view)
    scripted_interaction.answers.append(False)
    view.restore_selected()
    assert count(db.path) == 4 and len(list_backups(db.path)) == 1


def test_integrity_dialog_offers_the_newest_good_backup(qtbot, db):
    good = make_backup(db.path, "start", now=START)
    db.close()
    garble(db.path)
    dialog = IntegrityFailureDialog(check_at_start(db.path))
    qtbot.addWidget(dialog)
    assert "已损坏" in dialog.message.text() and "3 条记录" in dialog.message.text()
    assert dialog.restore_newest.isEnabled()
    qtbot.mouseClick(dialog.restore_newest, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen_backup().path == good.path


def test_integrity_dialog_can_restore_an_older_backup(qtbot, db):
    older = make_backup(db.path, "start", now=START)
    make_backup(db.path, "manual", now=START + timedelta(hours=1))
    db.close()
    garble(db.path)
    dialog = IntegrityFailureDialog(check_at_start(db.path))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    assert dialog.backups.isVisibleTo(dialog) and dialog.backups.model.rowCount() == 2
    dialog.backups.select_backup(older.path)
    qtbot.mouseClick(dialog.restore_chosen, Qt.MouseButton.LeftButton)
    assert dialog.chosen_backup().path == older.path


def test_startup_hook_passes_a_healthy_database_without_asking(qtbot, db, scripted_interaction):
    assert check_database_at_start(db.path, run_dialog=lambda _dialog: pytest.fail("dialog shown"))
    assert scripted_interaction.messages == []


def test_startup_hook_restores_a_damaged_database(qtbot, db, scripted_interaction):
    make_backup(db.path, "start", now=START)
    db.close()
    garble(db.path)

    def press_restore(dialog: IntegrityFailureDialog) -> int:
        dialog.restore_newest.click()
        return dialog.result()

    assert check_database_at_start(db.path, run_dialog=press_restore)
    assert check_integrity(db.path).ok and count(db.path) == 3
    assert [kind for kind, _t, _m in scripted_interaction.messages] == ["info"]


def test_startup_hook_quits_when_the_person_chooses_to(qtbot, db):
    make_backup(db.path, "start", now=START)
    db.close()
    garble(db.path)
    assert not check_database_at_start(db.path, run_dialog=lambda dialog: QDialog.DialogCode.Rejected)
    assert not check_integrity(db.path).ok


def test_daily_backup_runs_once(qtbot, db):
    assert daily_backup(db) is not None
    assert daily_backup(db) is None


def test_startup_hook_takes_a_check_made_on_a_worker_thread(qtbot, db):
    make_backup(db.path, "start", now=START)
    db.close()
    garble(db.path)
    check = check_at_start(db.path)
    shown = []
    assert not check_database_at_start(db.path, check=check,
                                       run_dialog=lambda dialog: shown.append(dialog.check) or 0)
    assert shown == [check]


def test_a_failed_daily_backup_is_shown_not_fatal(qtbot, db, scripted_interaction):
    from forms.store.backup import backups_dir

    backups_dir(db.path).write_text("a file where the folder should be", encoding="utf-8")
    assert daily_backup(db) is None
    assert "[backup-001]" in scripted_interaction.errors()[0]
