"""The 2025 handbook's "1表1台账2清单" of a selection: indicator tables per level, 楼栋台账, both 清单."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from forms.indicator_catalogue import IndicatorCatalogue, load_indicator_catalogue
from forms.indicators.compute import IndicatorCounter
from forms.indicators.database import stored_facts
from forms.indicators.ledger import BuildingLedger, LedgerBuilder
from forms.indicators.problems import Completion, ListedStatus, ProblemEdit, ProblemRow, problem_rows
from forms.indicators.table import IndicatorTable

LEVELS = ("estate", "community", "street", "district")    # 小区 rolled up to 社区, 街道, 区


@dataclass(frozen=True)
class HousingDeliverables:
    """Everything the handbook asks for, for one district or street (or the whole store)."""

    tables: Mapping[str, IndicatorTable]      # level -> indicator table
    ledger: BuildingLedger
    problems: tuple[ProblemRow, ...]
    problem_level: str
    completions: tuple[Completion, ...] = ()    # 问题整治完成率 of the latest listed year, when there is one
    completion_year: int | None = None
    listed: tuple[ListedStatus, ...] = ()       # that year's list, building by building, 已整治 or not

    @property
    def catalogue(self) -> IndicatorCatalogue:
        return self.ledger.catalogue


def deliverables_for_database(db, catalog: Mapping[str, object], *, district: str | None = None,
                              street: str | None = None, problem_level: str = "estate",
                              edits: Mapping[str, ProblemEdit] | None = None,
                              indicators: IndicatorCatalogue | None = None) -> HousingDeliverables:
    """Compute the four deliverables over the store's final records, reading them once."""
    catalogue = indicators or load_indicator_catalogue()
    counters = {level: IndicatorCounter(catalog, group_by=level, indicators=catalogue) for level in LEVELS}
    first, builder = counters[LEVELS[0]], LedgerBuilder(catalogue, catalog)
    for record in stored_facts(db, catalogue.forms, district=district, street=street):
        counts = first.counts_of(record)        # what a record adds is the same at every level
        if counts is None:
            continue
        for counter in counters.values():
            counter.add(record, counts)
        if counts.facts is not None:
            builder.add(record, counts.facts)
    ledger = builder.ledger()
    tables = {level: counter.table() for level, counter in counters.items()}
    return HousingDeliverables(tables, ledger, problem_rows(ledger, group_by=problem_level, edits=edits),
                               problem_level)
