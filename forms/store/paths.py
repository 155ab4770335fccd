"""Where the store lives on this computer."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "CityCheck"
DATABASE_FILE = "citycheck.sqlite3"


def default_database_path() -> Path:
    """Return the per-user database path for this operating system."""
    return user_data_path(APP_NAME, APP_NAME) / DATABASE_FILE
