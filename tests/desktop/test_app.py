"""Start-up pieces: first-start inspector, a window that shows before the store, hook points, fast path."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from desktop.app import open_store
from desktop.app_context import Inspector
from desktop.cli.gui_cmd import gui_arguments
from desktop.inspector_dialog import InspectorDialog, ensure_inspector, stored_inspector
from desktop.main_window import MainWindow
from forms.store.database import open_database
from forms.store.settings import INSPECTOR_ID, INSPECTOR_NAME, get_setting


def test_inspector_dialog_needs_name_and_id(qtbot):
    dialog = InspectorDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.name, "Li")
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.inspector_id, "A-3")
    assert ok.isEnabled()
    assert dialog.inspector() == Inspector("Li", "A-3")


def test_first_start_asks_once_and_keeps_the_inspector(qtbot, tmp_path):
    db = open_database(tmp_path / "first.sqlite3")
    try:
        assert stored_inspector(db) is None

        def answer() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, InspectorDialog)
            dialog.name.setText("李调查")
            dialog.inspector_id.setText("L-9")
            dialog.accept()

        QTimer.singleShot(0, answer)
        assert ensure_inspector(db) == Inspector("李调查", "L-9")
        assert (get_setting(db, INSPECTOR_NAME), get_setting(db, INSPECTOR_ID)) == ("李调查", "L-9")
        assert ensure_inspector(db) == Inspector("李调查", "L-9"), "no dialog the second time"
        assert db.device_id
    finally:
        db.close()


def test_window_shows_before_the_store_then_attaches(qtbot, context):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.count() == 0
    new_record = next(a for a in window.menu("文件").actions() if a.text() == "新建记录…")
    assert not new_record.isEnabled()
    with qtbot.waitSignal(window.context_ready) as ready:
        window.attach(context)
    assert ready.args == [context]
    assert new_record.isEnabled()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["调查记录", "任务"]


def test_hook_points_add_tabs_and_menu_actions(qtbot, window):
    dashboard = QLabel("指标")
    index = window.add_tab(dashboard, "指标看板")
    assert window.tabs.widget(index) is dashboard
    triggered = []
    action = QAction("导出 Excel…")
    action.triggered.connect(lambda: triggered.append(True))
    menu = window.add_menu_action("交换", action)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件", "查看", "交换", "帮助"]
    assert window.add_menu_action("交换", QAction("导入 Excel…")) is menu
    action.trigger()
    assert triggered == [True]


def test_open_store_creates_the_database_and_loads_surveys(tmp_path):
    opened = open_store(tmp_path / "new" / "citycheck.sqlite3")
    try:
        assert (tmp_path / "new" / "citycheck.sqlite3").exists()
        assert list(opened.catalog) == ["housing_safety", "old_pipelines", "aging_friendly", "historic_buildings"]
    finally:
        opened.db.close()


def test_fast_path_only_for_plain_starts(tmp_path):
    assert gui_arguments([]).db is None
    assert gui_arguments(["--db", str(tmp_path / "a.sqlite3")]).db == tmp_path / "a.sqlite3"
    assert gui_arguments(["demo", "--count", "10"]) is None
    assert gui_arguments(["--version"]) is None


def test_qt_standard_buttons_speak_chinese(qapp):
    from PySide6.QtCore import QCoreApplication

    from desktop.app import install_chinese_translations

    assert install_chinese_translations(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
