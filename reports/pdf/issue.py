"""The printed identity of a report: its number, the surveying unit and the date it is issued.

Numbers are prefix + date + a counter kept in the store's Meta table, so they never repeat on
one machine, whatever the prefix or the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from forms.store.database import Database
from forms.store.settings import get_setting, reserve_counter

NUMBER_PREFIX_SETTING = "report_number_prefix"
SURVEYING_UNIT_SETTING = "surveying_unit"
COUNTER_KEY = "report_number_counter"
DEFAULT_PREFIX = "CC"
UNNUMBERED = "（未编号）"


@dataclass(frozen=True)
class ReportIssue:
    """What every page and the closing block of a report print about the report itself."""

    number: str = UNNUMBERED
    unit: str = ""
    issued_on: dt.date | None = None

    def date_text(self) -> str:
        day = self.issued_on or dt.date.today()
        return f"{day.year}年{day.month}月{day.day}日"


def reserve_counters(db: Database, count: int) -> range:
    """Reserve `count` consecutive counter values in the store; they are never handed out again."""
    return reserve_counter(db, COUNTER_KEY, count)


def report_number(prefix: str, day: dt.date, counter: int) -> str:
    return f"{prefix}-{day:%Y%m%d}-{counter:05d}"


def issue_settings(db: Database, prefix: str | None = None, unit: str | None = None) -> tuple[str, str]:
    """The number prefix and surveying unit: the given ones, else this store's settings, else defaults."""
    prefix = (prefix or get_setting(db, NUMBER_PREFIX_SETTING) or DEFAULT_PREFIX).strip() or DEFAULT_PREFIX
    unit = unit if unit is not None else get_setting(db, SURVEYING_UNIT_SETTING, "")
    return prefix, (unit or "").strip()


@dataclass(frozen=True)
class Numbering:
    """How reports are numbered and signed: the prefix and surveying unit asked for (None: the settings)."""

    prefix: str | None = None
    unit: str | None = None

    def issue(self, db: Database, today: dt.date | None = None) -> ReportIssue:
        """Number one report."""
        return next(self.issues(db, 1, today))

    def issues(self, db: Database, count: int, today: dt.date | None = None) -> Iterator[ReportIssue]:
        """Number reports one after another, reserving `count` numbers at a time."""
        prefix, unit = issue_settings(db, self.prefix, self.unit)
        day = today or dt.date.today()
        while True:
            for counter in reserve_counters(db, max(count, 1)):
                yield ReportIssue(report_number(prefix, day, counter), unit, day)
