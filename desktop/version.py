"""The one place the CityCheck version is set."""

__version__ = "0.1.0"
