"""Shared helpers for the Excel tests: a tiny inline survey, record versions and sheet grids."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from python_calamine import CalamineWorkbook

from forms.demo import generate
from forms.loader import FormCatalog, load_form_text
from forms.store.database import Database, open_database
from reports.excel.format.layout import CHOICES_SHEET, KEY_MAP_SHEET, MERGE_REPORT_SHEET, README_SHEET
from forms.store.record_version import RecordVersion

TINY_FORM = """
id: tiny_survey
version: "1"
title: 小调查
include_header: false
choices:
  kind:
    - {code: brick, label: 砖混}
    - {code: frame, label: 框架}
    - {code: steel, label: 钢结构}
sections:
  - key: body
    title: 内容
    fields:
      - {key: building_name, type: text, label: 房屋名称}
      - {key: floors, type: integer, label: 层数}
      - {key: area, type: decimal, label: 面积}
      - {key: surveyed_on, type: date, label: 调查日期}
      - {key: kind, type: select_one, label: 结构类型, choices: kind}
      - {key: defects, type: select_multiple, label: 缺陷, choices: kind}
      - {key: owner_name, type: text, label: 产权人, sensitive: true}
      - {key: total, type: calculate, label: 合计, value_type: integer, calculation: "${floors} + 1"}
      - key: rooms
        type: repeat
        label: 房间
        fields:
          - {key: room_name, type: text, label: 房间名称}
          - {key: room_area, type: decimal, label: 房间面积}
"""
NOT_EXPORT_SHEETS = frozenset({README_SHEET, MERGE_REPORT_SHEET, KEY_MAP_SHEET, CHOICES_SHEET})


def tiny_catalog() -> FormCatalog:
    return FormCatalog([load_form_text(TINY_FORM, "小调查.yaml")])


def record_id(number: int) -> str:
    return str(uuid.UUID(int=number + 1, version=4))


def tiny_version(number: int, revision: int = 1, variant: int = 0, **answers: object) -> RecordVersion:
    """A version of record `number`; a different `variant` at the same revision is a conflicting edit."""
    base = {
        "building_name": f"{number}号楼" if variant == 0 else f"{number}号楼（改{variant}）",
        "floors": 3 + variant, "area": 120.5 + revision, "surveyed_on": "2026-05-03",
        "kind": ("brick", "frame", "steel")[variant % 3], "defects": ["frame", "brick"][: variant % 3],
        "owner_name": "张三", "rooms": [{"room_name": "客厅", "room_area": 20.25}, {"room_name": "=卧室"}],
    }
    base.update(answers)
    return RecordVersion(
        id=record_id(number), form_id="tiny_survey", form_version="1", revision=revision,
        status="final" if revision > 1 else "draft",
        created_at="2026-05-03T01:02:03Z", updated_at=f"2026-05-{3 + revision:02d}T08:00:00Z",
        inspector="李四", device_id=record_id(1000), district="渝中区", street=f"街道{number % 2}",
        community="社区", estate=None, building_code=f"B-{number}", address="+某路1号", lat=29.5, lon=106.5,
        answers={k: v for k, v in base.items() if v not in (None, [], "")},
        calculated={"total": 4 + variant}, summary={"grade": "B"},
        findings=({"rule_id": "r1", "title": "测试规则", "standard": "GB 1", "clause": "1.1",
                   "message": "m", "severity": "notice", "values": {}},),
    )


def sheet_grid(path: Path, sheet: str) -> list[list[object]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        book.close()


def data_grids(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet that carries records (survey, repeat, 冲突, 指标汇总), as cell grids."""
    book = CalamineWorkbook.from_path(str(path))
    try:
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in book.sheet_names if name not in NOT_EXPORT_SHEETS}
    finally:
        book.close()


@contextmanager
def demo_database(folder: Path, count: int, seed: int, catalog) -> Iterator[Database]:
    """A store in `folder` holding `count` demo records (the same ones for the same seed)."""
    db = open_database(folder / "demo.sqlite3")
    try:
        generate(db, count, seed, catalog)
        yield db
    finally:
        db.close()
