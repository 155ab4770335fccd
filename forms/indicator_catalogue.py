"""Indicator definitions as data: names, groups, units, items and edition year (forms/indicators/catalogue.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from forms.indicator_errors import IndicatorError

CATALOGUE_PATH = Path(__file__).parent / "indicators" / "catalogue.yaml"
KINDS = frozenset({"buildings", "length_km", "rate", "handbook"})   # handbook `units:` sums 套
POPULATIONS = frozenset({"residential", "self_built"})
SEVERITIES = ("严重", "较严重", "一般")
DIFFICULTIES = ("高", "中", "低")
CLASSES = ("限时解决", "尽力解决")
SPECIAL_PREFIX = "特色指标·"


@dataclass(frozen=True)
class Condition:
    """Any of several alternatives; each maps a summary key to True (truthy) or allowed values."""

    alternatives: tuple[Mapping[str, object], ...]

    def matches(self, summary: Mapping[str, object]) -> bool:
        """Tell whether any alternative holds; no alternatives means no condition."""
        if not self.alternatives:
            return True
        for alternative in self.alternatives:    # plain loops: this runs for every record and indicator
            for key, expected in alternative.items():
                value = summary.get(key)
                if not (value in expected if isinstance(expected, list) else bool(value) == bool(expected)):
                    break
            else:
                return True
        return False


@dataclass(frozen=True)
class IndicatorItem:
    """One problem item of a handbook indicator, with the defaults of the two 清单."""

    id: str
    indicator: str
    form: str
    when: str                  # XLSForm expression over the form's fields, parameters and earlier rule facts
    problem: str
    severity: str              # 问题程度
    difficulty: str            # 治理难度
    problem_class: str         # 问题分类 限时解决 / 尽力解决
    level: str = ""            # the handbook's own grading, e.g. 非常严重问题
    photos: str = ""           # the photo field the 楼栋台账 references
    advice: str = ""           # 整治建议
    responsible: str = ""      # 责任单位


@dataclass(frozen=True)
class IndicatorColumn:
    """One indicator of the table."""

    id: str
    name: str
    group: str
    unit: str
    kind: str
    edition: int
    form: str
    share: bool = False
    linked: bool = False
    field: str = ""
    when: Condition = Condition(())
    of: Condition = Condition(())
    number: str = ""           # 序号: 1–9 for the basic indicators, T1… for 特色指标
    special: bool = False      # in the 特色指标 block
    type: str = ""             # 底线型 / 提升型
    problem_class: str = ""
    population: str = "residential"
    units: str = ""            # summary key summed instead of counting buildings (非成套住宅, 套)
    any_of: tuple[str, ...] = ()
    items: tuple[IndicatorItem, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}" if self.number else self.name

    @property
    def header(self) -> str:
        prefix = SPECIAL_PREFIX if self.special else ""
        return f"{prefix}{self.name}（{self.unit}）"

    @property
    def share_header(self) -> str:
        return f"{self.name}占比（%）"


@dataclass(frozen=True)
class IndicatorCatalogue:
    """One edition of the indicator system."""

    edition: int
    title: str
    source: str
    surveyed_forms: frozenset[str]
    columns: tuple[IndicatorColumn, ...]
    residential_uses: frozenset[str] = frozenset()
    self_built_uses: frozenset[str] = frozenset()

    @cached_property
    def forms(self) -> frozenset[str]:
        """Return every form id the table reads."""
        return (self.surveyed_forms | {column.form for column in self.columns if column.form}
                | {item.form for item in self.items()})

    @cached_property
    def forms_with_items(self) -> frozenset[str]:
        """Forms whose records carry handbook facts (房屋安全 always: it decides 住宅 and the denominator)."""
        return frozenset({item.form for item in self.items()} | self.surveyed_forms)

    @cached_property
    def handbook_item_ids(self) -> Mapping[str, frozenset[str]]:
        """Handbook column id -> the item ids that make a building count (its own, or its any_of's)."""
        columns = {column.id: column for column in self.columns}
        return {column.id: frozenset(item.id for source in (column.any_of or (column.id,))
                                     for item in columns[source].items)
                for column in self.columns if column.kind == "handbook"}

    @cached_property
    def unit_keys(self) -> tuple[str, ...]:
        return tuple(column.units for column in self.columns if column.units)

    @property
    def basic(self) -> tuple[IndicatorColumn, ...]:
        return tuple(column for column in self.columns if not column.special)

    @property
    def special(self) -> tuple[IndicatorColumn, ...]:
        return tuple(column for column in self.columns if column.special)

    def column(self, column_id: str) -> IndicatorColumn:
        return next(column for column in self.columns if column.id == column_id)

    def items(self, form_id: str | None = None) -> tuple[IndicatorItem, ...]:
        """Return every handbook item, or those fired by records of one form."""
        return tuple(item for column in self.columns for item in column.items
                     if form_id is None or item.form == form_id)

    def item(self, item_id: str) -> IndicatorItem:
        return next(item for item in self.items() if item.id == item_id)


def load_indicator_catalogue(path: Path | str | None = None) -> IndicatorCatalogue:
    """Read an indicator catalogue (default: this edition's catalogue.yaml, read once)."""
    return default_catalogue() if path is None else read_catalogue(Path(path))


@lru_cache(maxsize=1)
def default_catalogue() -> IndicatorCatalogue:
    """This edition's catalogue, read once (the rules fire its items on every save)."""
    return read_catalogue(CATALOGUE_PATH)


def read_catalogue(path: Path) -> IndicatorCatalogue:
    """Read and check one catalogue file (indicator-001 when it is wrong)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        edition = int(raw["edition"])
        columns = tuple(_column(item, edition, special=False) for item in raw["indicators"])
        columns += tuple(_column(item, edition, special=True) for item in raw.get("special") or ())
        return IndicatorCatalogue(edition=edition, title=str(raw["title"]), source=str(raw.get("source") or ""),
                                  surveyed_forms=frozenset(raw["surveyed_forms"]), columns=columns,
                                  residential_uses=frozenset(raw.get("residential_uses") or ()),
                                  self_built_uses=frozenset(raw.get("self_built_uses") or ()))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise IndicatorError.make("indicator-001", path.name, detail=f"{type(exc).__name__}: {exc}") from exc


def _column(item: Mapping[str, object], edition: int, *, special: bool) -> IndicatorColumn:
    kind = str(item.get("kind") or ("handbook" if "items" in item else ""))
    if kind not in KINDS:
        raise ValueError(f"指标 {item['id']} 的 kind {kind} 不是 {'/'.join(sorted(KINDS))}")
    population = str(item.get("population") or "residential")
    if population not in POPULATIONS:
        raise ValueError(f"指标 {item['id']} 的 population {population} 不是 {'/'.join(sorted(POPULATIONS))}")
    problem_class = str(item.get("class") or "")
    items = tuple(_item(entry, str(item["id"]), problem_class) for entry in item.get("items") or ())
    return IndicatorColumn(
        id=str(item["id"]), name=str(item["name"]), group=str(item["group"]), unit=str(item["unit"]),
        kind=kind, edition=edition, form=str(item.get("form") or ""),
        share=bool(item.get("share", kind == "handbook" and not item.get("units") and not special)),
        linked=bool(item.get("linked")), field=str(item.get("field") or ""),
        when=Condition(tuple(item.get("when") or ())), of=Condition(tuple(item.get("of") or ())),
        number=str(item.get("number") or ""), special=special, type=str(item.get("type") or ""),
        problem_class=problem_class, population=population, units=str(item.get("units") or ""),
        any_of=tuple(item.get("any_of") or ()), items=items,
    )


def _item(entry: Mapping[str, object], indicator: str, problem_class: str) -> IndicatorItem:
    values = {"severity": (entry.get("severity"), SEVERITIES), "difficulty": (entry.get("difficulty"), DIFFICULTIES),
              "class": (entry.get("class") or problem_class, CLASSES)}
    for name, (value, allowed) in values.items():
        if value not in allowed:
            raise ValueError(f"问题项 {entry['id']} 的 {name} {value} 不是 {'/'.join(allowed)}")
    return IndicatorItem(
        id=str(entry["id"]), indicator=indicator, form=str(entry["form"]), when=str(entry["when"]),
        problem=str(entry["problem"]), severity=str(entry["severity"]), difficulty=str(entry["difficulty"]),
        problem_class=str(values["class"][0]), level=str(entry.get("level") or ""),
        photos=str(entry.get("photos") or ""), advice=str(entry.get("advice") or ""),
        responsible=str(entry.get("responsible") or ""),
    )
