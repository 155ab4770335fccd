"""Roll final survey records up into the indicator table per district, street, community or estate.

Only final records count: a draft may still change, and the yearly report must be
reproducible from what inspectors signed off. Records link across surveys by
(district, building code); irrelevant answers never reach the counts because the
per-record facts are the rules' summary, built from relevant answers only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from forms.assessment import assess
from forms.indicator_catalogue import IndicatorCatalogue, IndicatorColumn, load_indicator_catalogue
from forms.indicator_errors import IndicatorError
from forms.indicators.buildings import BuildingFacts, RecordFacts, number
from forms.indicators.table import GROUP_LEVELS, IndicatorRow, IndicatorTable
from forms.store.json_text import from_json

FINAL = "final"
HANDBOOK_KEY = "handbook_items"
Building = tuple[str, str]  # (district, building code): how records of different surveys link


@dataclass
class _Tally:
    """Running counts of one place group."""

    buildings: dict[Building, BuildingFacts] = field(default_factory=dict)
    matched: dict[str, set[Building]] = field(default_factory=dict)
    bases: dict[str, set[Building]] = field(default_factory=dict)
    metres: dict[str, float] = field(default_factory=dict)
    unassessed: int = 0     # records whose summary predates the handbook items (and no answers to redo it)

    def add(self, building: Building | None, counts: _RecordCounts) -> None:
        """Count one record, whose matches were worked out once for all the groups it falls in."""
        self.unassessed += counts.unassessed
        for column_id, value in counts.metres:
            self.metres[column_id] = self.metres.get(column_id, 0.0) + value
        if building is None:
            return
        if counts.facts is not None:
            facts = self.buildings.get(building)
            if facts is None:
                facts = self.buildings[building] = BuildingFacts()
            facts.add(counts.facts)
        for column_id in counts.matched:
            self.matched.setdefault(column_id, set()).add(building)
        for column_id in counts.bases:
            self.bases.setdefault(column_id, set()).add(building)

    def row(self, key: tuple[str, ...], catalogue: IndicatorCatalogue) -> IndicatorRow:
        handbook = tuple(c for c in catalogue.columns if c.kind == "handbook")
        counted: dict[str, float] = dict.fromkeys((c.id for c in handbook), 0)
        surveyed = sum(facts.add_to(counted, handbook, catalogue) for facts in self.buildings.values())
        values, shares = {}, {}
        for column in catalogue.columns:
            values[column.id] = int(counted[column.id]) if column.id in counted else self._value(column, catalogue)
            if column.share:
                shares[column.id] = values[column.id] / surveyed if surveyed else None
        return IndicatorRow(key=key, surveyed=surveyed, values=values, shares=shares)

    def _value(self, column: IndicatorColumn, catalogue: IndicatorCatalogue) -> float | int | None:
        if column.kind == "length_km":
            return self.metres.get(column.id, 0.0) / 1000
        matched = self.matched.get(column.id, set())
        if column.linked:
            matched = {b for b in matched if b in self.buildings and self.buildings[b].residential(catalogue)}
        if column.kind == "rate":
            base = self.bases.get(column.id, set())
            return 100 * len(matched & base) / len(base) if base else None
        return len(matched)


@dataclass(frozen=True)
class _RecordCounts:
    """What one record adds to the tallies of its groups: which indicators it meets, with values."""

    facts: RecordFacts | None
    metres: tuple[tuple[str, float], ...]
    matched: tuple[str, ...]
    bases: tuple[str, ...]
    unassessed: bool = False

    @classmethod
    def of(cls, form_id: str, summary: Mapping[str, object], catalogue: IndicatorCatalogue,
           columns: tuple[IndicatorColumn, ...]) -> _RecordCounts:
        metres, matched, bases = [], [], []
        for column in columns:
            if column.kind == "length_km":
                if column.when.matches(summary):
                    metres.append((column.id, number(summary.get("length_m"))))
                continue
            if column.when.matches(summary):
                matched.append(column.id)
            if column.kind == "rate" and column.of.matches(summary):
                bases.append(column.id)
        facts = None
        if form_id in catalogue.forms_with_items:
            facts = RecordFacts.of(form_id, summary, catalogue.unit_keys)
        return cls(facts, tuple(metres), tuple(matched), tuple(bases),
                   unassessed=facts is not None and HANDBOOK_KEY not in summary)


def group_key(record: object, group_by: str) -> tuple[str, ...]:
    """Return the record's place key at the `group_by` level, '' for an unfilled level."""
    return tuple(str(getattr(record, level, None) or "").strip() for level in GROUP_LEVELS[group_by])


