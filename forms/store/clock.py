"""Timestamps: stored as UTC ISO 8601 with a Z suffix, shown to people in local time."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo

LOCAL_MINUTES = "%Y-%m-%d %H:%M"
LOCAL_SECONDS = "%Y-%m-%d %H:%M:%S"


def utc_now() -> str:
    """Return the current UTC time as "2026-11-22T08:15:30Z"."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime | None:
    """Read a stored timestamp ("2026-11-22T08:15:30Z"); a time without a zone is UTC; None if unreadable."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def local_text(moment: str | datetime | None, *, seconds: bool = False, tz: tzinfo | None = None) -> str:
    """Return a stored time as people read it: local time (or `tz`), "2026-11-22 16:15"; "" when empty.

    Text that is not a timestamp is returned as it is, so a hand-edited value still shows.
    """
    if moment is None or moment == "":
        return ""
    when = moment if isinstance(moment, datetime) else parse_utc(str(moment))
    if when is None:
        return str(moment)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(tz).strftime(LOCAL_SECONDS if seconds else LOCAL_MINUTES)
