"""The attributes every exported point carries: place, grade, colour and the indicator flags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from reports.excel.format.summary_text import VALUE_LABELS
from reports.geo.points import MapPoint

NO_COLOUR_LABEL = "未标色"
STATUS_LABELS = MappingProxyType({"draft": "草稿", "final": "已定稿"})
# Summary flags of the 问题地图, in the handbook's order: key -> what the problem is called.
PROBLEM_FLAGS = MappingProxyType({
    "structure_hazard": "结构安全隐患",
    "gas_hazard": "燃气安全隐患",
    "corridor_hazard": "楼道安全隐患",
    "envelope_hazard": "围护安全隐患",
    "needs_aging_retrofit": "需要适老化改造",
    "needs_lift": "需加装电梯",
    "needs_energy_retrofit": "需要节能改造",
    "needs_digital_retrofit": "需要数字化改造",
    "renewal_due": "管线应更新改造",
    "vacant": "历史建筑空置",
    "demolished_illegally": "历史建筑擅自拆除",
})


@dataclass(frozen=True)
class Attribute:
    """One column: its name in the file, its GeoPackage type, and how a point gives its value."""

    name: str
    sql_type: str              # TEXT, INTEGER, REAL or BOOLEAN (GeoPackage 1.4 table 1)
    value: Callable[[MapPoint], object]


def _place(key: str) -> Callable[[MapPoint], object]:
    return lambda point: point.place.get(key)


def _flag(key: str) -> Callable[[MapPoint], object]:
    """True/False when the survey judges it, None (not applicable) when it does not."""
    return lambda point: point.summary[key] if isinstance(point.summary.get(key), bool) else None


def problems(point: MapPoint) -> list[str]:
    """Return the names of the problems the point's summary flags, in the handbook's order."""
    return [name for key, name in PROBLEM_FLAGS.items() if point.summary.get(key) is True]


def colour_label(point: MapPoint) -> str:
    return VALUE_LABELS["colour"].get(point.colour, NO_COLOUR_LABEL)


def _count(key: str) -> Callable[[MapPoint], object]:
    return lambda point: point.summary.get(key) if isinstance(point.summary.get(key), int) else None


ATTRIBUTES = (
    Attribute("record_id", "TEXT", lambda point: point.record_id),
    Attribute("form_id", "TEXT", lambda point: point.form_id),
    Attribute("survey", "TEXT", lambda point: point.survey),
    Attribute("status", "TEXT", lambda point: STATUS_LABELS.get(point.status, point.status)),
    *(Attribute(key, "TEXT", _place(key))
      for key in ("district", "street", "community", "estate", "building_code", "address")),
    Attribute("inspector", "TEXT", lambda point: point.inspector),
    Attribute("updated_at", "TEXT", lambda point: point.updated_at),
    Attribute("grade", "TEXT", lambda point: point.summary.get("grade") or None),
    Attribute("colour", "TEXT", lambda point: point.colour),
    Attribute("colour_label", "TEXT", colour_label),
    Attribute("problems", "TEXT", lambda point: "；".join(problems(point)) or None),
    Attribute("problem_count", "INTEGER", lambda point: len(problems(point))),
    *(Attribute(key, "BOOLEAN", _flag(key)) for key in PROBLEM_FLAGS),
    Attribute("non_self_contained_units", "INTEGER", _count("non_self_contained_units")),
    Attribute("renewal_reason", "TEXT", lambda point: point.summary.get("renewal_reason") or None),
    Attribute("recorded_crs", "TEXT", lambda point: point.recorded_crs),
    Attribute("accuracy_m", "REAL", lambda point: point.accuracy_m),
)


def attributes_of(point: MapPoint) -> dict[str, object]:
    """Return the point's attribute values by name, in column order."""
    return {attribute.name: attribute.value(point) for attribute in ATTRIBUTES}
