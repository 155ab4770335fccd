"""The 城市体检 indicator table rolled up from final survey records."""

from __future__ import annotations

from forms.indicators.compute import IndicatorCounter, compute_indicators
from forms.indicators.database import indicators_for_database, surveyed_places
from forms.indicators.definitions import IndicatorCatalogue, IndicatorColumn, load_indicator_catalogue
from forms.indicators.errors import IndicatorError
from forms.indicators.table import IndicatorRow, IndicatorTable

__all__ = ["IndicatorCatalogue", "IndicatorColumn", "IndicatorCounter", "IndicatorError", "IndicatorRow", "IndicatorTable",
           "compute_indicators", "indicators_for_database", "load_indicator_catalogue",
           "surveyed_places"]
