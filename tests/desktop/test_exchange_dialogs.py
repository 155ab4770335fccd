"""Export, import and merge dialogs and the conflicts view, run through the background helper."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from test_excel_support import tiny_catalog, tiny_version  # noqa: E402

from desktop.exchange import ConflictsView, ExportDialog, ImportDialog, MergeDialog  # noqa: E402
from forms.demo import generate  # noqa: E402
from forms.loader import load_catalog  # noqa: E402
from forms.store.database import open_database  # noqa: E402
from forms.store.conflicts import open_conflicts  # noqa: E402
from reports.excel.export import export_versions  # noqa: E402
from reports.excel.importer import import_file  # noqa: E402

JOB_TIMEOUT_MS = 30000


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def demo_db(tmp_path, catalog):
    db = open_database(tmp_path / "demo.sqlite3")
    generate(db, 40, 3, catalog)
    yield db
    db.close()


@pytest.fixture
def empty_db(tmp_path):
    db = open_database(tmp_path / "empty.sqlite3")
    yield db
    db.close()


def run(qtbot, start):
    job = start()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=JOB_TIMEOUT_MS):
        pass
    return job


def export_with_dialog(qtbot, db, catalog, out: Path, status: str = "all") -> ExportDialog:
    dialog = ExportDialog(db, catalog, who="街道办")
    qtbot.addWidget(dialog)
    dialog.output.set_path(out)
    dialog.status_choice.setCurrentIndex(dialog.status_choice.findData(status))
    run(qtbot, dialog.start)
    return dialog


def test_export_dialog_writes_the_chosen_records(qtbot, demo_db, catalog, tmp_path):
    dialog = export_with_dialog(qtbot, demo_db, catalog, tmp_path / "定稿.xlsx", status="final")
    result = dialog.last_result
    assert result is not None and result.path.exists()
    with demo_db.session() as session:
        from sqlmodel import func, select

        from forms.store.tables import Record

        finals = session.exec(select(func.count()).select_from(Record).where(Record.status == "final")).one()
    assert result.total == finals
    assert "已导出" in dialog.status.text() and "个人信息已隐藏" in dialog.status.text()


def test_import_dialog_loads_an_export_into_another_store(qtbot, demo_db, empty_db, catalog, tmp_path):
    exported = export_with_dialog(qtbot, demo_db, catalog, tmp_path / "全部.xlsx").last_result.path
    dialog = ImportDialog(empty_db, catalog)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([exported, exported])
    assert dialog.files.paths() == [exported]
    with qtbot.waitSignal(dialog.imported, timeout=JOB_TIMEOUT_MS) as signal:
        dialog.start()
    assert signal.args[0].imported[0].inserted == 40
    assert "新增 40" in dialog.status.text()


def test_import_dialog_reports_conflicts_for_review(qtbot, empty_db, tmp_path):
    catalog = tiny_catalog()
    mine = export_versions(tmp_path / "mine.xlsx", [tiny_version(1, 2)], catalog=catalog, include_sensitive=True)
    theirs = export_versions(tmp_path / "theirs.xlsx", [tiny_version(1, 2, variant=1)], catalog=catalog,
                             include_sensitive=True)
    import_file(empty_db, mine, catalog=catalog)
    dialog = ImportDialog(empty_db, catalog)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([theirs])
    with qtbot.waitSignal(dialog.conflicts_found, timeout=JOB_TIMEOUT_MS) as signal:
        dialog.start()
    assert signal.args == [1]


def test_merge_dialog_merges_files(qtbot, tmp_path):
    catalog = tiny_catalog()
    a = export_versions(tmp_path / "a.xlsx", [tiny_version(1, 2), tiny_version(2)], catalog=catalog)
    b = export_versions(tmp_path / "b.xlsx", [tiny_version(1, 3), tiny_version(3)], catalog=catalog)
    dialog = MergeDialog(catalog)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([a, b])
    dialog.output.set_path(tmp_path / "区.xlsx")
    run(qtbot, dialog.start)
    assert dialog.last_result.records_out == 3 and (tmp_path / "区.xlsx").exists()
    assert "输出 3 条记录" in dialog.status.text()


def test_merge_dialog_shows_a_refusal_and_writes_nothing(qtbot, tmp_path, scripted_interaction):
    catalog = tiny_catalog()
    good = export_versions(tmp_path / "a.xlsx", [tiny_version(1, 2)], catalog=catalog)
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a workbook")
    dialog = MergeDialog(catalog)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([good, bad])
    dialog.output.set_path(tmp_path / "区.xlsx")
    run(qtbot, dialog.start)
    assert not (tmp_path / "区.xlsx").exists()
    assert any("merge-004" in message for message in scripted_interaction.errors())
    assert "没有写出文件" in dialog.status.text()


def test_conflicts_view_keeps_the_chosen_version(qtbot, empty_db, tmp_path):
    catalog = tiny_catalog()
    for name, variant in (("mine.xlsx", 0), ("theirs.xlsx", 1)):
        path = export_versions(tmp_path / name, [tiny_version(1, 2, variant)], catalog=catalog,
                               include_sensitive=True)
        import_file(empty_db, path, catalog=catalog)
    view = ConflictsView(empty_db, catalog, who="区住建局")
    qtbot.addWidget(view)
    assert view.conflicts.rowCount() == 1 and view.comparison.rowCount() >= 1
    assert view.comparison.data(view.comparison.index(0, 0)) in {"房屋名称", "层数", "结构类型", "缺陷"}
    with qtbot.waitSignal(view.resolved, timeout=JOB_TIMEOUT_MS):
        view.keep("incoming")
    qtbot.waitUntil(lambda: view.conflicts.rowCount() == 0, timeout=JOB_TIMEOUT_MS)
    assert open_conflicts(empty_db) == []
    assert not view.keep_incoming.isEnabled()
