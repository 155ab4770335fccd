"""The 问题地图 tab: surveyed points on an offline map, with local base maps and GIS export."""
