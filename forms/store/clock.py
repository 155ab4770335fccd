"""UTC timestamps as stored: ISO 8601 with a Z suffix."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> str:
    """Return the current UTC time as "2026-11-22T08:15:30Z"."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