def building_of(record: object) -> Building | None:
    code = str(getattr(record, "building_code", None) or "").strip()
    return (str(getattr(record, "district", None) or "").strip(), code) if code else None


def record_summary(record: object, catalog: Mapping[str, object], reassess: bool,
                   needs_items: bool = False) -> Mapping[str, object] | None:
    """Return the record's stored summary, or a fresh one when asked, when none is stored, or when
    `needs_items` and it was saved before the handbook items existed (and the answers are at hand)."""
    summary = getattr(record, "summary", None)
    stale = needs_items and HANDBOOK_KEY not in (summary or {}) and _answers_at_hand(record)
    if summary and not reassess and not stale:
        return summary
    form = catalog.get(record.form_id) if catalog is not None else None
    if form is None:
        return summary or None
    return assess(form, _answers(record)).summary


def _answers_at_hand(record: object) -> bool:
    return bool(getattr(record, "answers", None) or getattr(record, "answers_text", None))


def _answers(record: object) -> Mapping[str, object]:
    answers = getattr(record, "answers", None)
    if answers:
        return answers
    return from_json(getattr(record, "answers_text", None), {}) or {}


class IndicatorCounter:
    """Counts records into the indicator table one at a time.

    `counts_of` works out what a record adds and `add` tallies it, so a caller holding many
    records can do the first part as it reads them and the second once it knows which count.
    """

    def __init__(self, catalog: Mapping[str, object], *, group_by: str = "street",
                 indicators: IndicatorCatalogue | None = None, reassess: bool = False) -> None:
        if group_by not in GROUP_LEVELS:
            raise IndicatorError.make("indicator-002", "group_by", group_by=group_by)
        self.catalog, self.group_by, self.reassess = catalog, group_by, reassess
        self.catalogue = indicators or load_indicator_catalogue()
        self._columns = {form_id: tuple(c for c in self.catalogue.columns if c.form == form_id and c.kind != "handbook")
                         for form_id in self.catalogue.forms}
        self._tallies: dict[tuple[str, ...], _Tally] = {}
        self._total = _Tally()

    def counts_records(self, form_id: str, status: str) -> bool:
        """Whether records of this survey and status count at all (drafts never do)."""
        return status == FINAL and form_id in self._columns

    def counts_of(self, record: object) -> _RecordCounts | None:
        """What the record adds to the table; None when it does not count (a draft, say)."""
        if not self.counts_records(record.form_id, record.status):
            return None
        summary = record_summary(record, self.catalog, self.reassess,
                                 needs_items=record.form_id in self.catalogue.forms_with_items)
        if summary is None:
            return None
        return self.counts_of_summary(record.form_id, summary)

    def counts_of_summary(self, form_id: str, summary: Mapping[str, object]) -> _RecordCounts:
        """What a counted record (see `counts_records`) with this stored summary adds to the table."""
        return _RecordCounts.of(form_id, summary, self.catalogue, self._columns[form_id])

    def add(self, record: object, counts: _RecordCounts) -> None:
        """Tally a record's counts (from `counts_of`) into its place group and the total."""
        building = building_of(record)
        key = group_key(record, self.group_by)
        tally = self._tallies.get(key)
        if tally is None:
            tally = self._tallies[key] = _Tally()
        tally.add(building, counts)
        self._total.add(building, counts)

    def table(self) -> IndicatorTable:
        catalogue = self.catalogue
        rows = tuple(self._tallies[key].row(key, catalogue) for key in sorted(self._tallies))
        return IndicatorTable(title=catalogue.title, edition=catalogue.edition, group_by=self.group_by,
                              columns=catalogue.columns, rows=rows, total=self._total.row((), catalogue),
                              unassessed=self._total.unassessed)


def compute_indicators(records: Iterable[object], catalog: Mapping[str, object], *, group_by: str = "street",
                       indicators: IndicatorCatalogue | None = None, reassess: bool = False) -> IndicatorTable:
    """Count final records into the indicator table, one row per place group plus the total."""
    counter = IndicatorCounter(catalog, group_by=group_by, indicators=indicators, reassess=reassess)
    for record in records:
        counts = counter.counts_of(record)
        if counts is not None:
            counter.add(record, counts)
    return counter.table()
