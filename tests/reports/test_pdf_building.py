"""楼栋体检报告: the text a reader finds in the PDF, page numbers, metadata, atomic writes."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from test_pdf_support import BUILDING_CODE, assert_numbered, pdf_text, sample_store

from reports.pdf import BuildingDossier, BuildingReport, ReportError, report_fonts
from reports.pdf.sources import StorePhotos, building_records
from reports.pdf.writers import write_building_report, write_record_report


@pytest.fixture()
def sample(tmp_path):
    db, catalog, store = sample_store(tmp_path)
    yield db, catalog, store
    db.close()


def housing_record(store):
    return next(r for r in store.query() if r.form_id == "housing_safety")


def test_building_report_reads_in_plain_language(sample, tmp_path):
    db, catalog, store = sample
    path = write_building_report(db, catalog, BUILDING_CODE, tmp_path / "楼栋.pdf")
    text = pdf_text(path)
    for expected in ("楼栋体检报告", BUILDING_CODE, "渝中区", "解放碑街道", "重庆市渝中区民族路1号",
                     "房屋安全", "老旧管线", "适老化设施",          # every survey of the building
                     "建成年份", "1978 年", "2400.5 m²", "砖混", "台阶+轮椅坡道", "灰口铸铁",  # labels, units, choices
                     "2026年5月6日", "北墙裂缝"):
        assert expected in text, expected


def test_building_report_prints_grade_advice_and_rules_with_their_clause(sample, tmp_path):
    db, catalog, store = sample
    summary = housing_record(store).summary
    assert summary["grade"] == "C"
    text = pdf_text(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf"))
    assert "C 级（系统初算" in text and "处理使用" in text
    assert "JGJ 125-2016 第6.3节" in text
    assert "GB 55019-2021 第2.3.1条" in text and "坡道坡度 1:8，超过 1:12 限值" in text
    assert "0.125" not in text and text.count("1:8") >= 2            # the answer prints as the rule does
    jgj = text.split("危房鉴定初算（JGJ 125-2016）")[1].replace("\n", "")
    assert "第1层" in jgj and "6 / 20" in jgj and "30.00%" in jgj and "Du" in jgj   # per-layer ratio and grade
    assert "第1层 Du 级 → C 级" in jgj                                # what decided the grade
    assert "灰口铸铁燃气管道，须更新" in text
    assert "红色" in text


def test_irrelevant_answers_are_left_out_and_repeats_become_tables(sample, tmp_path):
    db, catalog, _store = sample
    text = pdf_text(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf"))
    assert "围护损坏面积" not in text          # answered, but irrelevant: no envelope hazard ticked
    assert "55 m²" not in text
    assert "构件统计" in text and "中柱" in text and "危险构件数" in text


def test_personal_data_is_masked_unless_included(sample, tmp_path):
    db, catalog, _store = sample
    masked = pdf_text(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "m.pdf"))
    shown = pdf_text(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "s.pdf", include_sensitive=True))
    assert "张三丰" not in masked and "13812345678" not in masked and "张＊＊＊" in masked
    assert "张三丰" in shown and "13812345678" in shown


def test_pages_are_numbered_and_signature_lines_close_the_report(sample, tmp_path):
    db, catalog, _store = sample
    path = write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf")
    assert_numbered(path)
    last_page = PdfReader(str(path)).pages[-1].extract_text()
    assert "签字与盖章" in last_page and "审核人" in last_page and "批准人" in last_page and "日期" in last_page


def test_title_and_author_are_set(sample, tmp_path):
    db, catalog, _store = sample
    metadata = PdfReader(str(write_building_report(db, catalog, BUILDING_CODE, tmp_path / "b.pdf"))).metadata
    assert metadata.title == f"楼栋体检报告 {BUILDING_CODE}"
    assert metadata.author == "李明"


def test_record_report_holds_only_that_record(sample, tmp_path):
    db, catalog, store = sample
    pipe = next(r for r in store.query() if r.form_id == "old_pipelines")
    text = pdf_text(write_record_report(db, catalog, pipe.id, tmp_path / "r.pdf"))
    assert "民族路DN100燃气庭院管" in text and "建成年份" not in text


def test_unknown_building_and_record_are_coded_errors(sample, tmp_path):
    db, catalog, _store = sample
    with pytest.raises(ReportError) as building:
        write_building_report(db, catalog, "不存在", tmp_path / "x.pdf")
    with pytest.raises(ReportError) as record:
        write_record_report(db, catalog, "00000000-0000-0000-0000-000000000000", tmp_path / "x.pdf")
    assert (building.value.code, record.value.code) == ("report-002", "report-003")
    assert not (tmp_path / "x.pdf").exists()


class BrokenReport(BuildingReport):
    def build_story(self):
        super().build_story()
        raise RuntimeError("typesetting failed half way")


def test_a_failed_render_leaves_the_old_file_and_no_temporary_file(sample, tmp_path):
    db, catalog, _store = sample
    target = tmp_path / "b.pdf"
    target.write_bytes(b"old report")
    dossier = BuildingDossier(BUILDING_CODE, tuple(building_records(db, BUILDING_CODE)))
    with pytest.raises(RuntimeError):
        BrokenReport(dossier, catalog, report_fonts(), photos=StorePhotos(db)).write(target)
    assert target.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".sqlite3" and "sqlite3" not in p.name) == ["b.pdf"]


def test_an_unwritable_target_is_a_coded_error(sample, tmp_path):
    db, catalog, _store = sample
    with pytest.raises(ReportError) as error:
        write_building_report(db, catalog, BUILDING_CODE, tmp_path / "没有的目录" / "b.pdf")
    assert error.value.code == "report-004"


def test_a_photo_missing_from_the_store_is_said_not_hidden(sample, tmp_path):
    db, catalog, _store = sample
    dossier = BuildingDossier(BUILDING_CODE, tuple(building_records(db, BUILDING_CODE)))
    path = BuildingReport(dossier, catalog, report_fonts()).write(tmp_path / "b.pdf")   # no photo loader
    text = pdf_text(path)
    assert "（照片缺失）" in text and "图 1" in text


def test_an_unanswered_housing_record_prints_pending_not_green(sample, tmp_path):
    db, catalog, store = sample
    store.create("housing_safety", inspector="李明", answers={"district": "渝中区", "building_code": "BLANK-1"})
    text = pdf_text(write_building_report(db, catalog, "BLANK-1", tmp_path / "blank.pdf"))
    # A blank record is a draft: the badge says 待定 and the page says drafts do not conclude.
    assert "待定" in text and "草稿" in text
    assert "绿色" not in text and "未发现危险" not in text and "无隐患" not in text
