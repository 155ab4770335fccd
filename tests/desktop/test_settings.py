"""设置 from the menu: inspector, text size, tablet mode, palette and default folders, kept and applied."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QDialogButtonBox, QPushButton, QRadioButton

from desktop import defs
from desktop.appearance import Look, apply_look, current_look
from desktop.app_context import Inspector
from desktop.exchange.export_dialog import ExportDialog
from desktop.inspector_dialog import stored_inspector
from desktop.settings_dialog import SettingsDialog
from forms.store.preferences import Preferences, load_preferences


@pytest.fixture
def plain_look(qapp):
    """Put the app back to the default look whatever a test changed."""
    yield
    apply_look(qapp, Look())


def settings_action(window):
    file_menu = window.menu("文件")
    return next(a for a in file_menu.actions() if a.text() == "设置…")


def test_settings_from_the_menu_are_kept_and_applied(qtbot, window, tmp_path, plain_look):
    settings_action(window).trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.name.text() == "王测试"
    dialog.name.setText("李调查")
    dialog.zoom.setCurrentIndex(dialog.zoom.findData(150))
    dialog.tablet.setChecked(True)
    dialog.palette_choice.setCurrentIndex(dialog.palette_choice.findData("dark"))
    dialog.folders["export"].setText(str(tmp_path))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    db = window.context.db
    assert load_preferences(db) == Preferences(zoom=150, tablet=True, palette="dark", export_folder=str(tmp_path))
    assert stored_inspector(db) == Inspector("李调查", "T-007")
    assert window.context.inspector.name == "李调查" and "李调查" in window.windowTitle()
    app = QApplication.instance()
    assert app.font().pointSizeF() == pytest.approx(defs.BASE_POINT_SIZE * 1.5)
    assert app.palette().color(QPalette.ColorRole.Window).name() == defs.PALETTES["dark"]["roles"]["Window"]
    assert current_look() == Look(zoom=150, tablet=True, palette="dark")
    app.processEvents()
    for part in (window.menuBar(), window.tabs.tabBar(), window.statusBar()):   # open windows follow at once
        assert part.font().pointSizeF() == pytest.approx(defs.BASE_POINT_SIZE * 1.5), part

    editor = window.create_and_open("housing_safety", {})   # built in the new look
    buttons = [b for b in editor.findChildren(QPushButton) if b.isVisibleTo(editor)]
    assert buttons and min(b.sizeHint().height() for b in buttons) >= defs.TABLET_TOUCH_HEIGHT
    boxes = [box for index in range(editor.section_count()) for kind in (QCheckBox, QRadioButton)
             for box in editor.page(index).findChildren(kind)]
    assert boxes and min(b.sizeHint().height() for b in boxes) >= defs.TABLET_TOUCH_HEIGHT
    export = ExportDialog(db, window.context.catalog, window)
    assert export.output.path().parent == tmp_path
    export.deleteLater()


def test_settings_need_a_name_and_id(qtbot):
    dialog = SettingsDialog(Inspector("王", "1"), Preferences())
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.inspector_id.clear()
    assert not ok.isEnabled()


def test_hint_labels_follow_the_palette(qtbot, window, plain_look):
    dark_hint = defs.PALETTES["dark"]["tones"]["hint"]
    summary = window.tasks.summary
    assert defs.HINT_COLOUR in summary.styleSheet()
    apply_look(QApplication.instance(), Look(palette="dark"))
    assert dark_hint in summary.styleSheet() and defs.HINT_COLOUR not in summary.styleSheet()


def test_start_up_draws_the_app_as_the_stored_settings_say(qtbot, qapp, tmp_path, plain_look):
    from desktop.app import StartUp
    from desktop.inspector_dialog import remember_inspector
    from desktop.main_window import MainWindow
    from desktop.script_hook import ScriptHook
    from forms.store.database import open_database
    from forms.store.preferences import save_preferences

    path = tmp_path / "stored.sqlite3"
    db = open_database(path)
    remember_inspector(db, Inspector("王", "1"))
    save_preferences(db, Preferences(zoom=125, palette="high_contrast"))
    db.close()
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.context_ready, timeout=20000):
        start = StartUp(qapp, window, path, ScriptHook(None))
    try:
        assert current_look() == Look(zoom=125, palette="high_contrast")
        assert qapp.palette().color(QPalette.ColorRole.Base).name() == "#000000"
    finally:
        window.close()
        start.close()
