"""Date and time functions: today, now, date, date-time, decimal-date-time, decimal-time, format-date.

Numbers stand for days since 1970-01-01. A time with an offset is converted to
UTC; a time without one is taken as written (Collect reads it in the device's
time zone, so the two agree on a device set to UTC).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta, timezone
from types import MappingProxyType

from forms.expressions.signature import Function
from forms.expressions.values import EPOCH, NAN, is_empty, to_date, to_number, to_string

_DAY = timedelta(days=1)


def _today(context):
    return context.today or date.today()


def _now(context):
    if context.today:
        return datetime.combine(context.today, time())
    return datetime.now()


def _moment(value: object) -> date | datetime | None:
    """Read a date, date-time, time of day ('10:20:30.000+03:00') or day count; None if impossible."""
    if isinstance(value, bool):
        return None
    moment = to_date(value)
    if moment is None and isinstance(value, str):
        try:
            moment = datetime.combine(EPOCH, time.fromisoformat(value.strip()))
        except ValueError:
            return None
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        try:
            return moment.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:
            return None  # year 1 or 9999 moved past the calendar's end
    return moment


def _date(context, value):
    """The day of `value`; a number of days is truncated, as Collect does ('' if impossible)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = to_number(value)
        try:
            return EPOCH + timedelta(days=math.trunc(number)) if math.isfinite(number) else ""
        except OverflowError:
            return ""
    moment = None if is_empty(value) else _moment(value)
    if moment is None:
        return ""
    return moment.date() if isinstance(moment, datetime) else moment


def _date_time(context, value):
    moment = None if is_empty(value) else _moment(value)
    if moment is None:
        return ""
    return moment if isinstance(moment, datetime) else datetime.combine(moment, time())


def _decimal_date_time(context, value):
    """Days since 1970-01-01T00:00 as a decimal; '' stays ''."""
    if is_empty(value):
        return ""
    moment = _moment(value)
    if moment is None:
        return NAN
    return to_number(moment)


def _decimal_time(context, value):
    """The fraction of the day: noon is 0.5."""
    if is_empty(value):
        return ""
    moment = _moment(value)
    if not isinstance(moment, datetime):
        return 0.0 if isinstance(moment, date) else NAN
    return (moment - datetime.combine(moment.date(), time())) / _DAY


def _part(name: str, width: int = 0):
    return lambda moment: f"{getattr(moment, name, 0):0{width}d}"


_DATE_PARTS = MappingProxyType({
    "Y": _part("year", 4), "y": lambda d: f"{d.year % 100:02d}",
    "m": _part("month", 2), "n": _part("month"), "d": _part("day", 2), "e": _part("day"),
    "H": _part("hour", 2), "h": _part("hour"), "M": _part("minute", 2), "S": _part("second", 2),
    "3": lambda d: f"{getattr(d, 'microsecond', 0) // 1000:03d}",
    "b": lambda d: d.strftime("%b"), "a": lambda d: d.strftime("%a"), "%": lambda d: "%",
})
_DATE_CODE = re.compile(r"%(.)", re.DOTALL)


def _format_date(context, value, pattern):
    """Format with ODK's %-codes; an unknown code is kept as written."""
    moment = to_date(value)
    if moment is None:
        return ""
    return _DATE_CODE.sub(lambda m: _DATE_PARTS.get(m.group(1), lambda d: m.group())(moment),
                          to_string(pattern))


DATE_FUNCTIONS = MappingProxyType({
    "today": Function(0, 0, _today),
    "now": Function(0, 0, _now),
    "date": Function(1, 1, _date),
    "date-time": Function(1, 1, _date_time),
    "decimal-date-time": Function(1, 1, _decimal_date_time),
    "decimal-time": Function(1, 1, _decimal_time),
    "format-date": Function(2, 2, _format_date),
    "format-date-time": Function(2, 2, _format_date),
})
