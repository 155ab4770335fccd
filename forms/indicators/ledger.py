"""The 楼栋台账: one row per building, every handbook indicator's yes/no with the items that fired.

Built from the same per-record facts as the indicator table (final records only), so counting
the ledger's 是 per place gives the table back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from forms.indicator_catalogue import IndicatorCatalogue, IndicatorColumn, load_indicator_catalogue
from forms.indicators.buildings import HOUSING, BuildingFacts, RecordFacts
from forms.indicators.compute import FINAL, building_of, record_summary
from forms.indicators.table import GROUP_LEVELS

ESTATE_KEYS = GROUP_LEVELS["estate"]
PLACE_HEADER = ("区", "街道", "社区", "小区")
YES, NO = "是", "否"
NOT_COUNTED = {"no_housing": "无定稿房屋安全记录，不计入住宅指标", "not_residential": "非住宅用途，不计入住宅指标"}


@dataclass(frozen=True)
class LedgerBuilding:
    """One building of the 楼栋台账."""

    place: tuple[str, str, str, str]
    building_code: str
    address: str
    use: str
    residential: bool
    note: str
    fired: Mapping[str, tuple[str, ...]]    # indicator id -> fired item ids (also outside the population)
    counted: Mapping[str, bool]             # indicator id -> counts in the indicator
    units: int
    photos: Mapping[str, tuple[str, ...]]   # item id -> photo references

    def counts_in(self, column_id: str) -> bool:
        return self.counted.get(column_id, False)


@dataclass
class _Building:
    place: tuple[str, ...] = ()
    address: str = ""
    facts: BuildingFacts = field(default_factory=BuildingFacts)
    placed_by_housing: bool = False

    def add(self, record: object, facts: RecordFacts) -> None:
        if not self.place or (facts.housing and not self.placed_by_housing):
            self.place = tuple(str(getattr(record, key, None) or "").strip() for key in ESTATE_KEYS)
            self.address = str(getattr(record, "address", None) or "")
            self.placed_by_housing = facts.housing
        self.facts.add(facts)


@dataclass(frozen=True)
class BuildingLedger:
    """The ledger of a selection of records, with the catalogue that defined it."""

    catalogue: IndicatorCatalogue
    buildings: tuple[LedgerBuilding, ...]
    use_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[IndicatorColumn, ...]:
        """The handbook indicators the ledger says yes/no to (basic ones, then handbook 特色指标)."""
        return tuple(c for c in self.catalogue.columns if c.kind == "handbook")

    def header(self) -> list[str]:
        cells = [*PLACE_HEADER, "楼栋编码", "地址", "房屋用途", "计入住宅指标"]
        for column in self.columns:
            cells += [f"{column.label}", f"{column.number or column.name}·问题项"]
        return [*cells, "非成套住宅（套）", "照片引用", "说明"]

    def to_rows(self) -> list[list[object]]:
        """Return header + one row per building, for Excel and the PDF appendix."""
        rows: list[list[object]] = [self.header()]
        for building in self.buildings:
            cells: list[object] = [*building.place, building.building_code, building.address,
                                   self.use_labels.get(building.use, building.use), YES if building.residential else NO]
            for column in self.columns:
                items = building.fired.get(column.id, ())
                cells += [YES if building.counts_in(column.id) else NO, self.item_text(items)]
            refs = sorted({ref for item_refs in building.photos.values() for ref in item_refs})
            rows.append([*cells, building.units, "、".join(refs), building.note])
        return rows

    def item_text(self, item_ids: Iterable[str]) -> str:
        return "；".join(self.catalogue.item(item_id).problem for item_id in item_ids)


class LedgerBuilder:
    """Collects the final records of each building, then makes the ledger (rows by place and code)."""

    def __init__(self, catalogue: IndicatorCatalogue, catalog: Mapping[str, object]) -> None:
        self.catalogue, self.catalog = catalogue, catalog
        self._buildings: dict[tuple[str, str], _Building] = {}

    def add(self, record: object, facts: RecordFacts) -> None:
        """Add a final record's handbook facts to its building (records without a code are skipped)."""
        building = building_of(record)
        if building is not None:
            self._buildings.setdefault(building, _Building()).add(record, facts)

    def ledger(self) -> BuildingLedger:
        rows = (_ledger_row(code, entry, self.catalogue) for (_d, code), entry in self._buildings.items())
        ordered = tuple(sorted(rows, key=lambda row: (row.place, row.building_code)))
        return BuildingLedger(self.catalogue, ordered, _use_labels(self.catalog))


def building_ledger(records: Iterable[object], catalog: Mapping[str, object], *,
                    indicators: IndicatorCatalogue | None = None, reassess: bool = False) -> BuildingLedger:
    """Combine the final records of each building into its ledger row, sorted by place and code."""
    builder = LedgerBuilder(indicators or load_indicator_catalogue(), catalog)
    forms = builder.catalogue.forms_with_items
    for record in records:
        if record.status != FINAL or record.form_id not in forms:
            continue
        summary = record_summary(record, catalog, reassess, needs_items=True)
        if summary is not None:
            builder.add(record, RecordFacts.of(record.form_id, summary, builder.catalogue.unit_keys))
    return builder.ledger()


def _ledger_row(code: str, entry: _Building, catalogue: IndicatorCatalogue) -> LedgerBuilding:
    facts = entry.facts
    columns = [c for c in catalogue.columns if c.kind == "handbook"]
    residential = facts.residential(catalogue)
    note = "" if residential else NOT_COUNTED["not_residential" if facts.housing else "no_housing"]
    units = int(facts.units.get("non_self_contained_units", 0)) if residential else 0
    return LedgerBuilding(
        place=tuple(entry.place) + ("",) * (4 - len(entry.place)), building_code=code, address=entry.address,
        use="/".join(sorted(facts.uses)), residential=residential, note=note,
        fired={c.id: tuple(facts.fired(c, catalogue)) for c in columns},
        counted={c.id: facts.counts(c, catalogue) for c in columns},
        units=units, photos={k: tuple(v) for k, v in facts.photos.items()},
    )


def _use_labels(catalog: Mapping[str, object]) -> dict[str, str]:
    form = catalog.get(HOUSING) if catalog is not None else None
    if form is None or not form.has_field("building_use"):
        return {}
    return {choice.code: choice.label for choice in form.field("building_use").choices}
