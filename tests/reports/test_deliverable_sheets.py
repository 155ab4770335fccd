"""The exported 楼栋台账 gives the indicator table back when counted independently."""

from __future__ import annotations

from collections import Counter

import pytest
from python_calamine import CalamineWorkbook

from forms.demo import generate
from forms.indicators.deliverables import deliverables_for_database
from forms.loader import load_catalog
from forms.store.database import open_database
from reports.excel.write.deliverable_sheets import write_deliverables


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deliverables")
    db = open_database(folder / "demo.sqlite3")
    generate(db, 400, seed=5)
    deliverables = deliverables_for_database(db, load_catalog())
    db.close()
    out = write_deliverables(deliverables, folder / "住房体检.xlsx")
    book = CalamineWorkbook.from_path(str(out))
    return deliverables, {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_indicator_table_equals_a_count_of_the_exported_ledger(exported):
    deliverables, sheets = exported
    header, *rows = sheets["楼栋台账"]
    assert header[:8] == ["区", "街道", "社区", "小区", "楼栋编码", "地址", "房屋用途", "计入住宅指标"]
    table = deliverables.tables["street"]
    for column in deliverables.ledger.columns:
        at = header.index(column.label)
        counted, units = Counter(), Counter()
        for row in rows:
            if row[at] == "是":
                counted[(row[0], row[1])] += 1
                units[(row[0], row[1])] += row[header.index("非成套住宅（套）")]
        for group in table.rows:
            expected = units[group.key] if column.units else counted[group.key]
            assert group.values[column.id] == expected, (column.id, group.key)
    surveyed = Counter((row[0], row[1]) for row in rows if row[7] == "是")
    assert all(group.surveyed == surveyed[group.key] for group in table.rows)


def test_every_indicator_fires_somewhere_in_the_demo(exported):
    deliverables, _sheets = exported
    total = deliverables.tables["district"].total.values
    assert all(total[c.id] > 0 for c in deliverables.ledger.columns), total


def test_problem_list_names_each_counted_building_under_its_items(exported):
    deliverables, sheets = exported
    header, *rows = sheets["问题清单"]
    ledger = {b.building_code: b for b in deliverables.ledger.buildings}
    for row in rows:
        for code in row[header.index("楼栋")].split("、"):
            assert ledger[code].residential or row[header.index("指标项")].startswith("T1")
    assert {row[header.index("问题分类")] for row in rows} == {"限时解决", "尽力解决"}
