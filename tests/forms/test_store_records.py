"""Records: lossless answers, revisions, finalize with audit, photo links and queries."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from forms.loader import load_form_text
from forms.store.database import open_database
from forms.store.errors import StoreError
from forms.store.photos import add_photo, record_photos
from forms.store.record_filter import RecordFilter
from forms.store.records import RecordStore

PROBE_FORM = """
id: store_probe
version: "7"
title: 存储测试
choices:
  kind:
    - {code: a, label: 甲}
    - {code: b, label: 乙}
sections:
  - key: body
    title: 内容
    fields:
      - {key: building_name, type: text, label: 楼名, required: true}
      - {key: floors, type: integer, label: 层数, min: 1, max: 100}
      - {key: area, type: decimal, label: 面积, unit: m²}
      - {key: year_built, type: year, label: 建成年份}
      - {key: checked_on, type: date, label: 检查日期}
      - {key: kind, type: select_one, label: 类型, choices: kind}
      - {key: hazards, type: select_multiple, label: 隐患, choices: kind}
      - {key: self_built, type: yes_no, label: 自建房}
      - {key: photos, type: photos, label: 照片}
      - {key: total, type: calculate, label: 合计, calculation: "${floors} + 1", value_type: integer}
      - key: rows
        type: repeat
        label: 明细
        fields:
          - {key: item, type: text, label: 项目}
          - {key: count, type: integer, label: 数量}
          - {key: row_photos, type: photos, label: 照片}
