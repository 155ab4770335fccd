"""CITYCHECK_HOOK script: reopen the record named in CITYCHECK_RECORD, print what the wizard shows, quit."""

from __future__ import annotations

import json
import os

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.wizard.editors import RadioEditor


def report(window) -> None:
    editor = window.open_record(os.environ["CITYCHECK_RECORD"])
    shown = {"section": editor.form.sections[editor.current_index].key}
    for index in range(editor.section_count()):
        for key, row in editor.page(index).rows.items():
            if isinstance(row.editor, RadioEditor):
                shown[key] = next((code for code, b in row.editor.buttons.items() if b.isChecked()), None)
            elif hasattr(row.editor, "line"):
                shown[key] = row.editor.line.text()
    print("SHOWN " + json.dumps(shown, ensure_ascii=False), flush=True)
    QApplication.instance().quit()


def hook(window) -> None:
    QTimer.singleShot(0, lambda: report(window))
