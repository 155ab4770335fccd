"""The 问题地图: surveyed points as GeoJSON and GeoPackage, and the office's local base maps."""
