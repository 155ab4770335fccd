"""The 指标汇总 sheet: the indicator table of the exported or merged records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from forms.indicators import IndicatorCounter, compute_indicators, indicators_for_database
from forms.indicators.table import DENOMINATOR_NOTE, IndicatorTable
from forms.model import FormDefinition

GROUP_BY = "street"
NOTE = "按街道汇总，仅统计定稿记录；指标体系：{title}"


def indicator_rows(db, catalog: Mapping[str, FormDefinition], selection) -> list[list[object]]:
    """Return the sheet rows for the store's selected records (header first), or [] when none count."""
    table = indicators_for_database(db, catalog, district=selection.district, street=selection.street,
                                    group_by=GROUP_BY)
    return sheet_rows(table)


def indicator_rows_of(versions: Iterable[object], catalog: Mapping[str, FormDefinition]) -> list[list[object]]:
    """Return the sheet rows for record versions read from workbooks."""
    return sheet_rows(compute_indicators(versions, catalog, group_by=GROUP_BY))


def indicator_counter(catalog: Mapping[str, FormDefinition]) -> IndicatorCounter:
    """A counter for records read one by one (see IndicatorCounter); `sheet_rows(counter.table())` at the end."""
    return IndicatorCounter(catalog, group_by=GROUP_BY)


def sheet_rows(table: IndicatorTable) -> list[list[object]]:
    if not table.rows:
        return []
    rows = table.to_rows(include_total=True)
    notes = [[NOTE.format(title=table.title)], [DENOMINATOR_NOTE]]
    if table.unassessed:
        notes.append([table.unassessed_note()])
    return [*rows, [], *notes]
