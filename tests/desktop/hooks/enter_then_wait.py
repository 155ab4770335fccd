"""CITYCHECK_HOOK script: start a housing-safety record, type into it, report, then keep running.

The crash test kills the process with SIGKILL once "ENTERED <id>" is printed.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

TYPED = {
    "district": "渝中区", "street": "解放碑街道", "community": "民生路社区", "building_code": "500103077",
    "address": "民生路77号", "building_name": "民生路77号楼", "year_built": "1978", "floors_above": "5",
}
CLICKED = {"land_type": "collective", "self_built": "yes"}


def type_into(widget, text: str) -> None:
    if text.isascii():
        QTest.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def enter(window) -> None:
    editor = window.create_and_open("housing_safety", {})
    for key, text in TYPED.items():
        editor.jump_to_field(editor.form.section_of(key).key, key)
        type_into(editor.pages[editor.current_index].rows[key].editor.line, text)
    for key, code in CLICKED.items():
        editor.jump_to_field(editor.form.section_of(key).key, key)
        button = editor.pages[editor.current_index].rows[key].editor.buttons[code]
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    editor.jump_to_field("use_owner", "households")
    type_into(editor.pages[editor.current_index].rows["households"].editor.line, "12")
    print(f"ENTERED {editor.session.record_id}", flush=True)


def hook(window) -> None:
    QTimer.singleShot(0, lambda: enter(window))
