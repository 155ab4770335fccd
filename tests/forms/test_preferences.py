"""Preferences are kept per device; bad stored values read as defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.store.database import open_database
from forms.store.preferences import Preferences, load_preferences, save_preferences
from forms.store.settings import set_setting


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "p.sqlite3")
    yield database
    database.close()


def test_round_trip(db, tmp_path):
    chosen = Preferences(zoom=175, tablet=True, palette="dark", export_folder=str(tmp_path))
    save_preferences(db, chosen)
    assert load_preferences(db) == chosen
    assert load_preferences(db).folder("export") == tmp_path
    assert load_preferences(db).folder("report") == Path.home()


def test_defaults_before_anything_is_saved(db):
    assert load_preferences(db) == Preferences()


def test_invalid_values_read_as_defaults(db, tmp_path):
    set_setting(db, "ui.zoom", "300")
    set_setting(db, "ui.palette", "purple")
    set_setting(db, "ui.export_folder", str(tmp_path / "gone"))
    loaded = load_preferences(db)
    assert (loaded.zoom, loaded.palette) == (100, "light")
    assert loaded.folder("export") == Path.home()
