"""The summary's indicator table as printed: indicators down, places across, in blocks as wide as the page.

Every block ends with the 合计 column; a city-wide summary adds a 区 heading row and each district's 小计.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from forms.indicators.table import TOTAL_LABEL, IndicatorTable

SUBTOTAL_LABEL = "小计"
NO_PLACE = "（未填）"


@dataclass(frozen=True)
class PlaceColumn:
    """One column of printed values: a street, a district's subtotal or the total."""

    district: str
    name: str
    values: tuple[object, ...]   # 调查楼栋数, then each indicator (and its share), as `to_rows` gives them
    summed: bool = False         # a subtotal or the total, printed in bold


def _values_by_key(table: IndicatorTable) -> tuple[list[str], dict[tuple[str, ...], tuple[object, ...]]]:
    """The value labels and each row's values, keyed like the table's rows (() for the total)."""
    rows = table.to_rows()
    places = len(table.place_columns)
    keys = [row.key for row in table.rows] + [()]
    return [str(label) for label in rows[0][places:]], {key: tuple(r[places:]) for key, r in zip(keys, rows[1:])}


def place_columns(table: IndicatorTable,
                  by_district: IndicatorTable | None = None) -> tuple[list[str], list[PlaceColumn]]:
    """The value labels, and the columns of every street with each district's subtotal after its streets."""
    labels, values = _values_by_key(table)
    subtotals = _values_by_key(by_district)[1] if by_district is not None and len(by_district.rows) > 1 else {}
    columns: list[PlaceColumn] = []
    for district, rows in groupby(table.rows, key=lambda row: row.key[0]):
        columns += [PlaceColumn(district or NO_PLACE, (row.key[-1] if len(row.key) > 1 else "") or NO_PLACE,
                                values[row.key]) for row in rows]
        if (district,) in subtotals:
            columns.append(PlaceColumn(district or NO_PLACE, SUBTOTAL_LABEL, subtotals[(district,)], summed=True))
    return labels, columns


def blocks_with_total(columns: Sequence[PlaceColumn], total: PlaceColumn, width: int) -> list[list[PlaceColumn]]:
    """Split the columns into blocks of `width`, each ending with the total so it is seen with every block."""
    per_block = max(width - 1, 1)
    return [[*columns[start:start + per_block], total] for start in range(0, len(columns), per_block)] or [[total]]


def total_column(table: IndicatorTable) -> PlaceColumn:
    return PlaceColumn("", TOTAL_LABEL, _values_by_key(table)[1][()], summed=True)
