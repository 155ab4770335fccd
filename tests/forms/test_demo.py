"""The demo generator: deterministic, realistic enough, and valid where it says final."""

import json

from sqlalchemy import text

from forms.demo import generate
from forms.engine import evaluate
from forms.loader import load_catalog
from forms.store.database import open_database


def dump(db):
    with db.engine.connect() as connection:
        return connection.execute(text(
            "SELECT id, form_id, status, building_code, answers FROM record ORDER BY id")).all()


def test_same_seed_gives_the_same_records(tmp_path):
    first, second = open_database(tmp_path / "a.sqlite3"), open_database(tmp_path / "b.sqlite3")
    generate(first, 60, seed=7)
    generate(second, 60, seed=7)
    assert dump(first) == dump(second)
    other = open_database(tmp_path / "c.sqlite3")
    generate(other, 60, seed=8)
    assert dump(other) != dump(first)


def test_demo_covers_every_survey_with_drafts_and_valid_finals(tmp_path):
    db = open_database(tmp_path / "demo.sqlite3")
    counts = generate(db, 400, seed=1)
    catalog = load_catalog()
    assert {form_id for form_id, _ in counts} == set(catalog)
    drafts = sum(n for (_, status), n in counts.items() if status == "draft")
    assert 0.05 * 400 < drafts < 0.4 * 400
    for record_id, form_id, status, code, answers in dump(db):
        assert code and len(code) == 16
        if status == "final":
            assert evaluate(catalog[form_id], json.loads(answers)).can_finalize, record_id


def test_demo_places_look_real_and_photos_are_stored(tmp_path):
    db = open_database(tmp_path / "demo.sqlite3")
    generate(db, 50, seed=2)
    with db.engine.connect() as connection:
        address = connection.execute(text("SELECT address FROM record LIMIT 1")).scalar_one()
        photos = connection.execute(text("SELECT count(*) FROM photo")).scalar_one()
        links = connection.execute(text("SELECT count(*) FROM record_photo")).scalar_one()
    assert address.startswith("重庆市") and "号" in address
    assert photos > 0 and links > 0


HANDBOOK_FIELDS = {
    "housing_safety": """census_structure_hazard piped_gas gas_riser_material gas_riser_year gas_riser_hazardous
        extinguishers_per_stairwell energy_diagnosis_needed energy_safe_20_years demolition_planned
        energy_retrofitted building_pipe_problems building_pipe_photos fibre_to_home security_devices
        smoke_detectors_common emergency_call_missing_households""".split(),
    "aging_friendly": ["hardship_elderly_unretrofitted"],
}


def test_demo_final_records_exercise_every_field_the_handbook_added(tmp_path):
    db = open_database(tmp_path / "demo.sqlite3")
    generate(db, 300, seed=3)
    answered: dict[str, set[str]] = {form_id: set() for form_id in HANDBOOK_FIELDS}
    for _id, form_id, status, _code, answers in dump(db):
        if status == "final" and form_id in answered:
            answered[form_id] |= {key for key, value in json.loads(answers).items() if value not in (None, "", [], 0)}
    for form_id, keys in HANDBOOK_FIELDS.items():
        assert set(keys) <= answered[form_id], set(keys) - answered[form_id]
