"""The indicator table over hand-built records: counting rules, grouping, rows, profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from forms.indicators import IndicatorError, compute_indicators, load_indicator_catalogue
from forms.loader import load_catalog


@dataclass(frozen=True)
class Rec:
    form_id: str
    building_code: str | None
    summary: dict
    status: str = "final"
    district: str = "渝中区"
    street: str = "解放碑街道"
    community: str = "民生社区"
    answers: dict = field(default_factory=dict)


def housing(code, *items, use="residential", street="解放碑街道", **facts):
    return Rec("housing_safety", code, {"building_use": use, "handbook_items": list(items), **facts}, street=street)


def pipe(code, category, length_m, due, defects=(), **place):
    return Rec("old_pipelines", code, {"pipe_category": category, "length_m": length_m, "renewal_due": due,
                                       "pipe_defects": list(defects)}, **place)


RECORDS = [
    housing("B1", "structure.cracks", "gas.riser", "units.non_self_contained", non_self_contained_units=4),
    housing("B1", "gas.riser", "units.non_self_contained", non_self_contained_units=6),  # same building: once
    housing("B2", "structure.grade_cd", "energy.retrofit"),
    Rec("housing_safety", "B3", {"building_use": "residential", "handbook_items": ["structure.cracks"]},
        status="draft"),                                                      # drafts never count
    housing("B4"),
    housing("B7", "structure.cracks", use="public"),                         # not 住宅: not counted
    Rec("aging_friendly", "B4", {"handbook_items": ["aging.lift"], "needs_lift": True}),
    Rec("aging_friendly", "B5", {"handbook_items": []}, street="朝天门街道"),
    housing("B5", street="朝天门街道"),
    pipe("B2", "gas", 1500.0, True, defects=["leak"]),
    pipe("X9", "gas", 500.0, True, defects=["damage"]),
    pipe(None, "water", 250.0, True),                                     # no code: length still counts
    pipe("B4", "water", 800.0, False),
    Rec("historic_buildings", "H1", {"listed": True, "vacant": True, "plated_and_archived": False}),
    Rec("historic_buildings", "H2", {"listed": True, "vacant": False, "plated_and_archived": True}),
    Rec("historic_buildings", "H3", {"listed": False, "demolished_illegally": True}),
]


@pytest.fixture(scope="module")
def table():
    return compute_indicators(RECORDS, load_catalog(), group_by="street")


def test_distinct_buildings_and_their_share(table):
    row = table.row(("渝中区", "解放碑街道"))
    assert row.surveyed == 3  # B1, B2, B4 (the draft B3 and the public B7 do not count)
    assert row.values["structure_hazard_buildings"] == 2  # B1 cracks, B2 grade C/D
    assert row.shares["structure_hazard_buildings"] == pytest.approx(2 / 3)
    assert row.values["gas_hazard_buildings"] == 1
    assert row.values["energy_retrofit_buildings"] == 1
    assert row.values["aging_retrofit_buildings"] == 1
    assert row.values["lift_needed_buildings"] == 1


def test_non_self_contained_units_take_each_building_once(table):
    assert table.value(("渝中区", "解放碑街道"), "non_self_contained_units") == 6


def test_pipe_lengths_due_by_category_in_km(table):
    row = table.row(("渝中区", "解放碑街道"))
    assert row.values["renewal_km_gas"] == pytest.approx(2.0)
    assert row.values["renewal_km_water"] == pytest.approx(0.25)
    assert row.values["renewal_km_drainage"] == 0


def test_historic_rates(table):
    row = table.row(("渝中区", "解放碑街道"))
    assert row.values["historic_vacancy_rate"] == pytest.approx(50.0)
    assert row.values["historic_plate_archive_rate"] == pytest.approx(50.0)
    assert row.values["historic_demolished_count"] == 1
    assert table.value(("渝中区", "朝天门街道"), "historic_vacancy_rate") is None


def test_groups_and_total(table):
    assert [row.key for row in table.rows] == [("渝中区", "朝天门街道"), ("渝中区", "解放碑街道")]
    assert table.total.surveyed == 4     # B1, B2, B4, B5
    district = compute_indicators(RECORDS, load_catalog(), group_by="district")
    assert [row.key for row in district.rows] == [("渝中区",)]
    community = compute_indicators(RECORDS, load_catalog(), group_by="community")
    assert community.place_columns == ("区", "街道", "社区")


def test_to_rows_has_a_chinese_header_and_a_total_line(table):
    rows = table.to_rows()
    header = rows[0]
    assert header[:3] == ["区", "街道", "调查住宅楼栋数（栋，占比分母）"]
    assert "存在结构安全隐患的住宅数量（栋）" in header
    assert "存在结构安全隐患的住宅数量占比（%）" in header
    assert "特色指标·应更新改造燃气管线长度（km）" in header
    assert all(len(row) == len(header) for row in rows)
    assert rows[-1][0] == "合计"
    share = rows[2][header.index("存在结构安全隐患的住宅数量占比（%）")]
    assert share == pytest.approx(66.7)


def test_long_rows_carry_group_unit_and_edition(table):
    rows = table.to_long_rows()
    assert rows[0] == ["区", "街道", "社区", "小区", "指标分组", "序号", "指标", "单位", "数值", "占比（%）", "指标体系版本"]
    edition = load_indicator_catalogue().edition
    assert {row[-1] for row in rows[1:]} == {edition}
    assert len(rows) == 1 + (len(table.rows) + 1) * len(table.columns)


def test_columns_come_from_the_catalogue_data(tmp_path):
    path = tmp_path / "edition.yaml"
    path.write_text(
        "edition: 2031\ntitle: 试行版\nsurveyed_forms: [housing_safety]\nindicators:\n"
        "  - {id: gas, name: 燃气隐患楼栋, group: 安全, unit: 栋, kind: buildings, share: true,\n"
        "     form: housing_safety, when: [{gas_hazard: true}]}\n", encoding="utf-8")
    edition = load_indicator_catalogue(path)
    table = compute_indicators(RECORDS, load_catalog(), indicators=edition)
    assert table.edition == 2031 and [c.name for c in table.columns] == ["燃气隐患楼栋"]
    assert table.to_rows()[0] == ["区", "街道", "调查住宅楼栋数（栋，占比分母）", "燃气隐患楼栋（栋）", "燃气隐患楼栋占比（%）"]


def test_bad_catalogue_and_group_are_coded(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("edition: 2024\ntitle: x\nsurveyed_forms: []\nindicators:\n  - {id: a, kind: nope}\n",
                    encoding="utf-8")
    with pytest.raises(IndicatorError) as bad:
        load_indicator_catalogue(path)
    assert bad.value.code == "indicator-001"
    with pytest.raises(IndicatorError) as group:
        compute_indicators(RECORDS, load_catalog(), group_by="city")
    assert group.value.code == "indicator-002"


def test_reassessing_with_a_city_profile_changes_the_table_without_code():
    answers = {"pipe_category": "drainage", "material": "pvc", "install_year": date.today().year - 45,
               "assessed_hazardous": "no", "cross_connected": "no", "length_m": 400.0}
    records = [Rec("old_pipelines", "P1", {}, answers=answers)]
    plain = compute_indicators(records, load_catalog(), reassess=True)
    profiled = compute_indicators(records, load_catalog(profile={"old_pipelines": {"drainage_min_age": 40}}),
                                  reassess=True)
    assert plain.total.values["renewal_km_drainage"] == 0
    assert profiled.total.values["renewal_km_drainage"] == pytest.approx(0.4)
