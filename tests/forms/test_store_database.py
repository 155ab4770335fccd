"""Opening the store: migrations, pragmas, device id, settings and refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from forms.errors import CodedError
from forms.store.database import open_database
from forms.store.errors import STORE_ERRORS, StoreError
from forms.store.migrate import schema_revision
from forms.store.paths import default_database_path
from forms.store.settings import get_setting, set_setting, settings
from forms.store.tables import STORE_TABLES, SQLModel

TABLE_NAMES = {table.__tablename__ for table in STORE_TABLES}


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "nested" / "dir" / "store.sqlite3")
    yield database
    database.close()


def _schema(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def test_open_creates_parent_dirs_and_every_table(db):
    assert db.path.exists()
    names = {name for _type, name, _sql in _schema(db.path)}
    assert TABLE_NAMES | {"alembic_version"} <= names
    assert {"ix_record_form_id", "ix_record_status", "ix_record_district", "ix_record_street",
            "ix_record_community", "ix_record_building_code", "ix_record_updated_at"} <= names


def test_migrated_schema_matches_the_tables(db):
    def ours(obj, name, type_, reflected, compare_to):
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return table is None or table.name in TABLE_NAMES

    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": ours, "compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_reopen_is_a_no_op_and_keeps_the_device_id(db):
    before = _schema(db.path)
    device_id = db.device_id
    db.close()
    again = open_database(db.path)
    try:
        assert _schema(again.path) == before
        assert again.device_id == device_id
        with again.engine.connect() as connection:
            assert schema_revision(connection) == (head_revision(),)
    finally:
        again.close()


def test_pragmas_are_set_on_every_connection(db):
    with db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
        assert pragma("synchronous") == 1  # NORMAL


def test_newer_schema_is_refused_with_store_001(db):
    db.close()
    with sqlite3.connect(db.path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(StoreError) as caught:
        open_database(db.path)
    assert caught.value.code == "store-001"
    assert "9999_future" in caught.value.message
    assert "升级" in caught.value.message


def test_non_sqlite_file_is_refused_with_store_002(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes("这不是数据库".encode() * 200)
    with pytest.raises(StoreError) as caught:
        open_database(path)
    assert caught.value.code == "store-002"
    assert isinstance(caught.value, CodedError)
    assert str(caught.value).startswith("[store-002] notes.sqlite3: ")


def test_settings_round_trip_without_the_device_id(db):
    assert get_setting(db, "inspector_name") is None
    assert get_setting(db, "inspector_name", "无") == "无"
    set_setting(db, "inspector_name", "张三")
    set_setting(db, "inspector_name", "李四")
    set_setting(db, "inspector_id", "I-07")
    assert get_setting(db, "inspector_name") == "李四"
    assert settings(db) == {"inspector_name": "李四", "inspector_id": "I-07"}


def test_session_rolls_back_on_error(db):
    from forms.store.tables import Meta

    with pytest.raises(RuntimeError):
        with db.session() as session:
            session.add(Meta(key="half", value="done"))
            session.flush()
            raise RuntimeError("boom")
    assert get_setting(db, "half") is None


def test_default_path_is_per_user_and_named_for_the_app():
    path = default_database_path()
    assert path.name == "citycheck.sqlite3"
    assert "CityCheck" in path.parts


def test_error_catalogue_is_read_only_and_complete():
    assert all(code.startswith("store-") for code in STORE_ERRORS)
    with pytest.raises(TypeError):
        STORE_ERRORS["store-999"] = "x"  # type: ignore[index]


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from forms.store.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_an_older_database_is_upgraded_on_open(tmp_path):
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from forms.store.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    engine.dispose()
    db = open_database(path)
    indexes = {index["name"] for index in inspect(db.engine).get_indexes("record")}
    assert "ix_record_form_id_status_updated_at" in indexes
    with db.engine.connect() as connection:
        assert schema_revision(connection) == (head_revision(),)
