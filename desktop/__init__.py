"""The CityCheck desktop application (PySide6) and the citycheck command line."""
