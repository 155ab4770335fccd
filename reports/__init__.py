"""CityCheck files in and out: Excel export, import and merge; PDF reports; map files; task lists."""
