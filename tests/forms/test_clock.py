"""Stored times are UTC; people read them in local time through one helper."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from forms.store.clock import local_text, parse_utc, utc_now

UTC_PLUS_8 = timezone(timedelta(hours=8))


def test_stored_utc_reads_as_local_time_in_a_given_zone():
    assert local_text("2026-12-05T12:15:30Z", tz=UTC_PLUS_8) == "2026-12-05 20:15"
    assert local_text("2026-12-05T20:15:30Z", tz=UTC_PLUS_8, seconds=True) == "2026-12-06 04:15:30"
    assert local_text(datetime(2026, 12, 5, 12, 15, tzinfo=timezone.utc), tz=UTC_PLUS_8) == "2026-12-05 20:15"


def test_the_computer_time_zone_is_used_by_default(shanghai_time):
    assert local_text("2026-12-05T12:15:30Z") == "2026-12-05 20:15"
    assert local_text("2026-12-05T12:15:30") == "2026-12-05 20:15", "a stored time without a zone is UTC"


def test_empty_and_unreadable_times_show_as_they_are():
    assert local_text(None) == local_text("") == ""
    assert local_text("昨天") == "昨天"
    assert parse_utc("昨天") is None


def test_what_is_stored_stays_utc(shanghai_time):
    stamp = utc_now()
    assert stamp.endswith("Z")
    assert parse_utc(stamp).utcoffset() == timedelta(0)
