"""Deterministic synthetic inspections over the four surveys, for demos, tests and benchmarks."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter

from sqlalchemy import insert

from forms.assessment import assess
from forms.demo.answers import AnswerContext, demo_answers
from forms.demo.photos import demo_photo
from forms.demo.places import Place, person_name, random_place
from forms.loader import FormCatalog, load_catalog
from forms.store.answer_content import photo_references, place_columns
from forms.store.database import Database
from forms.store.json_text import to_json
from forms.store.photos import add_photo
from forms.store.tables import Record, RecordPhoto

FORM_SHARES = {"housing_safety": 0.45, "old_pipelines": 0.25, "aging_friendly": 0.2, "historic_buildings": 0.1}
DRAFT_SHARE = 0.12
PHOTO_POOL_SIZE = 24
INSPECTOR_COUNT = 12
FIRST_SURVEY_DAY = dt.date(2026, 4, 1)
SURVEY_DAYS = 180
BATCH = 500
LINKED_SHARE = 0.6  # share of pipe, aging and historic records made at a building already surveyed


def generate(db: Database, count: int, seed: int = 1, catalog: FormCatalog | None = None) -> Counter:
    """Write `count` demo records; return counts by (form id, status). Same seed, same records."""
    catalog = catalog or load_catalog()
    rng = random.Random(seed)
    pool = tuple(add_photo(db, demo_photo(random.Random(seed * 1000 + i))) for i in range(PHOTO_POOL_SIZE))
    inspectors = tuple(person_name(rng) for _ in range(INSPECTOR_COUNT))
    devices = tuple(str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(INSPECTOR_COUNT))
    counts: Counter = Counter()
    batch: list[tuple[dict, list[str]]] = []
    housing_places: list[Place] = []
    for serial in range(count):
        row, photos = _demo_row(catalog, rng, serial, inspectors, devices, pool, housing_places)
        counts[(row["form_id"], row["status"])] += 1
        batch.append((row, photos))
        if len(batch) >= BATCH:
            _insert(db, batch)
            batch = []
    if batch:
        _insert(db, batch)
    return counts


def _place_for(form_id: str, rng, serial: int, housing_places: list[Place]) -> Place:
    """Records of different surveys link by building code: reuse a housing record's place."""
    if form_id != "housing_safety" and housing_places and rng.random() < LINKED_SHARE:
        return rng.choice(housing_places)
    place = random_place(rng, serial)
    if form_id == "housing_safety":
        housing_places.append(place)
    return place


def _demo_row(catalog, rng, serial, inspectors, devices, pool, housing_places) -> tuple[dict, list[str]]:
    form = catalog[rng.choices(list(FORM_SHARES), weights=list(FORM_SHARES.values()))[0]]
    who = rng.randrange(INSPECTOR_COUNT)
    survey_date = FIRST_SURVEY_DAY + dt.timedelta(days=rng.randrange(SURVEY_DAYS))
    place = _place_for(form.id, rng, serial, housing_places)
    ctx = AnswerContext(rng, place, inspectors[who], survey_date, pool)
    answers = demo_answers(form, ctx)
    assessment = assess(form, answers)
    evaluation = assessment.evaluation
    answers = {k: v for k, v in answers.items() if k in evaluation.relevant}
    final = evaluation.can_finalize and rng.random() > DRAFT_SHARE
    stamp = f"{survey_date.isoformat()}T{rng.randint(0, 9):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
    row = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "form_id": form.id,
        "form_version": form.version, "status": "final" if final else "draft",
        "revision": rng.randint(len(answers), len(answers) + 30), "created_at": stamp, "updated_at": stamp,
        "inspector": inspectors[who], "device_id": devices[who], **place_columns(answers),
        "answers": to_json(answers), "calculated": to_json(dict(evaluation.calculated)),
        "summary": to_json(dict(assessment.summary)), "findings": to_json(assessment.findings_json()),
        "last_section": form.sections[-1].key if final else rng.choice(form.sections).key,
    }
    return row, sorted(photo_references(answers))


def _insert(db: Database, batch: list[tuple[dict, list[str]]]) -> None:
    links = [{"record_id": row["id"], "sha256": sha} for row, photos in batch for sha in photos]
    with db.engine.begin() as connection:
        connection.execute(insert(Record), [row for row, _ in batch])
        if links:
            connection.execute(insert(RecordPhoto), links)

