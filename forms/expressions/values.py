"""ODK/XPath conversions between answer values: number, string, boolean, date."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

NAN = float("nan")
EPOCH = date(1970, 1, 1)
_EPOCH_TIME = datetime(1970, 1, 1)
JAVA_INT_LIMIT = 2 ** 31
_XPATH_NUMBER = re.compile(r"\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})\s*")


def is_empty(value: object) -> bool:
    """Return whether `value` is ODK's empty value ('' or missing)."""
    return value is None or value == ""


def is_missing(value: object) -> bool:
    """Return whether `value` is no value for coalesce() and once(): empty or NaN, as ODK's isNull."""
    return to_string(value) == "" or (isinstance(value, float) and math.isnan(value))


def whole_number(value: object) -> int:
    """Convert `value` to an int as Java's (int) cast does: truncated, NaN is 0, clamped to 32 bits."""
    number = to_number(value)
    if math.isnan(number):
        return 0
    return int(max(-JAVA_INT_LIMIT, min(JAVA_INT_LIMIT - 1, math.trunc(max(-1e10, min(1e10, number))))))


def is_sequence(value: object) -> bool:
    """Return whether `value` is a list of values (select_multiple, repeat column)."""
    return isinstance(value, (list, tuple))


def truthy(value: object) -> bool:
    """Convert `value` to a boolean the XPath way (empty, 0 and NaN are false)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, int):
        return value != 0
    if value is None:
        return False
    if isinstance(value, (str, list, tuple, dict)):
        return len(value) > 0
    return True


def to_number(value: object) -> float:
    """Convert `value` to a float; empty or non-numeric gives NaN, dates give days."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return _int_to_float(value) if isinstance(value, int) else value
    if isinstance(value, str):
        return _string_to_number(value)
    if isinstance(value, datetime):
        return (value.replace(tzinfo=None) - _EPOCH_TIME) / timedelta(days=1)
    if isinstance(value, date):
        return float((value - EPOCH).days)
    return NAN


def _int_to_float(value: int) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _string_to_number(text: str) -> float:
    if _XPATH_NUMBER.fullmatch(text):
        return float(text)
    day = parse_date(text)
    return float((day - EPOCH).days) if day else NAN


def parse_date(text: str) -> date | None:
    """Return the date of a 'YYYY-MM-DD' string, or None."""
    match = _ISO_DATE.fullmatch(text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def to_date(value: object) -> date | datetime | None:
    """Convert a date, datetime, date string or day count to a date; None if impossible."""
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str):
        return parse_date(value) or _parse_datetime(value)
    number = to_number(value) if isinstance(value, (int, float)) else NAN
    if math.isfinite(number):
        try:
            return _EPOCH_TIME + timedelta(days=number)
        except OverflowError:
            return None
    return None


def _parse_datetime(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def to_string(value: object) -> str:
    """Convert `value` to its XPath string (lists space-separated, geopoints 'lat lon')."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_to_string(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return " ".join(to_string(item) for item in value)
    if isinstance(value, dict):
        return _geopoint_to_string(value)
    return str(value)


def number_to_string(number: float) -> str:
    """Format a float without exponent or a trailing '.0', as XPath does."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number.is_integer():
        return str(int(number))
    text = format(number, ".15g")
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def _geopoint_to_string(point: dict) -> str:
    if "lat" in point and "lon" in point:
        return f"{to_string(point['lat'])} {to_string(point['lon'])}"
    return " ".join(to_string(item) for item in point.values())
