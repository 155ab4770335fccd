"""Device settings kept as key-value pairs in the Meta table."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import select

from forms.store.database import DEVICE_ID_KEY, Database
from forms.store.errors import store_error
from forms.store.tables import Meta

INSPECTOR_NAME = "inspector_name"
INSPECTOR_ID = "inspector_id"

# One statement reserves the values: SQLite takes the write lock, so two processes never share one.
RESERVE = text("INSERT INTO meta (key, value) VALUES (:key, :count) "
               "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + :count RETURNING value")


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


GPS_ACCURACY_THRESHOLD = "gps_accuracy_threshold_m"
DEFAULT_GPS_ACCURACY_THRESHOLD_M = 10.0


def gps_accuracy_threshold(db: Database) -> float:
    """Return the worst GPS accuracy (metres) 取当前位置 accepts without asking; the default when unset."""
    text = get_setting(db, GPS_ACCURACY_THRESHOLD)
    try:
        metres = float(text) if text is not None else DEFAULT_GPS_ACCURACY_THRESHOLD_M
    except ValueError:
        return DEFAULT_GPS_ACCURACY_THRESHOLD_M
    return metres if 0 < metres < float("inf") else DEFAULT_GPS_ACCURACY_THRESHOLD_M


def set_gps_accuracy_threshold(db: Database, metres: float) -> None:
    """Store the GPS accuracy threshold in metres (store-017 unless a positive number)."""
    if isinstance(metres, bool) or not isinstance(metres, (int, float)) or not 0 < metres <= 10_000:
        raise store_error("store-017", GPS_ACCURACY_THRESHOLD, value=metres)
    set_setting(db, GPS_ACCURACY_THRESHOLD, f"{float(metres):g}")


def reserve_counter(db: Database, key: str, count: int) -> range:
    """Reserve `count` consecutive values of the counter `key`; they are never handed out again."""
    with db.engine.begin() as connection:
        last = int(connection.execute(RESERVE, {"key": key, "count": count}).scalar_one())
    return range(last - count + 1, last + 1)
