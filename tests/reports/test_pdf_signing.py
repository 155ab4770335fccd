"""Reports a district can sign and print: numbers, closing block, figures, drafts, several records, long text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_pdf_support import (
    BUILDING_CODE,
    PLACE,
    add_final,
    aging_answers,
    historic_answers,
    housing_answers,
    orphan_headings,
    pdf_pages,
    pdf_text,
    sample_store,
)

from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.records import RecordStore
from forms.store.settings import set_setting
from reports.pdf import Scope, write_building_report, write_district_summary, write_record_report
from reports.pdf.issue import SURVEYING_UNIT_SETTING, Numbering

NUMBER = re.compile(r"报告编号 (JD-\d{8}-\d{5})")
UNIT = "重庆市房屋安全鉴定站"


@pytest.fixture()
def sample(tmp_path):
    db, catalog, store = sample_store(tmp_path)
    yield db, catalog, store
    db.close()


@pytest.fixture()
def empty(tmp_path):
    db = open_database(tmp_path / "one.sqlite3")
    catalog = load_catalog()
    yield db, catalog, RecordStore(db, catalog)
    db.close()


def test_every_page_prints_the_report_number_and_numbers_never_repeat(sample, tmp_path):
    db, catalog, _store = sample
    numbering = Numbering("JD", UNIT)
    first = pdf_pages(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "a.pdf", numbering=numbering))
    second = pdf_pages(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf", numbering=numbering))
    numbers = [{m.group(1) for m in map(NUMBER.search, pages) if m} for pages in (first, second)]
    assert all(NUMBER.search(page) for page in first + second)          # on every page
    assert len(numbers[0]) == len(numbers[1]) == 1 and numbers[0] != numbers[1]
    assert numbers[0].pop().startswith(f"JD-{dt.date.today():%Y%m%d}-")
    assert all(UNIT in page for page in first)


def test_the_closing_block_names_each_surveyor_reviewer_approver_and_the_unit(sample, tmp_path):
    db, catalog, store = sample
    set_setting(db, SURVEYING_UNIT_SETTING, UNIT)                   # the unit comes from the settings too
    last = pdf_pages(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf"))[-1]
    flat = last.replace("\n", "")
    for record in store.query():
        assert f"记录 {record.id[:8]}" in flat                       # 调查人 per survey record
    for expected in ("调查人", "审核人", "批准人", "签字", "日期", "单位（盖章）", f"调查单位：{UNIT}", "报告编号："):
        assert expected in flat, expected


def test_fields_point_to_their_figures_and_captions_name_the_record(sample, tmp_path):
    db, catalog, store = sample
    housing = next(r for r in store.query() if r.form_id == "housing_safety")
    text = pdf_text(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf")).replace("\n", "")
    assert "1 张，见图 1" in text and "1 张，见图 2" in text           # 房屋外观照片, 结构隐患照片
    assert "见照片页" not in text
    assert re.search(rf"图 2\s+\S*北墙裂缝（房屋安全\s*记录 {housing.id[:8]}", text)


def test_no_page_ends_with_a_heading(sample, tmp_path, empty):
    db, catalog, store = sample
    for note_length in (0, 400, 1200, 2600):        # push the sections to different page positions
        answers = {**housing_answers(db), "building_code": f"B{note_length}", "notes": "渗" * note_length}
        add_final(store, "housing_safety", answers)
        path = write_building_report(db, catalog, f"B{note_length}", tmp_path / f"{note_length}.pdf")
        assert orphan_headings(path, catalog) == [], note_length
    record = next(r for r in store.query() if r.form_id == "aging_friendly")
    assert orphan_headings(write_record_report(db, catalog, record.id, tmp_path / "r.pdf"), catalog) == []


def test_drafts_do_not_conclude_and_are_marked(tmp_path):
    db, catalog, _store = sample_store(tmp_path, final=False)
    try:
        pages = pdf_pages(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf"))
    finally:
        db.close()
    text = "\n".join(pages)
    assert text.count("草稿（未定稿，不作结论）") == 3
    assert "房屋危险性等级" not in text.split("不符合项与规则依据")[0]   # no grade concluded from a draft
    assert "草稿记录不作结论" in text
    assert all("草稿" in page for page in pages)                       # the watermark
    conclusions = text.split("不符合项与规则依据")[0]
    assert "红色" not in conclusions and "待定" in conclusions
    assert "（草稿）" in text.split("不符合项与规则依据")[1]             # findings of drafts say so


def test_a_historic_hazard_counts_and_a_green_label_becomes_undecided(empty, tmp_path):
    db, catalog, store = empty
    safe = {**housing_answers(db), "hazards_structure": [], "hazards_structure_photos": [],
            "initial_judgement": "none", "judgement_basis": "外观完好", "jgj_enabled": "no"}
    assert add_final(store, "housing_safety", safe).summary["colour"] == "green"
    add_final(store, "historic_buildings", historic_answers(db))
    text = pdf_text(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf"))
    conclusions = text.split("不符合项与规则依据")[0].replace("\n", "")
    assert "结构安全隐患（历史建筑）" in conclusions and "未发现" not in conclusions
    assert "待定：房屋安全记录标为绿色，但其他调查发现安全隐患" in conclusions
    header = text.split("报告编号")[0]                                # the page header and its badge
    assert "待定" in header and "绿色" not in header


def test_several_records_of_a_survey_resolve_to_the_newest(empty, tmp_path):
    db, catalog, store = empty
    old = add_final(store, "aging_friendly", {**aging_answers(db), "survey_date": "2025-04-01"})
    new = add_final(store, "aging_friendly", {**aging_answers(db), "has_lift": "yes", "survey_date": "2026-05-06"})
    assert (old.summary["needs_lift"], new.summary["needs_lift"]) == (True, False)
    text = re.sub(r"\s", "", pdf_text(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf")))
    current, _history = text.split("不符合项与规则依据")[0].split("已由较新记录取代", 1)
    assert f"加装电梯不需要适老化设施记录{new.id[:8]}2026年5月6日" in current
    assert "加装电梯需要" not in current and "加装电梯需要" in text     # the older answer is history
    assert f"记录{old.id[:8]}" in text and f"记录{new.id[:8]}" in text


def test_a_single_record_report_is_titled_for_its_survey_without_a_colour_badge(sample, tmp_path):
    db, catalog, store = sample
    pipe = next(r for r in store.query() if r.form_id == "old_pipelines")
    text = pdf_text(write_record_report(db, catalog, pipe.id, tmp_path / "r.pdf"))
    assert "老旧管线调查记录" in text and "楼栋体检报告" not in text
    assert "未标色" not in text and "待定" not in text and "安全标色" not in text


LONG_NOTE = "住户反映雨季渗水，" * 333 + "备注到此结束。"        # 3,004 characters
LONG_ADDRESS = "重庆市渝中区民族路" * 277 + "门牌末尾一号"   # 2,499 characters


def test_long_text_splits_across_pages_instead_of_crashing(empty, tmp_path):
    db, catalog, store = empty
    place = {**PLACE, "address": LONG_ADDRESS}
    add_final(store, "housing_safety", {**housing_answers(db), **place, "notes": LONG_NOTE})
    store.create("aging_friendly", inspector="李明", answers={**aging_answers(db), **place})   # a draft, listed too
    building = pdf_text(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf")).replace("\n", "")
    assert building.count("住户反映雨季渗水") >= 330 and "备注到此结束" in building     # all of it, to the end
    assert building.count("民族路") >= 270 and "门牌末尾一号" in building
    summary = pdf_text(write_district_summary(db, catalog, tmp_path / "s.pdf", scope=Scope("渝中区"),
                                              ledger_limit=0)).replace("\n", "")
    assert summary.count("民族路") >= 270 and "门牌末尾一号" in summary
