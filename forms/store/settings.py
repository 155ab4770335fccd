"""Device settings kept as key-value pairs in the Meta table."""

from __future__ import annotations

from sqlmodel import select

from forms.store.database import DEVICE_ID_KEY, Database
from forms.store.tables import Meta

INSPECTOR_NAME = "inspector_name"
INSPECTOR_ID = "inspector_id"


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    """Return the stored value of `key`, or `default` when unset."""
    with db.session() as session:
        meta = session.get(Meta, key)
        return meta.value if meta is not None else default


def set_setting(db: Database, key: str, value: str) -> None:
    """Store `value` under `key`, replacing any earlier value."""
    with db.session() as session:
        meta = session.get(Meta, key)
        if meta is None:
            session.add(Meta(key=key, value=value))
        else:
            meta.value = value


def set_settings(db: Database, values: dict[str, str]) -> None:
    """Store every key and value in one transaction."""
    with db.session() as session:
        for key, value in values.items():
            meta = session.get(Meta, key)
            if meta is None:
                session.add(Meta(key=key, value=value))
            else:
                meta.value = value


def settings(db: Database) -> dict[str, str]:
    """Return every setting except the device id."""
    with db.session() as session:
        rows = session.exec(select(Meta)).all()
        return {row.key: row.value for row in rows if row.key != DEVICE_ID_KEY}
