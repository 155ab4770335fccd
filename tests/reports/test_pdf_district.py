"""区级城市体检汇总: cover, scope, indicators, charts, a ledger spanning pages, the drafts appendix."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_pdf_support import assert_numbered, orphan_headings, pdf_pages, pdf_text

from forms.demo import generate
from forms.loader import load_catalog
from forms.store.database import open_database
from reports.pdf import ReportError, Scope, write_building_report, write_district_summary
from reports.pdf.district_data import gather_district_facts
from reports.pdf.figure_refs import record_figures, record_places

DISTRICT = "渝中区"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("district") / "demo.sqlite3")
    catalog = load_catalog()
    generate(db, 160, seed=7, catalog=catalog)
    yield db, catalog
    db.close()


@pytest.fixture(scope="module")
def summary_pages(demo, tmp_path_factory):
    db, catalog = demo
    out = tmp_path_factory.mktemp("out") / "汇总.pdf"
    write_district_summary(db, catalog, out, scope=Scope(DISTRICT), generated_on=dt.date(2026, 11, 20))
    return out, pdf_pages(out)


def test_cover_names_the_scope_and_the_counts(demo, summary_pages):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    _path, pages = summary_pages
    cover = pages[0]
    assert f"{DISTRICT} 城市体检汇总报告" in cover and "区级城市体检汇总" in cover
    assert f"{facts.record_count} 条" in cover and "2026年11月20日" in cover


def test_scope_and_indicator_tables_by_street(demo, summary_pages):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    text = "\n".join(summary_pages[1])
    assert "一、调查范围" in text and "二、指标汇总（按街道）" in text
    assert all(street in text for street in facts.streets)
    assert "存在结构安全隐患的住宅数量（栋）" in text and "应更新改造燃气管线长度（km）" in text
    assert facts.indicators.title in text


def test_charts_are_drawn(summary_pages):
    text = "\n".join(summary_pages[1])
    for title in ("房屋危险性等级分布", "安全标色分布", "各街道存在安全隐患的住宅数量", "应更新改造管线长度"):
        assert title in text


def test_the_ledger_spans_pages_with_its_heading_repeated(demo, summary_pages):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    _path, pages = summary_pages
    ledger_pages = [text for text in pages if "楼栋编码 / 地址" in text and "照片引用" in text]
    assert len(ledger_pages) >= 2
    first = facts.ledger[0]
    assert first.problem.split("，")[0][:8] in "\n".join(ledger_pages)
    assert f"共 {facts.ledger_total} 条问题" in "\n".join(pages)


def test_notices_stay_out_of_the_ledger(demo):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    assert facts.ledger and {entry.severity for entry in facts.ledger} <= {"danger", "warning"}
    assert [e.severity for e in facts.ledger] == sorted((e.severity for e in facts.ledger),
                                                         key=("danger", "warning").index)


def test_drafts_are_listed_in_the_appendix(demo, summary_pages):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    appendix = "\n".join(text for text in summary_pages[1] if "未定稿记录" in text)
    assert facts.drafts_total > 0 and f"共 {facts.drafts_total} 条草稿尚未定稿" in appendix
    assert facts.drafts[0].building_code in appendix


def test_every_page_is_numbered(summary_pages):
    path, _pages = summary_pages
    assert_numbered(path)


def test_a_ledger_limit_says_how_many_are_left_out_and_keeps_every_street_in_the_summary(demo, tmp_path):
    db, catalog = demo
    out = write_district_summary(db, catalog, tmp_path / "s.pdf", scope=Scope(DISTRICT), ledger_limit=5)
    text = "\n".join(pdf_pages(out))
    assert "本报告列出最严重的前 5 条" in text and "各街道的全部条数见下表" in text
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    for street, _severity in facts.problems_by_street:
        assert street in text


def test_the_whole_ledger_is_printed_by_default_with_its_degree(demo):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    assert len(facts.ledger) == facts.ledger_total == sum(facts.problems_by_street.values())
    assert {entry.degree for entry in facts.ledger} <= {"危险", "一般"}


def test_drafts_stay_out_of_the_ledger(demo):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    draft_ids = {draft.record_id for draft in facts.drafts}
    assert draft_ids and not draft_ids & {entry.record_id for entry in facts.ledger}
    assert {entry.status for entry in facts.ledger} == {"final"}


def test_the_handbook_deliverables_are_printed(demo, summary_pages):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    text = "\n".join(summary_pages[1])
    for title in ("住房维度体检指标调查表", "住房维度问题清单", "住房维度整治建议清单", "楼栋台账", "占比分母"):
        assert title in text, title
    assert all(b.building_code in text for b in facts.deliverables.ledger.buildings)
    assert facts.deliverables.problems and facts.deliverables.problems[0].problem_text[:10] in text.replace("\n", "")


def test_an_empty_scope_is_a_coded_error(demo, tmp_path):
    db, catalog = demo
    with pytest.raises(ReportError) as error:
        write_district_summary(db, catalog, tmp_path / "s.pdf", scope=Scope("没有这个区"))
    assert error.value.code == "report-005"
    assert not (tmp_path / "s.pdf").exists()


def test_every_page_carries_the_number_and_the_summary_ends_with_the_closing_block(summary_pages):
    _path, pages = summary_pages
    numbers = {re.search(r"报告编号 (CC-\d{8}-\d{5})", page).group(1) for page in pages}   # cover included
    assert len(numbers) == 1
    last = pages[-1].replace("\n", "")
    for expected in ("签字与盖章", "编制人", "审核人", "批准人", "单位（盖章）", f"报告编号：{numbers.pop()}"):
        assert expected in last, expected


def test_no_page_of_a_summary_ends_with_a_heading(demo, summary_pages, city_pages):
    _db, catalog = demo
    assert orphan_headings(summary_pages[0], catalog) == []
    assert orphan_headings(city_pages[0], catalog) == []


def test_charts_leave_ungraded_buildings_to_the_text_and_show_undecided_colours(demo, summary_pages):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    text = "\n".join(summary_pages[1]).replace("\n", "")
    assert "房屋危险性等级分布（已鉴定）" in text and f"未鉴定 {facts.grades['未鉴定']} 栋" in text
    assert "待定" in text.split("安全标色分布")[1][:60]
    assert "调查住宅楼栋数" in text and "分母" in text


@pytest.fixture(scope="module")
def city_pages(demo, tmp_path_factory):
    db, catalog = demo
    out = tmp_path_factory.mktemp("city") / "全市.pdf"
    write_district_summary(db, catalog, out, scope=Scope(), generated_on=dt.date(2026, 11, 20))
    return out, pdf_pages(out)


def test_a_whole_city_summary_is_a_city_report_with_district_subtotals(demo, city_pages):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope())
    _path, pages = city_pages
    assert "全市 城市体检汇总报告" in pages[0] and "市级城市体检汇总" in pages[0] and "区级" not in pages[0]
    districts = sorted({row.key[0] for row in facts.indicators.rows})
    assert len(districts) > 1
    blocks = [page for page in pages if "调查住宅楼栋数" in page and "存在结构安全隐患的住宅数量" in page]
    assert blocks and all("合计" in page for page in blocks)          # the total beside every block
    text = "\n".join(pages)
    assert text.count("小计") >= len(districts) and "按区、街道（记录数）" in text
    ledger = "\n".join(page for page in pages if "照片引用" in page)
    assert "各区问题条数" in text and all(district in ledger for district in districts)
    assert all(district in "\n".join(blocks) for district in districts)


def test_the_ledger_points_to_figures_of_the_building_report(demo, summary_pages, tmp_path):
    db, catalog = demo
    facts = gather_district_facts(db, catalog, Scope(DISTRICT))
    figures = record_figures(db, catalog, record_places(db, [entry.record_id for entry in facts.ledger]))
    entry = next(e for e in facts.ledger if figures.get(e.record_id))
    ledger = "\n".join(page for page in summary_pages[1] if "照片引用" in page)
    assert "楼栋报告" in ledger and entry.record_id[:8] not in ledger      # figures, not a record number
    report = write_building_report(db, catalog, entry.building_code, tmp_path / "b.pdf", district=DISTRICT)
    text = re.sub(r"\s", "", pdf_text(report))
    for number in figures[entry.record_id]:
        assert re.search(rf"图{number}[^图]*记录{entry.record_id[:8]}", text), number
