"""Per-field checks of one answer: required, type, range, photos, GPS, repeat rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from forms.model import Field, FieldType

# China's bounding box; a point outside it is almost always swapped or mistyped.
CHINA_LAT = (3.8, 53.6)
CHINA_LON = (73.5, 135.1)
COORDINATE_SYSTEMS = ("WGS-84", "GCJ-02")
MAX_ACCURACY_M = 100_000   # a fix worse than 100 km is no position at all


def is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def field_errors(item: Field, value: object, today: dt.date) -> list[str]:
    """Return the Chinese messages for one relevant field's value (empty list when valid)."""
    if is_empty(value):
        return _empty_errors(item)
    check = TYPE_CHECKS.get(item.type)
    return check(item, value, today) if check else []


def _empty_errors(item: Field) -> list[str]:
    if item.type is FieldType.PHOTOS and (item.required or item.min_photos):
        return [f"请至少添加 {max(item.min_photos, 1)} 张照片"]
    if item.type is FieldType.REPEAT and item.min_rows:
        return [f"至少需要 {item.min_rows} 行"]
    if item.required and item.type not in (FieldType.REPEAT, FieldType.NOTE, FieldType.CALCULATE):
        return ["此项必填"]
    return []


def _bound(bound: object, today: dt.date, item: Field) -> object:
    if bound == "today":
        return today.year if item.type is FieldType.YEAR else today
    return bound


def _range_errors(item: Field, number: float, today: dt.date) -> list[str]:
    low, high = _bound(item.minimum, today, item), _bound(item.maximum, today, item)
    unit = item.unit
    if low is not None and high is not None and not low <= number <= high:
        return [f"应在 {_fmt(low)}–{_fmt(high)}{unit} 之间，当前为 {_fmt(number)}{unit}"]
    if low is not None and number < low:
        return [f"不能小于 {_fmt(low)}{unit}，当前为 {_fmt(number)}{unit}"]
    if high is not None and number > high:
        return [f"不能大于 {_fmt(high)}{unit}，当前为 {_fmt(number)}{unit}"]
    return []


def _fmt(number: object) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def _integer(item: Field, value: object, today: dt.date) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, int):
        return ["请填写整数"]
    return _range_errors(item, value, today)


def _year(item: Field, value: object, today: dt.date) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
        return ["请填写四位年份，例如 1998"]
    return _range_errors(item, value, today)


def _decimal(item: Field, value: object, today: dt.date) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return ["请填写数字"]
    return _range_errors(item, float(value), today)


def _date(item: Field, value: object, today: dt.date) -> list[str]:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return ["日期格式应为 年-月-日，例如 2026-05-18"]
    low, high = _bound(item.minimum, today, item), _bound(item.maximum, today, item)
    low = dt.date.fromisoformat(low) if isinstance(low, str) else low
    high = dt.date.fromisoformat(high) if isinstance(high, str) else high
    if isinstance(high, dt.date) and day > high:
        return [f"日期不能晚于 {high.isoformat()}"]
    if isinstance(low, dt.date) and day < low:
        return [f"日期不能早于 {low.isoformat()}"]
    return []


def _text(item: Field, value: object, today: dt.date) -> list[str]:
    return [] if isinstance(value, str) else ["请填写文字"]


def _select_one(item: Field, value: object, today: dt.date) -> list[str]:
    if value not in item.choice_codes():
        return [f"“{value}”不是可选项，请从列表中选择"]
    return []


def _select_multiple(item: Field, value: object, today: dt.date) -> list[str]:
    if not isinstance(value, list):
        return ["多选题的答案应为选项列表"]
    unknown = [str(v) for v in value if v not in item.choice_codes()]
    if unknown:
        return [f"“{'、'.join(unknown)}”不是可选项，请从列表中选择"]
    if len(set(value)) != len(value):
        return ["同一选项被勾选了两次"]
    return []


def _photos(item: Field, value: object, today: dt.date) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(p, Mapping) and p.get("sha256") for p in value):
        return ["照片数据不完整，请删除后重新添加"]
    if len(value) < item.min_photos:
        return [f"请至少添加 {item.min_photos} 张照片，当前 {len(value)} 张"]
    return []


def _geopoint(item: Field, value: object, today: dt.date) -> list[str]:
    if not isinstance(value, Mapping):
        return ["请填写纬度和经度"]
    lat, lon = value.get("lat"), value.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        return ["请填写纬度和经度（十进制度数）"]
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        return ["纬度应在 -90–90、经度应在 -180–180 之间"]
    if not (CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LON[0] <= lon <= CHINA_LON[1]):
        return ["坐标不在中国境内，请检查纬度/经度是否填反"]
    if value.get("crs", "WGS-84") not in COORDINATE_SYSTEMS:
        return ["坐标系应为 WGS-84 或 GCJ-02"]
    return _accuracy_errors(value.get("accuracy_m"))


def _accuracy_errors(accuracy: object) -> list[str]:
    """A point typed by hand has no accuracy; a GPS fix keeps its accuracy in metres."""
    if accuracy is None:
        return []
    if isinstance(accuracy, bool) or not isinstance(accuracy, (int, float)) \
            or not 0 <= accuracy <= MAX_ACCURACY_M:
        return [f"定位精度应为 0–{MAX_ACCURACY_M} 米之间的数字，请重新定位或删除精度"]
    return []


def _repeat(item: Field, value: object, today: dt.date) -> list[str]:
    if not isinstance(value, list):
        return ["重复组数据应为行列表"]
    if len(value) < item.min_rows:
        return [f"至少需要 {item.min_rows} 行，当前 {len(value)} 行"]
    if item.max_rows is not None and len(value) > item.max_rows:
        return [f"最多 {item.max_rows} 行，当前 {len(value)} 行"]
    return []


def _yes_no(item: Field, value: object, today: dt.date) -> list[str]:
    return [] if value in item.choice_codes() else ["请选择“是”或“否”"]


TYPE_CHECKS = {
    FieldType.TEXT: _text,
    FieldType.INTEGER: _integer,
    FieldType.YEAR: _year,
    FieldType.DECIMAL: _decimal,
    FieldType.DATE: _date,
    FieldType.SELECT_ONE: _select_one,
    FieldType.SELECT_MULTIPLE: _select_multiple,
    FieldType.YES_NO: _yes_no,
    FieldType.PHOTOS: _photos,
    FieldType.GEOPOINT: _geopoint,
    FieldType.REPEAT: _repeat,
}
