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
