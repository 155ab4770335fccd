"""Indicator definitions as data: names, groups, units and edition year (catalogue.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from forms.indicators.errors import IndicatorError

CATALOGUE_PATH = Path(__file__).with_name("catalogue.yaml")
KINDS = frozenset({"buildings", "units", "length_km", "rate"})


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

    @property
    def header(self) -> str:
        return f"{self.name}（{self.unit}）"

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

    @property
    def forms(self) -> frozenset[str]:
        """Return every form id the table reads."""
        return self.surveyed_forms | {column.form for column in self.columns}


def load_indicator_catalogue(path: Path | str | None = None) -> IndicatorCatalogue:
    """Read an indicator catalogue (default: this edition's catalogue.yaml)."""
    path = Path(path) if path is not None else CATALOGUE_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        edition = int(raw["edition"])
        columns = tuple(_column(item, edition) for item in raw["indicators"])
        return IndicatorCatalogue(edition=edition, title=str(raw["title"]), source=str(raw.get("source") or ""),
                                  surveyed_forms=frozenset(raw["surveyed_forms"]), columns=columns)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise IndicatorError.make("indicator-001", path.name, detail=f"{type(exc).__name__}: {exc}") from exc


def _column(item: Mapping[str, object], edition: int) -> IndicatorColumn:
    if item["kind"] not in KINDS:
        raise ValueError(f"指标 {item['id']} 的 kind {item['kind']} 不是 {'/'.join(sorted(KINDS))}")
    return IndicatorColumn(
        id=str(item["id"]), name=str(item["name"]), group=str(item["group"]), unit=str(item["unit"]),
        kind=str(item["kind"]), edition=edition, form=str(item["form"]), share=bool(item.get("share")),
        linked=bool(item.get("linked")), field=str(item.get("field") or ""),
        when=Condition(tuple(item.get("when") or ())), of=Condition(tuple(item.get("of") or ())),
    )
