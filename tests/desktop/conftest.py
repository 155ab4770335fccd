"""Fixtures for the desktop tests: a fresh store, the app context, and a driver for the wizard."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from desktop.app_context import AppContext, Inspector
from desktop.main_window import MainWindow
from desktop.wizard.editors import (
    CheckboxEditor,
    ComboEditor,
    DateEditor,
    NumberEditor,
    RadioEditor,
    TextEditor,
)
from desktop.wizard.geopoint_editor import GeopointEditor
from desktop.wizard.photo_strip import PhotoStrip
from desktop.wizard.repeat_editor import RepeatEditor
from desktop.wizard.survey_editor import SurveyEditor
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.records import RecordStore

INSPECTOR = Inspector(name="王测试", id="T-007")


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture
def context(tmp_path, catalog):
    db = open_database(tmp_path / "citycheck.sqlite3")
    yield AppContext(db=db, catalog=catalog, store=RecordStore(db, catalog), inspector=INSPECTOR)
    db.close()


@pytest.fixture
def window(qtbot, context):
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    return main


def make_photo(path: Path, colour: str = "red") -> Path:
    """Write a small JPEG and return its path."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def photo_files(tmp_path):
    return [make_photo(tmp_path / f"照片{i}.jpg", colour) for i, colour in enumerate(("red", "green", "blue"))]


class SurveyDriver:
    """Fills fields of a SurveyEditor the way a person would: typing and clicking."""

    def __init__(self, qtbot, editor: SurveyEditor, scripted) -> None:
        self.qtbot = qtbot
        self.editor = editor
        self.scripted = scripted

    def row(self, key: str):
        section = self.editor.form.section_of(key)
        index = [s.key for s in self.editor.form.sections].index(section.key)
        if self.editor.current_index != index:
            self.editor.go_to(index)
        return self.editor.page(index).rows[key]

    def widget(self, key: str):
        row = self.row(key)
        assert row.isVisibleTo(self.editor.page(self.editor.current_index)), f"{key} is hidden"
        return row.editor

    def type(self, key: str, text: str) -> None:
        editor = self.widget(key)
        assert isinstance(editor, (TextEditor, NumberEditor, DateEditor))
        editor.line.clear()
        type_text(self.qtbot, editor.line, text)

    def choose(self, key: str, code: str) -> None:
        editor = self.widget(key)
        if isinstance(editor, RadioEditor):
            _click_indicator(self.qtbot, editor.buttons[code])
        else:
            assert isinstance(editor, ComboEditor)
            self._pick_in_combo(editor.combo, code)

    def tick(self, key: str, *codes: str) -> None:
        editor = self.widget(key)
        assert isinstance(editor, CheckboxEditor)
        for code in codes:
            _click_indicator(self.qtbot, editor.boxes[code])

    def locate(self, key: str, lat: str, lon: str) -> None:
        editor = self.widget(key)
        assert isinstance(editor, GeopointEditor)
        self.qtbot.keyClicks(editor.lat, lat)
        self.qtbot.keyClicks(editor.lon, lon)

    def add_photos(self, key: str, *paths: Path, strip: PhotoStrip | None = None) -> None:
        strip = strip or self.widget(key)
        assert isinstance(strip, PhotoStrip)
        for path in paths:
            self.scripted.answers.append(str(path))
            self.qtbot.mouseClick(_button(strip, "添加照片…"), Qt.MouseButton.LeftButton)

    def add_repeat_row(self, key: str, cells: dict[str, object]) -> RepeatEditor:
        """Click 添加一行 and type each cell into the table's cell editors."""
        repeat = self.widget(key)
        assert isinstance(repeat, RepeatEditor)
        self.qtbot.mouseClick(_button(repeat, "添加一行"), Qt.MouseButton.LeftButton)
        row = repeat.model.rowCount() - 1
        for key_in_row, value in cells.items():
            column = [c.key for c in repeat.model.columns].index(key_in_row)
            self._edit_cell(repeat, row, column, value)
        return repeat

    def _edit_cell(self, repeat: RepeatEditor, row: int, column: int, value: object) -> None:
        index = repeat.model.index(row, column)
        repeat.table.setCurrentIndex(index)
        repeat.table.edit(index)
        cell_editor = QApplication.focusWidget()
        if isinstance(cell_editor, QComboBox):
            self._pick_in_combo(cell_editor, value)
        else:
            assert isinstance(cell_editor, QLineEdit), cell_editor
            type_text(self.qtbot, cell_editor, str(value))
        self.qtbot.keyClick(cell_editor, Qt.Key.Key_Tab)

    def _pick_in_combo(self, combo: QComboBox, code: object) -> None:
        target = combo.findData(code)
        assert target >= 0, code
        combo.setFocus()
        while combo.currentIndex() != target:
            key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
            self.qtbot.keyClick(combo, key)

    def finalize(self) -> None:
        self.editor.go_to(self.editor.section_count())
        page = self.editor.finalize_page
        missing = [page.missing.item(i).text() for i in range(page.missing.count())]
        assert page.finalize_button.isEnabled(), missing
        self.qtbot.mouseClick(page.finalize_button, Qt.MouseButton.LeftButton)


def type_text(qtbot, widget, text: str) -> None:
    """Type `text`: ASCII as key clicks, Chinese as an input-method commit (as a pinyin IME does)."""
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def _click_indicator(qtbot, button) -> None:
    """Click a check box or radio button on its indicator, where a finger would tap."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def _button(parent, text: str):
    from PySide6.QtWidgets import QPushButton

    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


@pytest.fixture
def driver_for(qtbot, scripted_interaction):
    return lambda editor: SurveyDriver(qtbot, editor, scripted_interaction)
