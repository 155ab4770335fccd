"""Bring a database to the newest schema with the bundled Alembic scripts."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from forms.store.errors import store_error

# Next to this file, so a PyInstaller bundle that ships the folder as data still finds it.
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic config for the bundled scripts, bound to `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_to_head(connection: Connection, where: str) -> None:
    """Migrate `connection` to head; refuse a database made by a newer app."""
    config = alembic_config(connection)
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    current = MigrationContext.configure(connection).get_current_heads()
    unknown = [revision for revision in current if revision not in known]
    if unknown:
        raise store_error("store-001", where, found=", ".join(unknown))
    command.upgrade(config, "head")


def schema_revision(connection: Connection) -> tuple[str, ...]:
    """Return the Alembic revisions recorded in the database."""
    return tuple(MigrationContext.configure(connection).get_current_heads())
