"""The indicator table over demo data agrees with an independent count in plain SQL."""

from __future__ import annotations

import sqlite3

import pytest

from forms.demo import generate
from forms.indicators import indicators_for_database
from forms.loader import load_catalog
from forms.store.database import open_database

FINAL_HOUSING = "status = 'final' AND form_id = 'housing_safety'"
RESIDENTIAL = (f"{FINAL_HOUSING} AND json_extract(answers, '$.building_use') "
               "IN ('residential', 'mixed_commercial', 'self_built_other')")
FINAL_PIPES = "status = 'final' AND form_id = 'old_pipelines'"
FINAL_HISTORIC = "status = 'final' AND form_id = 'historic_buildings'"

# Each query: one row per district (district, value). Written from the answers and the engine's
# calculated values wherever the handbook's rule is simple enough to state in SQL (the 楼栋台账 test
# checks every indicator another way).
PLAIN_SQL = {
    "surveyed": f"SELECT district, COUNT(DISTINCT building_code) FROM record WHERE {RESIDENTIAL} GROUP BY district",
    "non_self_contained_units": "SELECT district, SUM(units) FROM (SELECT district, building_code, "
        "MAX(COALESCE(json_extract(answers, '$.non_self_contained_units'), 0)) AS units FROM record "
        f"WHERE {RESIDENTIAL} GROUP BY district, building_code) GROUP BY district",
    "energy_retrofit_buildings": f"SELECT district, COUNT(DISTINCT building_code) FROM record WHERE {RESIDENTIAL} "
        "AND json_extract(answers, '$.year_built') < 2000 AND json_extract(answers, '$.demolition_planned') != 'yes' "
        "AND ((json_extract(answers, '$.energy_diagnosis_needed') = 'yes' "
        "      AND json_extract(answers, '$.energy_safe_20_years') = 'yes' "
        "      AND json_extract(answers, '$.energy_retrofitted') != 'yes') "
        "  OR (json_extract(answers, '$.energy_diagnosis_needed') IS NULL "
        "      AND json_extract(answers, '$.needs_energy_retrofit') = 'yes')) GROUP BY district",
    "envelope_hazard_buildings": f"SELECT district, COUNT(DISTINCT building_code) FROM record WHERE {RESIDENTIAL} "
        "AND EXISTS (SELECT 1 FROM json_each(json_extract(answers, '$.hazards_envelope')) WHERE value IN "
        "('finish_falling', 'hanging_unsafe', 'glass_broken', 'roof_leak', 'wall_basement_seepage')) GROUP BY district",
    "renewal_km_gas": f"SELECT district, SUM(json_extract(answers, '$.length_m')) / 1000.0 FROM record WHERE {FINAL_PIPES} "
        "AND json_extract(answers, '$.pipe_category') = 'gas' AND ("
        "json_extract(answers, '$.material') = 'grey_cast_iron' "
        "OR (json_extract(answers, '$.material') = 'ductile_iron' AND json_extract(answers, '$.assessed_hazardous') = 'yes') "
        "OR (json_extract(answers, '$.material') IN ('steel', 'galvanized_steel', 'pe') "
        "    AND json_extract(answers, '$.assessed_hazardous') = 'yes' AND json_extract(calculated, '$.pipe_age') >= 20)"
        ") GROUP BY district",
    "renewal_km_water": f"SELECT district, SUM(json_extract(answers, '$.length_m')) / 1000.0 FROM record WHERE {FINAL_PIPES} "
        "AND json_extract(answers, '$.pipe_category') = 'water' AND ("
        "json_extract(answers, '$.material') IN ('cement', 'asbestos') "
        "OR (json_extract(answers, '$.material') = 'grey_cast_iron' AND json_extract(answers, '$.anticorrosion_lining') = 'no') "
        "OR (json_extract(answers, '$.assessed_hazardous') = 'yes' AND json_extract(calculated, '$.pipe_age') >= 30)"
        ") GROUP BY district",
    "listed": f"SELECT district, COUNT(DISTINCT building_code) FROM record WHERE {FINAL_HISTORIC} "
        "AND json_extract(answers, '$.listing_status') = 'published' GROUP BY district",
    "listed_vacant": f"SELECT district, COUNT(DISTINCT building_code) FROM record WHERE {FINAL_HISTORIC} "
        "AND json_extract(answers, '$.listing_status') = 'published' "
        "AND json_extract(answers, '$.occupancy') = 'vacant' GROUP BY district",
    "listed_plated_archived": f"SELECT district, COUNT(DISTINCT building_code) FROM record WHERE {FINAL_HISTORIC} "
        "AND json_extract(answers, '$.listing_status') = 'published' AND json_extract(answers, '$.plate_installed') = 'yes' "
        "AND json_extract(answers, '$.archived') = 'yes' GROUP BY district",
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    generate(db, 400, seed=11)
    yield db
    db.close()


@pytest.fixture(scope="module")
def plain_counts(demo_db):
    with sqlite3.connect(demo_db.path) as connection:
        return {name: dict(connection.execute(sql).fetchall()) for name, sql in PLAIN_SQL.items()}


@pytest.fixture(scope="module")
def table(demo_db):
    return indicators_for_database(demo_db, load_catalog(), group_by="district")


def test_demo_table_matches_plain_sql_per_district(table, plain_counts):
    assert len(table.rows) >= 3
    checked = [name for name in PLAIN_SQL if name in {c.id for c in table.columns}]
    for row in table.rows:
        district = row.key[0]
        assert row.surveyed == plain_counts["surveyed"].get(district, 0), district
        for name in checked:
            expected = plain_counts[name].get(district) or 0
            assert row.values[name] == pytest.approx(expected), (district, name)


def test_demo_historic_rates_match_plain_sql(table, plain_counts):
    for row in table.rows:
        district = row.key[0]
        listed = plain_counts["listed"].get(district, 0)
        vacancy = row.values["historic_vacancy_rate"]
        plated = row.values["historic_plate_archive_rate"]
        if listed == 0:
            assert vacancy is None and plated is None
            continue
        assert vacancy == pytest.approx(100 * plain_counts["listed_vacant"].get(district, 0) / listed)
        assert plated == pytest.approx(100 * plain_counts["listed_plated_archived"].get(district, 0) / listed)


def test_demo_counts_are_not_trivially_zero(table):
    total = table.total.values
    assert table.total.surveyed > 50
    assert all(total[c.id] > 0 for c in table.columns if c.kind == "handbook"), total
    assert total["renewal_km_gas"] + total["renewal_km_water"] > 0


def test_streaming_in_small_batches_gives_the_same_table(demo_db, table):
    small = indicators_for_database(demo_db, load_catalog(), group_by="district", batch_size=7)
    assert small.to_rows() == table.to_rows()


def test_district_and_street_filters_select_their_rows(demo_db, table):
    district = table.rows[0].key[0]
    only = indicators_for_database(demo_db, load_catalog(), district=district, group_by="district")
    assert only.to_rows(include_total=False) == [table.to_rows()[0], table.to_rows()[1]]
    by_street = indicators_for_database(demo_db, load_catalog(), district=district, group_by="street")
    street = by_street.rows[0].key[1]
    one_street = indicators_for_database(demo_db, load_catalog(), district=district, street=street)
    assert [row.key for row in one_street.rows] == [(district, street)]
    assert one_street.rows[0] == by_street.rows[0]
