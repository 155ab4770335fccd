"""The 问题清单 and 整治建议清单: per place and handbook item, the buildings with the problem.

Defaults (问题程度, 治理难度, 问题分类, 整治建议, 责任单位) come from the item's data; the office's
edits, keyed by place and item, replace them.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass, replace

from forms.indicator_catalogue import CLASSES, IndicatorColumn, IndicatorItem
from forms.indicators.ledger import PLACE_HEADER, BuildingLedger
from forms.indicators.table import GROUP_LEVELS

PRIORITY_BY_SEVERITY = {"严重": "高", "较严重": "中", "一般": "低"}
PRIORITIES = ("高", "中", "低")
URGENT = "限时解决"
LISTED_BUILDINGS_SHOWN = 30
PROBLEM_HEADER = ("序号", "指标项", "体检结果（栋）", "存在问题", "问题程度", "治理难度", "问题分类", "楼栋")
COMPLETION_HEADER = ("序号", "指标项", "限时解决·应整治", "限时解决·已整治", "限时解决·完成率（%）",
                     "尽力解决·应整治", "尽力解决·已整治", "尽力解决·完成率（%）", "问题整治完成率（%）")
ADVICE_HEADER = ("序号", "问题涉及的指标项", "指标结果（栋）", "存在问题", "整治建议", "整治区域", "整治类型",
                 "责任单位", "优先级", "是否纳入下一年更新计划")


@dataclass(frozen=True)
class ProblemEdit:
    """What the office set for one problem; empty text keeps the default."""

    severity: str = ""
    difficulty: str = ""
    problem_class: str = ""
    responsible: str = ""
    advice: str = ""
    priority: str = ""
    next_year: bool | None = None


@dataclass(frozen=True)
class ProblemRow:
    """One problem of one place: a handbook item and the buildings where it fired."""

    place: tuple[str, ...]
    column: IndicatorColumn
    item: IndicatorItem
    buildings: tuple[str, ...]
    indicator_count: int          # buildings counted in the whole indicator at this place (体检结果)
    areas: tuple[str, ...]        # 整治区域: the estates (or the place) concerned
    severity: str
    difficulty: str
    problem_class: str
    responsible: str
    advice: str
    priority: str
    next_year: bool

    @property
    def key(self) -> str:
        """The office's edits are kept under this key: place and item."""
        return problem_key(self.place, self.item.id)

    @property
    def problem_text(self) -> str:
        shown = "、".join(self.buildings[:LISTED_BUILDINGS_SHOWN])
        more = f"等 {len(self.buildings)} 栋" if len(self.buildings) > LISTED_BUILDINGS_SHOWN else ""
        kind = "自建房" if self.column.population == "self_built" else "住宅"
        return f"共{len(self.buildings)}栋{kind}{self.item.problem}，为{shown}{more}。"

    def with_edit(self, edit: ProblemEdit | None) -> ProblemRow:
        if edit is None:
            return self
        return replace(self, severity=edit.severity or self.severity, difficulty=edit.difficulty or self.difficulty,
                       problem_class=edit.problem_class or self.problem_class,
                       responsible=edit.responsible or self.responsible, advice=edit.advice or self.advice,
                       priority=edit.priority or self.priority,
                       next_year=self.next_year if edit.next_year is None else edit.next_year)


def problem_key(place: tuple[str, ...], item_id: str) -> str:
    return "/".join(place) + "#" + item_id


def problem_rows(ledger: BuildingLedger, *, group_by: str = "estate",
                 edits: Mapping[str, ProblemEdit] | None = None) -> tuple[ProblemRow, ...]:
    """Return one row per place and fired item, over the buildings counted in the indicator."""
    depth = len(GROUP_LEVELS[group_by])
    edits = edits or {}
    rows = []
    for column in ledger.columns:
        per_place: dict[tuple[str, ...], list] = {}
        for building in ledger.buildings:
            if building.counts_in(column.id):
                per_place.setdefault(building.place[:depth], []).append(building)
        for place in sorted(per_place):
            counted = per_place[place]
            for item in _fired_items(column, ledger, counted):
                hit = [b for b in counted if item.id in building_items(b, column)]
                row = _default_row(place, column, item, hit, len(counted))
                rows.append(row.with_edit(edits.get(row.key)))
    return tuple(sorted(rows, key=lambda row: row.place))   # stable: indicators and items keep their order


