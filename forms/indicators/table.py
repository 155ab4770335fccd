"""The computed indicator table: one row per place group, plus the total."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from forms.indicator_catalogue import IndicatorColumn

PLACE_LABELS = {"district": "区", "street": "街道", "community": "社区", "estate": "小区"}
GROUP_LEVELS = {"district": ("district",), "street": ("district", "street"),
                "community": ("district", "street", "community"),
                "estate": ("district", "street", "community", "estate")}
TOTAL_LABEL = "合计"
SURVEYED_HEADER = "调查住宅楼栋数（栋，占比分母）"
DENOMINATOR_NOTE = "占比分母：已定稿房屋安全记录中用途为住宅的楼栋数；公共建筑、经营性自建房不计入住宅指标"
LONG_HEADER = ("区", "街道", "社区", "小区", "指标分组", "序号", "指标", "单位", "数值", "占比（%）", "指标体系版本")
SURVEY_HEADER = ("维度", "序号", "指标项", "体检结果", "单位", "占比（%）")
SPECIAL_TITLE = "特色指标（本市自选，不属于住房维度基础指标）"
DIGITS = {"km": 3, "%": 1}


@dataclass(frozen=True)
class IndicatorRow:
    """The values of one place group (key () is the total)."""

    key: tuple[str, ...]
    surveyed: int
    values: Mapping[str, float | int | None]
    shares: Mapping[str, float | None]


@dataclass(frozen=True)
class IndicatorTable:
    """Indicators per place group, with the edition and column definitions they came from."""

    title: str
    edition: int
    group_by: str
    columns: tuple[IndicatorColumn, ...]
    rows: tuple[IndicatorRow, ...]
    total: IndicatorRow
    unassessed: int = 0     # counted records saved before the handbook items, not re-assessable here

    def unassessed_note(self) -> str:
        """Say, when it is so, that some records could not be counted by the handbook's items."""
        if not self.unassessed:
            return ""
        return (f"注意：{self.unassessed} 条记录由 2026.2 之前的版本保存，缺少 2025 年版指标所需的数据，"
                "未计入住房维度指标；请先导入数据库（导入时按新版重新评估）再汇总。")

    @property
    def place_columns(self) -> tuple[str, ...]:
        return tuple(PLACE_LABELS[level] for level in GROUP_LEVELS[self.group_by])

    def row(self, key: tuple[str, ...]) -> IndicatorRow:
        if key == ():
            return self.total
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def value(self, key: tuple[str, ...], indicator_id: str) -> float | int | None:
        return self.row(key).values.get(indicator_id)

    def header(self) -> list[str]:
        cells = [*self.place_columns, SURVEYED_HEADER]
        for column in self.columns:
            cells.append(column.header)
            if column.share:
                cells.append(column.share_header)
        return cells

    def to_rows(self, *, include_total: bool = True) -> list[list[object]]:
        """Return header + one row per group (+ 合计) for Excel, PDF and the console."""
        rows = [self.header()]
        rows += [self._cells(row, list(row.key)) for row in self.rows]
        if include_total:
            label = [TOTAL_LABEL] + [""] * (len(self.place_columns) - 1)
            rows.append(self._cells(self.total, label))
        return rows

    def to_long_rows(self) -> list[list[object]]:
        """Return one row per group × indicator (place, group, number, name, unit, value, share, edition)."""
        rows: list[list[object]] = [list(LONG_HEADER)]
        for row in (*self.rows, self.total):
            place = list(row.key) + [""] * (4 - len(row.key)) if row.key else [TOTAL_LABEL, "", "", ""]
            for column in self.columns:
                share = row.shares.get(column.id)
                rows.append([*place, column.group, column.number, column.name, column.unit,
                             display_value(column, row.values.get(column.id)),
                             None if share is None else round(share * 100, 1), self.edition])
        return rows

    def survey_rows(self, key: tuple[str, ...] = ()) -> list[list[object]]:
        """Return the 住房维度体检指标调查表 of one group (() = 合计): the basic indicators, then 特色指标."""
        row = self.row(key)
        rows: list[list[object]] = [list(SURVEY_HEADER)]
        rows += [self._survey_cells(column, row) for column in self.columns if not column.special]
        rows.append(["调查住宅楼栋数（占比分母）", "", "", row.surveyed, "栋", None])
        special = [self._survey_cells(column, row) for column in self.columns if column.special]
        if special:
            rows += [[SPECIAL_TITLE, "", "", None, "", None], *special]
        return rows

    def _survey_cells(self, column: IndicatorColumn, row: IndicatorRow) -> list[object]:
        share = row.shares.get(column.id)
        return [column.group, column.number, column.name, display_value(column, row.values.get(column.id)),
                column.unit, None if share is None else round(share * 100, 1)]

    def _cells(self, row: IndicatorRow, place: list[str]) -> list[object]:
        cells: list[object] = [*place, row.surveyed]
        for column in self.columns:
            cells.append(display_value(column, row.values.get(column.id)))
            if column.share:
                share = row.shares.get(column.id)
                cells.append(None if share is None else round(share * 100, 1))
        return cells


def display_value(column: IndicatorColumn, value: float | int | None) -> float | int | None:
    """Round a value for display: km to 3 places, % to 1; counts stay integers."""
    if value is None:
        return None
    digits = DIGITS.get(column.unit)
    return round(float(value), digits) if digits is not None else value
