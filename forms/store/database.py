"""Open the store: one SQLite file with pragmas set, migrated, with a device id."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import pathname2url

from sqlalchemy import Engine, event, exc
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from forms.store.errors import store_error
from forms.store.faults import BUSY_TIMEOUT_MS, faults_reported, is_damage
from forms.store.migrate import upgrade_to_head
from forms.store.paths import default_database_path
from forms.store.tables import Meta

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=NORMAL",
)
DEVICE_ID_KEY = "device_id"
# Execution option naming the statement that starts a transaction (see `_on_begin`).
BEGIN_OPTION = "citycheck_begin"


@dataclass(frozen=True)
class Database:
    """An open store: its file, engine and this device's id."""

    path: Path
    engine: Engine = field(repr=False)
    device_id: str

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session that commits on success and rolls back on error."""
        with _committing_session(self.engine) as session:
            yield session

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """Yield a session holding the write lock from its start, waiting up to the busy timeout for it.

        A transaction that reads first and writes later cannot wait in WAL mode: when another
        program wrote in between, SQLite refuses it at once. Taking the lock first makes it wait.
        """
        immediate = self.engine.execution_options(**{BEGIN_OPTION: "BEGIN IMMEDIATE"})
        with faults_reported(self.path), _committing_session(immediate) as session:
            yield session

    def close(self) -> None:
        """Release every pooled connection to the file."""
        self.engine.dispose()


@contextmanager
def _committing_session(bind) -> Iterator[Session]:
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def open_database(path: Path | None = None) -> Database:
    """Open (creating if needed) and migrate the store at `path`."""
    path = Path(path) if path is not None else default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = _make_engine(path)
    try:
        with engine.begin() as connection:
            upgrade_to_head(connection, path.name)
        device_id = _ensure_device_id(engine)
    except exc.DatabaseError as error:
        engine.dispose()
        code = "store-015" if is_damage(error) else "store-002"
        raise store_error(code, path.name, detail=_driver_message(error)) from error
    except BaseException:
        engine.dispose()
        raise
    return Database(path=path, engine=engine, device_id=device_id)


def open_for_reading(path: Path, device_id: str) -> Database:
    """Open a store another process opened and migrated, never creating it: a missing file is an error.

    For helper processes (the export's row producer) that only read.
    """
    uri = f"file:{pathname2url(str(path))}?mode=rw"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True)

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return Database(path=Path(path), engine=engine, device_id=device_id)


def _make_engine(path: Path) -> Engine:
    # hide_parameters: answers never reach a log through an SQL error message.
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_begin(connection) -> None:
    connection.exec_driver_sql(connection.get_execution_options().get(BEGIN_OPTION, "BEGIN"))


def _ensure_device_id(engine: Engine) -> str:
    with Session(engine) as session:
        meta = session.get(Meta, DEVICE_ID_KEY)
        if meta is None:
            meta = Meta(key=DEVICE_ID_KEY, value=str(uuid.uuid4()))
            session.add(meta)
            session.commit()
        return meta.value


def _driver_message(error: exc.DatabaseError) -> str:
    return str(error.orig) if error.orig is not None else str(error)
