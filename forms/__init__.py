"""CityCheck domain: survey definitions, the form engine, standard rules and the offline store."""