def building_items(building, column: IndicatorColumn) -> tuple[str, ...]:
    return building.fired.get(column.id, ())


def _fired_items(column: IndicatorColumn, ledger: BuildingLedger, buildings: list) -> list[IndicatorItem]:
    fired = {item_id for b in buildings for item_id in building_items(b, column)}
    sources = [ledger.catalogue.column(c) for c in column.any_of] if column.any_of else [column]
    return [item for source in sources for item in source.items if item.id in fired]


def _default_row(place, column, item, buildings, indicator_count) -> ProblemRow:
    areas = tuple(sorted({b.place[3] or b.place[2] or b.place[1] for b in buildings} - {""}))
    return ProblemRow(
        place=place, column=column, item=item, buildings=tuple(b.building_code for b in buildings),
        indicator_count=indicator_count, areas=areas, severity=item.severity, difficulty=item.difficulty,
        problem_class=item.problem_class, responsible=item.responsible, advice=item.advice,
        priority=PRIORITY_BY_SEVERITY.get(item.severity, "中"), next_year=item.problem_class == URGENT)


def problem_sheet_rows(rows: tuple[ProblemRow, ...], group_by: str) -> list[list[object]]:
    """The 问题清单 as sheet rows (header first)."""
    places = list(PLACE_HEADER[:len(GROUP_LEVELS[group_by])])
    out: list[list[object]] = [[*places, *PROBLEM_HEADER]]
    for number, row in enumerate(rows, start=1):
        out.append([*row.place, number, row.column.label, row.indicator_count, row.problem_text, row.severity,
                    row.difficulty, row.problem_class, "、".join(row.buildings)])
    return out


def advice_sheet_rows(rows: tuple[ProblemRow, ...], group_by: str) -> list[list[object]]:
    """The 整治建议清单 as sheet rows (header first)."""
    places = list(PLACE_HEADER[:len(GROUP_LEVELS[group_by])])
    out: list[list[object]] = [[*places, *ADVICE_HEADER]]
    for number, row in enumerate(rows, start=1):
        kind = row.problem_class.removesuffix("解决")
        out.append([*row.place, number, row.column.label, row.indicator_count, row.item.problem, row.advice,
                    "、".join(row.areas), kind, row.responsible, row.priority, "是" if row.next_year else "否"])
    return out


@dataclass(frozen=True)
class Completion:
    """问题整治完成率 of one indicator for one year's list: 限时解决 and 尽力解决 apart, and together."""

    number: str
    name: str
    listed: Mapping[str, int]
    fixed: Mapping[str, int]

    def rate(self, problem_class: str | None = None) -> float | None:
        listed = sum(self.listed.values()) if problem_class is None else self.listed.get(problem_class, 0)
        fixed = sum(self.fixed.values()) if problem_class is None else self.fixed.get(problem_class, 0)
        return round(100 * fixed / listed, 1) if listed else None

    def cells(self) -> list[object]:
        cells: list[object] = [self.number, self.name]
        for problem_class in CLASSES:
            cells += [self.listed.get(problem_class, 0), self.fixed.get(problem_class, 0), self.rate(problem_class)]
        return [*cells, self.rate()]


def completion_sheet_rows(completions: Sequence[Completion]) -> list[list[object]]:
    """The 问题整治完成率 table (header first)."""
    return [list(COMPLETION_HEADER), *(c.cells() for c in completions)]


@dataclass(frozen=True)
class ListedStatus:
    """One building's problem of a kept year's list, and whether later surveys show it fixed."""

    district: str
    place: str                 # 街道/社区/小区 when it was listed
    building_code: str
    indicator: str             # the indicator's label, e.g. "3 存在楼道安全隐患的住宅数量"
    problem: str
    problem_class: str
    listed_at: str
    fixed_at: str | None

    def cells(self) -> list[object]:
        status = f"已整治（{self.fixed_at[:10]}）" if self.fixed_at else "未整治"
        return [self.district, self.place, self.building_code, self.indicator, self.problem, self.problem_class,
                self.listed_at[:10], status]


STATUS_HEADER = ("区", "街道/社区/小区", "楼栋编码", "指标项", "存在问题", "问题分类", "列入清单日期", "整治情况")


def status_sheet_rows(statuses: Sequence[ListedStatus]) -> list[list[object]]:
    """The kept list building by building with 已整治 / 未整治 (header first)."""
    return [list(STATUS_HEADER), *(status.cells() for status in statuses)]
