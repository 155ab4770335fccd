"""The record search matches every place name, the building code and the building's name."""

from __future__ import annotations

import pytest

from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.record_filter import RecordFilter
from forms.store.records import RecordStore

PLACE = {"district": "九龙坡区", "street": "杨家坪街道", "community": "团结路社区", "estate": "和平小区",
         "building_code": "500107001", "address": "团结路1号"}


@pytest.fixture
def store(tmp_path):
    db = open_database(tmp_path / "s.sqlite3")
    yield RecordStore(db, load_catalog())
    db.close()


@pytest.mark.parametrize("text", ["九龙坡", "杨家坪", "团结路社区", "和平小区", "500107", "团结路1号", "幸福楼"])
def test_search_finds_the_record_by(store, text):
    house = store.create("housing_safety", inspector="王", answers={**PLACE, "building_name": "幸福楼"})
    store.create("housing_safety", inspector="王", answers={"district": "渝中区", "building_name": "解放碑3栋"})
    assert [r.id for r in store.query(RecordFilter(text=text))] == [house.id]
    assert store.count(RecordFilter(text=text)) == 1


def test_search_finds_a_historic_building_by_its_name(store):
    hall = store.create("historic_buildings", inspector="王", answers={"hb_name": "湖广会馆"})
    store.create("housing_safety", inspector="王", answers={"building_name": "会所"})
    assert [r.id for r in store.query(RecordFilter(text="湖广"))] == [hall.id]


def test_search_text_is_not_a_pattern(store):
    store.create("housing_safety", inspector="王", answers={"building_name": "A栋"})
    assert store.count(RecordFilter(text="%")) == 0
    assert store.count(RecordFilter(text="_栋")) == 0


def test_building_code_filter_is_exact(store):
    house = store.create("housing_safety", inspector="王", answers={"building_code": "500107001"})
    store.create("housing_safety", inspector="王", answers={"building_code": "5001070011"})
    assert [r.id for r in store.query(RecordFilter(building_code="500107001"))] == [house.id]
