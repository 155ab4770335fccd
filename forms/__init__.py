"""CityCheck domain: survey definitions, the form engine, standard rules, indicators and the offline store."""
