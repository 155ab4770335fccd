"""Compute the indicator table straight from the store, streaming only the columns it needs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from sqlmodel import col, select

from forms.indicator_catalogue import IndicatorCatalogue, load_indicator_catalogue
from forms.indicators.compute import FINAL, compute_indicators
from forms.indicators.table import IndicatorTable
from forms.store.database import Database
from forms.store.json_text import from_json
from forms.store.record_filter import RecordFilter, where_clauses
from forms.store.tables import Record


@dataclass(frozen=True)
class StoredFacts:
    """The part of a record row the indicators read."""

    form_id: str
    status: str
    district: str | None
    street: str | None
    community: str | None
    building_code: str | None
    summary: Mapping[str, object]
    answers: Mapping[str, object] = field(default_factory=dict)
    estate: str | None = None
    address: str | None = None
    answers_text: str | None = None    # undecoded: read only when the stored summary predates the handbook facts


def stored_facts(db: Database, forms: frozenset[str], *, district: str | None = None,
                 street: str | None = None, with_answers: bool = False,
                 batch_size: int = 2000) -> Iterator[StoredFacts]:
    """Yield final records of `forms` in batches, without loading the whole table."""
    columns = [col(Record.form_id), col(Record.status), col(Record.district), col(Record.street),
               col(Record.community), col(Record.building_code), col(Record.summary), col(Record.estate),
               col(Record.address), col(Record.answers)]
    chosen = RecordFilter(status=FINAL, district=district, street=street)
    query = select(*columns).where(*where_clauses(chosen), col(Record.form_id).in_(sorted(forms)))
    with db.engine.connect() as connection:
        result = connection.execution_options(yield_per=batch_size).execute(query)
        for batch in result.partitions():
            for row in batch:
                yield StoredFacts(*row[:6], summary=from_json(row[6], {}) or {}, estate=row[7], address=row[8],
                                  answers=from_json(row[9], {}) if with_answers else {},
                                  answers_text=None if with_answers else row[9])


def indicators_for_database(db: Database, catalog: Mapping[str, object], *, district: str | None = None,
                            street: str | None = None, group_by: str = "street",
                            indicators: IndicatorCatalogue | None = None, reassess: bool = False,
                            batch_size: int = 2000) -> IndicatorTable:
    """Compute the table over the store's final records, optionally for one district or street."""
    catalogue = indicators or load_indicator_catalogue()
    facts = stored_facts(db, catalogue.forms, district=district, street=street, with_answers=reassess,
                         batch_size=batch_size)
    return compute_indicators(facts, catalog, group_by=group_by, indicators=catalogue, reassess=reassess)


def surveyed_places(db: Database) -> dict[str, tuple[str, ...]]:
    """Return district -> its streets, over final records, for filter choices."""
    query = (select(col(Record.district), col(Record.street)).where(col(Record.status) == FINAL)
             .distinct().order_by(col(Record.district), col(Record.street)))
    places: dict[str, list[str]] = {}
    with db.engine.connect() as connection:
        for district, street in connection.execute(query):
            if district:
                streets = places.setdefault(district, [])
                if street:
                    streets.append(street)
    return {district: tuple(streets) for district, streets in places.items()}
