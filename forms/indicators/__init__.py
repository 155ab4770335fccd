"""The 城市体检 indicator table rolled up from final survey records."""

from __future__ import annotations

from forms.indicator_catalogue import IndicatorCatalogue, IndicatorColumn, IndicatorItem, load_indicator_catalogue
from forms.indicator_errors import IndicatorError
from forms.indicators.compute import IndicatorCounter, compute_indicators
from forms.indicators.database import indicators_for_database, surveyed_places
from forms.indicators.ledger import BuildingLedger, building_ledger
from forms.indicators.table import IndicatorRow, IndicatorTable

__all__ = ["BuildingLedger", "IndicatorCatalogue", "IndicatorColumn", "IndicatorCounter", "IndicatorError",
           "IndicatorItem", "IndicatorRow", "IndicatorTable", "building_ledger", "compute_indicators",
           "indicators_for_database", "load_indicator_catalogue", "surveyed_places"]