"""

PLACE = {
    "district": "渝中区", "street": "解放碑街道", "community": "较场口社区",
    "estate": "𠮷祥小区", "building_code": "JFB-001", "address": "民族路 1 号",
}


def header(**extra) -> dict:
    return {**PLACE, "inspector": "张三", "survey_date": date.today().isoformat(), **extra}


@pytest.fixture(scope="module")
def catalog():
    form = load_form_text(PROBE_FORM, "store_probe.yaml")
    return {form.id: form}


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "records.sqlite3")
    yield database
    database.close()


@pytest.fixture
def store(db, catalog):
    return RecordStore(db, catalog)


def png(colour: str) -> bytes:
    out = BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG")
    return out.getvalue()


def every_type_answers(db) -> dict:
    sha_red, sha_blue = add_photo(db, png("red")), add_photo(db, png("blue"))
    return header(
        building_name="幸福楼 🏠 𠮷",
        floors=6,
        area=1234.56,
        year_built=1987,
        checked_on="2026-03-01",
        kind="b",
        hazards=["a", "b"],
        self_built="no",
        photos=[{"sha256": sha_red, "caption": "正面 📷"}],
        location={"lat": 29.557, "lon": 106.577, "crs": "GCJ-02"},
        rows=[
            {"item": "裂缝", "count": 3, "row_photos": [{"sha256": sha_blue, "caption": ""}]},
            {"item": "渗水", "count": 0, "row_photos": []},
        ],
    )


def test_create_starts_a_draft_with_place_and_stamps(store, db):
    record = store.create("store_probe", inspector="张三", place=PLACE)
    assert (record.status, record.revision, record.form_version) == ("draft", 1, "7")
    assert record.answers == PLACE
    assert (record.district, record.estate, record.building_code) == ("渝中区", "𠮷祥小区", "JFB-001")
    assert record.created_at.endswith("Z") and record.created_at == record.updated_at
    assert record.device_id == db.device_id
    assert store.get(record.id) == record


def test_unknown_form_and_record_are_coded(store):
    with pytest.raises(StoreError) as caught:
        store.create("no_such_form", inspector="张三")
    assert caught.value.code == "store-005"
    with pytest.raises(StoreError) as caught:
        store.get("missing-id")
    assert caught.value.code == "store-008"


def test_every_field_type_round_trips_losslessly(store, db, catalog):
    answers = every_type_answers(db)
    record = store.create("store_probe", inspector="张三")
    saved = store.save_answers(record.id, answers, who="张三", last_section="body")
    assert saved.answers == answers
    assert json.dumps(saved.answers, ensure_ascii=False) == json.dumps(answers, ensure_ascii=False)
    db.close()
    reopened = RecordStore(open_database(db.path), catalog)
    again = reopened.get(record.id)
    assert again.answers == answers
    assert again.last_section == "body"
    assert again.calculated["total"] == 7
    assert (again.lat, again.lon) == (29.557, 106.577)
    reopened.db.close()


def test_answers_are_stored_as_compact_readable_json(store, db):
    record = store.create("store_probe", inspector="张三", answers={"building_name": "𠮷 楼"})
    with db.engine.connect() as connection:
        text = connection.exec_driver_sql("SELECT answers FROM record WHERE id = ?", (record.id,)).scalar()
    assert text == '{"building_name":"𠮷 楼"}'


def test_revision_increments_only_when_answers_change(store):
    record = store.create("store_probe", inspector="张三", answers={"floors": 2, "building_name": "甲"})
    same = store.save_answers(record.id, {"building_name": "甲", "floors": 2}, who="张三", last_section="body")
    assert same.revision == 1 and same.updated_at == record.updated_at
    assert same.last_section == "body"
    changed = store.save_answers(record.id, {"building_name": "甲", "floors": 3}, who="张三")
    assert changed.revision == 2
    assert changed.calculated["total"] == 4
    assert store.save_answers(record.id, {"building_name": "甲", "floors": 3.0}, who="张三").revision == 3


def test_a_given_assessment_is_stored_instead_of_assessing_again(store, catalog):
    from forms.assessment import assess

    record = store.create("store_probe", inspector="张三", answers={"floors": 2, "building_name": "甲"})
    answers = {"building_name": "甲", "floors": 5}
    # A marker assessment (of other answers) shows the store used what it was given, not a fresh one.
    marker = assess(catalog["store_probe"], {**answers, "floors": 9})
    saved = store.save_answers(record.id, answers, who="张三", assessment=marker)
    assert saved.calculated["total"] == marker.evaluation.calculated["total"]
    fresh = store.save_answers(record.id, {**answers, "floors": 6}, who="张三")
    assert fresh.calculated["total"] == assess(catalog["store_probe"], {**answers, "floors": 6}).evaluation.calculated["total"]


def test_place_columns_follow_every_save(store):
    record = store.create("store_probe", inspector="张三", place=PLACE)
    moved = store.save_answers(
        record.id, {**PLACE, "street": "七星岗街道", "inspector": "李四",
                    "location": {"lat": 29.5, "lon": 106.5, "crs": "WGS-84"}}, who="李四")
    assert (moved.street, moved.inspector, moved.lat, moved.lon) == ("七星岗街道", "李四", 29.5, 106.5)
    cleared = store.save_answers(record.id, {"district": "渝中区"}, who="李四")
    assert (cleared.street, cleared.building_code, cleared.lat) == (None, None, None)


def test_photo_links_follow_the_answers_including_repeat_rows(store, db):
    answers = every_type_answers(db)
    record = store.create("store_probe", inspector="张三", answers=answers)
    shas = sorted({answers["photos"][0]["sha256"], answers["rows"][0]["row_photos"][0]["sha256"]})
    assert record_photos(db, record.id) == shas
    store.save_answers(record.id, {**answers, "rows": []}, who="张三")
    assert record_photos(db, record.id) == [answers["photos"][0]["sha256"]]


def test_unknown_photo_is_refused_with_store_007(store):
    record = store.create("store_probe", inspector="张三")
    with pytest.raises(StoreError) as caught:
        store.save_answers(record.id, {"photos": [{"sha256": "f" * 64, "caption": ""}]}, who="张三")
    assert caught.value.code == "store-007"
    assert store.get(record.id).revision == 1


def test_nan_answer_is_refused_with_store_010(store):
    record = store.create("store_probe", inspector="张三")
    with pytest.raises(StoreError) as caught:
        store.save_answers(record.id, {"area": float("nan")}, who="张三")
    assert caught.value.code == "store-010"
    assert "area" in caught.value.message
    store.save_answers(record.id, {"area": 1.5}, who="张三")
    with pytest.raises(StoreError) as caught:
        store.save_answers(record.id, {"area": float("inf")}, who="张三")
    assert caught.value.code == "store-010"
    assert store.get(record.id).answers == {"area": 1.5}


def test_finalize_is_refused_while_answers_are_missing(store):
    record = store.create("store_probe", inspector="张三", answers=header())
    with pytest.raises(StoreError) as caught:
        store.finalize(record.id, who="张三")
    assert caught.value.code == "store-004"
    assert "楼名" in caught.value.message
    assert store.get(record.id).status == "draft"
    assert store.history(record.id) == []


def test_finalize_writes_a_status_audit_entry(store):
    record = store.create("store_probe", inspector="张三", answers=header(building_name="甲楼"))
    final = store.finalize(record.id, who="张三")
    assert (final.status, final.revision) == ("final", 2)
    [entry] = store.history(record.id)
    assert (entry.field, entry.old, entry.new, entry.who) == ("_status", '"draft"', '"final"', "张三")
    assert entry.at.endswith("Z")
    assert store.finalize(record.id, who="张三").revision == 2


def test_final_record_needs_a_reason_and_audits_each_changed_field(store):
    answers = header(building_name="甲楼", floors=5, area=10.5)
    record = store.create("store_probe", inspector="张三", answers=answers)
    store.finalize(record.id, who="张三")
    edited = {**answers, "floors": 6, "kind": "a"}
    del edited["area"]
    for reason in (None, "  "):
        with pytest.raises(StoreError) as caught:
            store.save_answers(record.id, edited, who="李四", reason=reason)
        assert caught.value.code == "store-003"
    saved = store.save_answers(record.id, edited, who="李四", reason="复核更正层数")
    assert (saved.status, saved.revision, saved.answers) == ("final", 3, edited)
    entries = {e.field: e for e in store.history(record.id)[1:]}
    assert set(entries) == {"floors", "kind", "area"}
    assert (entries["floors"].old, entries["floors"].new) == ("5", "6")
    assert (entries["kind"].old, entries["kind"].new) == (None, '"a"')
    assert (entries["area"].old, entries["area"].new) == ("10.5", None)
    assert {(e.who, e.reason) for e in entries.values()} == {("李四", "复核更正层数")}


def test_final_record_edited_into_errors_returns_to_draft_with_the_reason(store):
    answers = header(building_name="甲楼", floors=5)
    record = store.create("store_probe", inspector="张三", answers=answers)
    store.finalize(record.id, who="张三")
    broken = {**answers, "floors": 200}
    del broken["building_name"]
    saved = store.save_answers(record.id, broken, who="李四", reason="复核")
    assert (saved.status, saved.revision, saved.answers) == ("draft", 3, broken)  # nothing typed is lost
    status = [e for e in store.history(record.id) if e.field == "_status"][-1]
    assert (status.old, status.new, status.who) == ('"final"', '"draft"', "李四")
    assert status.reason.startswith("定稿记录修改后未通过检查：")
    assert "楼名" in status.reason and "层数" in status.reason and status.reason.endswith("已退回草稿")


def test_returned_draft_can_be_finalized_again_once_fixed(store):
    answers = header(building_name="甲楼")
    record = store.create("store_probe", inspector="张三", answers=answers)
    store.finalize(record.id, who="张三")
    store.save_answers(record.id, {**answers, "floors": 0}, who="张三", reason="更正")
    with pytest.raises(StoreError) as caught:
        store.finalize(record.id, who="张三")
    assert caught.value.code == "store-004"
    store.save_answers(record.id, {**answers, "floors": 3}, who="张三")
    assert store.finalize(record.id, who="张三").status == "final"


def test_valid_edit_of_a_final_record_stays_final(store):
    answers = header(building_name="甲楼")
    record = store.create("store_probe", inspector="张三", answers=answers)
    store.finalize(record.id, who="张三")
    saved = store.save_answers(record.id, {**answers, "floors": 4}, who="张三", reason="补充层数")
    assert saved.status == "final"
    assert [e.field for e in store.history(record.id)] == ["_status", "floors"]


def test_delete_draft_only(store, db):
    answers = every_type_answers(db)
    draft = store.create("store_probe", inspector="张三", answers=answers)
    store.delete_draft(draft.id)
    assert record_photos(db, draft.id) == []
    with pytest.raises(StoreError):
        store.get(draft.id)
    final = store.create("store_probe", inspector="张三", answers=header(building_name="乙"))
    store.finalize(final.id, who="张三")
    with pytest.raises(StoreError) as caught:
        store.delete_draft(final.id)
    assert caught.value.code == "store-013"


@pytest.fixture
def filled(store):
    places = [("渝中区", "解放碑街道", "民族路 1 号", "A-1"), ("渝中区", "七星岗街道", "中山一路 50% 号", "A-2"),
              ("江北区", "观音桥街道", "建新北路 9 号", "B_1")]
    ids = []
    for district, street, address, code in places:
        record = store.create("store_probe", inspector="张三", answers=header(
            district=district, street=street, address=address, building_code=code, building_name="楼"))
        ids.append(record.id)
    store.finalize(ids[2], who="张三")
    return ids


def test_query_filters_count_and_status_counts(store, filled):
    assert store.count() == 3
    assert store.count(RecordFilter(district="渝中区")) == 2
    assert store.count(RecordFilter(street="观音桥街道", status="final")) == 1
    assert store.count(RecordFilter(form_id="other")) == 0
    assert store.counts_by_status() == {"draft": 2, "final": 1}
    assert store.counts_by_status(RecordFilter(district="渝中区")) == {"draft": 2, "final": 0}
    assert [r.building_code for r in store.query(RecordFilter(text="50%"))] == ["A-2"]
    assert [r.building_code for r in store.query(RecordFilter(text="B_"))] == ["B_1"]
    assert store.count(RecordFilter(text="_")) == 1
    assert [r.building_code for r in store.query(RecordFilter(text="a-"), order_by="building_code")] == ["A-1", "A-2"]


def test_query_orders_and_pages(store, filled):
    codes = [r.building_code for r in store.query(order_by="-building_code")]
    assert codes == ["B_1", "A-2", "A-1"]
    assert [r.building_code for r in store.query(order_by="building_code", offset=1, limit=1)] == ["A-2"]
    with pytest.raises(ValueError):
        store.query(order_by="answers")


def test_ids_page_returns_light_rows(store, filled):
    rows = store.ids_page(RecordFilter(district="渝中区"), order_by="address")
    assert [row.address for row in rows] == ["中山一路 50% 号", "民族路 1 号"]
    assert not hasattr(rows[0], "answers")
    assert rows[0].inspector == "张三" and isinstance(rows[0].summary, dict)
    assert rows[0].grade == rows[0].summary.get("grade")
    full = store.get(rows[0].id)
    assert (rows[0].revision, rows[0].updated_at, rows[0].summary) == (full.revision, full.updated_at, full.summary)


def test_list_queries_use_indexes(db):
    plans = {
        "count": "SELECT count(*) FROM record WHERE form_id = 'x'",
        "status": "SELECT count(*) FROM record WHERE district = 'x' AND status = 'draft'",
        "page": "SELECT id FROM record WHERE form_id = 'x' ORDER BY updated_at DESC LIMIT 50",
    }
    with db.engine.connect() as connection:
        for sql in plans.values():
            plan = " ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "USING" in plan and "INDEX" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


# --- property: random valid answers survive save and reload unchanged ---------------------------

@pytest.fixture(scope="module")
def shared(tmp_path_factory, catalog):
    database = open_database(tmp_path_factory.mktemp("prop") / "records.sqlite3")
    shas = [add_photo(database, png(colour)) for colour in ("red", "green", "blue")]
    yield RecordStore(database, catalog), shas
    database.close()


SAFE_INT = st.integers(min_value=-(2**53), max_value=2**53)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
JSON_LEAF = st.none() | st.booleans() | SAFE_INT | FLOATS | st.text(max_size=20)
JSON_TREE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


def photo_lists(shas):
    return st.lists(
        st.fixed_dictionaries({"sha256": st.sampled_from(shas), "caption": st.text(max_size=10)}),
        max_size=3)


def answers_strategy(shas):
    row = st.fixed_dictionaries({}, optional={
        "item": st.text(max_size=20), "count": SAFE_INT, "row_photos": photo_lists(shas)})
    return st.fixed_dictionaries({}, optional={
        "district": st.text(max_size=10),
        "building_name": st.text(max_size=30),
        "floors": SAFE_INT,
        "area": FLOATS,
        "year_built": st.integers(min_value=1800, max_value=2026),
        "checked_on": st.dates().map(date.isoformat),
        "kind": st.sampled_from(["a", "b"]),
        "hazards": st.sampled_from([[], ["a"], ["b"], ["a", "b"]]),
        "self_built": st.sampled_from(["yes", "no"]),
        "photos": photo_lists(shas),
        "location": st.fixed_dictionaries({
            "lat": st.floats(-90, 90), "lon": st.floats(-180, 180),
            "crs": st.sampled_from(["WGS-84", "GCJ-02"])}),
        "rows": st.lists(row, max_size=4),
        "extra_json": JSON_TREE,
    })


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_answers_round_trip_unchanged(shared, data):
    store, shas = shared
    answers = data.draw(answers_strategy(shas))
    record = store.create("store_probe", inspector="张三")
    saved = store.save_answers(record.id, answers, who="张三")
    again = store.get(record.id)
    assert again.answers == answers
    assert json.dumps(again.answers, sort_keys=True) == json.dumps(answers, sort_keys=True)
    assert again == saved
    assert again.revision == (1 if answers == {} else 2)


def test_built_in_forms_store_their_assessment(db):
    from forms.assessment import assess
    from forms.loader import load_catalog

    catalog = load_catalog()
    store = RecordStore(db, catalog)
    answers = header(building_name="甲楼", hazards_structure=[])
    record = store.create("housing_safety", inspector="张三", answers=answers)
    expected = assess(catalog["housing_safety"], answers)
    assert record.summary == json.loads(json.dumps(dict(expected.summary)))
    assert list(record.findings) == json.loads(json.dumps(expected.findings_json()))
    assert record.calculated == json.loads(json.dumps(dict(expected.evaluation.calculated)))
    [row] = store.ids_page(RecordFilter(form_id="housing_safety"))
    assert row.summary == record.summary
