"""The app's dialogs show faults as coded messages saying what to do, never a traceback."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from desktop.exchange import ExportDialog, ImportDialog
from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from damaged_store import damage_middle  # noqa: E402

JOB_TIMEOUT_MS = 30000


def test_importing_an_opendocument_file_names_it_and_says_what_to_do(qtbot, tmp_path, scripted_interaction):
    ods = tmp_path / "街道汇总.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    db = open_database(tmp_path / "citycheck.sqlite3")
    dialog = ImportDialog(db, load_catalog())
    qtbot.addWidget(dialog)
    dialog.files.add_paths([ods])
    with qtbot.waitSignal(dialog.imported, timeout=JOB_TIMEOUT_MS):
        dialog.start()
    db.close()
    [shown] = scripted_interaction.errors()
    assert shown.startswith("[import-103] 街道汇总.ods: 这是一个 OpenDocument 表格（.ods）") and "另存为" in shown
    assert "已拒绝（import-103）" in dialog.status.text()


def test_exporting_a_damaged_database_shows_store_015(qtbot, tmp_path, scripted_interaction):
    catalog = load_catalog()
    path = tmp_path / "citycheck.sqlite3"
    db = open_database(path)
    generate(db, 120, 5, catalog)
    dialog = ExportDialog(db, catalog, who="街道办")
    qtbot.addWidget(dialog)
    db.close()          # the write-ahead log goes into the file; the dialog's next query reconnects
    damage_middle(path)
    dialog.output.set_path(tmp_path / "导出.xlsx")
    job = dialog.start()
    with qtbot.waitSignal(job.finished, timeout=JOB_TIMEOUT_MS):
        pass
    db.close()
    [shown] = scripted_interaction.errors()
    assert shown.startswith("[store-015] citycheck.sqlite3: 数据库文件已损坏") and "citycheck restore" in shown
    assert "store-015" in dialog.status.text()
    assert not (tmp_path / "导出.xlsx").exists()


def test_a_damaged_database_met_in_a_slot_is_shown_as_store_015(qtbot, tmp_path, scripted_interaction):
    import sqlite3

    from desktop.logging_setup import UncaughtLogger

    path = tmp_path / "citycheck.sqlite3"
    db = open_database(path)
    generate(db, 120, 5, load_catalog())
    db.close()
    damage_middle(path)
    printed = []
    hook = UncaughtLogger(lambda *exc_info: printed.append(exc_info))
    try:
        with sqlite3.connect(path) as connection:     # read every table whole: one of them holds the damage
            tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            for (table,) in tables:
                connection.execute(f'SELECT * FROM "{table}"').fetchall()
    except sqlite3.DatabaseError as error:
        hook(type(error), error, error.__traceback__)
    hook(ZeroDivisionError, ZeroDivisionError("x"), None)
    [shown] = scripted_interaction.errors()
    assert shown.startswith("[store-015] 数据库: 数据库文件已损坏")
    assert [kind for kind, _value, _tb in printed] == [ZeroDivisionError]

