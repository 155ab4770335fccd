"""What each building adds to the handbook indicators: its records' fired items, use and units.

A building is (district, building code). Its records of different surveys are combined: the
房屋安全 record says whether it is a 住宅 (and is the share's denominator), the 适老化设施 and
老旧管线 records add their items. Only final records reach here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from forms.indicator_catalogue import IndicatorCatalogue, IndicatorColumn

HOUSING = "housing_safety"


@dataclass(frozen=True)
class RecordFacts:
    """The handbook facts of one final record, read from its summary."""

    housing: bool
    use: str
    self_built: bool
    items: tuple[str, ...]
    units: Mapping[str, float]
    photos: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, form_id: str, summary: Mapping[str, object], unit_keys: tuple[str, ...]) -> RecordFacts:
        housing = form_id == HOUSING
        photos = summary.get("handbook_photos") or {}
        return cls(
            housing=housing, use=str(summary.get("building_use") or "") if housing else "",
            self_built=housing and bool(summary.get("self_built_building")),
            items=tuple(str(item) for item in summary.get("handbook_items") or ()),
            units={key: number(summary.get(key)) for key in unit_keys} if housing else {},
            photos={str(k): tuple(v) for k, v in photos.items()} if isinstance(photos, Mapping) else {},
        )


@dataclass
class BuildingFacts:
    """Everything the final records of one building say, combined."""

    housing: bool = False
    uses: set[str] = field(default_factory=set)
    self_built: bool = False
    items: set[str] = field(default_factory=set)
    units: dict[str, float] = field(default_factory=dict)
    photos: dict[str, list[str]] = field(default_factory=dict)

    def add(self, facts: RecordFacts) -> None:
        self.housing |= facts.housing
        if facts.use:
            self.uses.add(facts.use)
        self.self_built |= facts.self_built
        self.items.update(facts.items)
        for key, value in facts.units.items():
            self.units[key] = max(self.units.get(key, 0.0), value)
        for item, refs in facts.photos.items():
            known = self.photos.setdefault(item, [])
            known += [ref for ref in refs if ref not in known]

    def residential(self, catalogue: IndicatorCatalogue) -> bool:
        """住宅: a final 房屋安全 record with a residential use (public and business self-built buildings are not)."""
        return self.housing and bool(self.uses) and self.uses <= catalogue.residential_uses

    def in_population(self, column: IndicatorColumn, catalogue: IndicatorCatalogue) -> bool:
        if column.population == "self_built":
            return self.housing and self.self_built
        return self.residential(catalogue)

    def fired(self, column: IndicatorColumn, catalogue: IndicatorCatalogue) -> list[str]:
        """The items of `column` this building fired, in catalogue order (of `any_of` for a summary line)."""
        sources = [catalogue.column(c) for c in column.any_of] if column.any_of else [column]
        return [item.id for source in sources for item in source.items if item.id in self.items]

    def counts(self, column: IndicatorColumn, catalogue: IndicatorCatalogue) -> bool:
        """Whether the building counts in the handbook indicator `column` (one item is enough)."""
        return (self.in_population(column, catalogue)
                and not self.items.isdisjoint(catalogue.handbook_item_ids[column.id]))

    def add_to(self, values: dict[str, float], columns: tuple[IndicatorColumn, ...],
               catalogue: IndicatorCatalogue) -> bool:
        """Add what the building gives each handbook column (its units, or 1); return whether it is 住宅."""
        residential = self.residential(catalogue)
        self_built = self.housing and self.self_built
        for column in columns:
            if not (self_built if column.population == "self_built" else residential):
                continue
            if not self.items.isdisjoint(catalogue.handbook_item_ids[column.id]):
                values[column.id] += self.units.get(column.units, 0.0) if column.units else 1
        return residential


def number(value: object) -> float:
    """A summary value as a float; anything but a number counts 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return float(value)
