"""`citycheck indicators`: print the 城市体检 indicator table, or write the handbook's deliverables to xlsx."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli import add_db_argument
from desktop.cli.text_table import format_table
from forms.indicators import IndicatorTable, indicators_for_database
from forms.indicators.deliverables import HousingDeliverables
from forms.indicators.table import DENOMINATOR_NOTE, GROUP_LEVELS
from forms.loader import load_catalog
from forms.store.database import open_database
from forms.store.problem_lists import list_problems, office_deliverables
from reports.excel.write.deliverable_sheets import SHEETS, write_deliverables

EMPTY_CELL = "—"
GROUP_CHOICES = tuple(GROUP_LEVELS)
LIST_LEVELS = ("estate", "community", "street", "district")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("indicators", help="按区、街道或社区汇总城市体检指标（仅统计定稿记录）")
    add_db_argument(parser)
    parser.add_argument("--district", help="只统计该区")
    parser.add_argument("--street", help="只统计该街道")
    parser.add_argument("--group-by", choices=GROUP_CHOICES, default="street",
                        help="终端汇总层级：district 区、street 街道（默认）、community 社区、estate 小区")
    parser.add_argument("--list-level", choices=LIST_LEVELS, default="estate",
                        help="问题清单、整治建议清单按 estate 小区（默认）、community 社区、street 街道或 district 区列出")
    parser.add_argument("--list-year", type=int, metavar="YEAR",
                        help="把当前问题清单中的问题记为该年度清单（次年据此统计问题整治完成率）")
    parser.add_argument("--out", type=Path,
                        help="写入 Excel 文件（.xlsx）：指标汇总、指标调查表、楼栋台账、问题清单、整治建议清单；不给则在终端打印")
    parser.set_defaults(func=run_indicators)


def run_indicators(args: argparse.Namespace) -> int:
    db = open_database(getattr(args, "db", None))
    try:
        if args.out is None and args.list_year is None:
            print(format_indicators(indicators_for_database(db, load_catalog(), district=args.district,
                                                            street=args.street, group_by=args.group_by)))
            return 0
        deliverables = office_deliverables(db, load_catalog(), district=args.district, street=args.street,
                                           problem_level=args.list_level)
        if args.list_year is not None:
            added = list_problems(db, deliverables.problems, args.list_year)
            print(f"已将 {added} 个问题（楼栋×问题项）记入 {args.list_year} 年问题清单。")
    finally:
        db.close()
    return 0 if args.out is None else write_workbook(deliverables, args.out)


def write_workbook(deliverables: HousingDeliverables, out: Path) -> int:
    """Write the deliverables; an unwritable file is indicators-001 (exit 2)."""
    try:
        written = write_deliverables(deliverables, out)
    except OSError as error:
        print(f"[indicators-001] {out}: 无法写入文件（{error.strerror or error}）；"
              "请确认文件未在 Excel 中打开、目录存在且可写。", file=sys.stderr)
        return 2
    print(f"已写入{'、'.join(SHEETS)}（{len(deliverables.ledger.buildings)} 栋楼，"
          f"{len(deliverables.problems)} 条问题）到 {written}")
    return 0


def format_indicators(table: IndicatorTable) -> str:
    """Return the table as aligned text, one indicator per line and one column per group."""
    if not table.rows:
        return f"{table.title}：没有可统计的定稿记录。"
    wide = table.to_rows()
    groups = ["/".join(part for part in row[:len(table.place_columns)] if part) for row in wide[1:]]
    header = ["指标", *groups]
    lines = [[name, *(_cell(row[index]) for row in wide[1:])] for index, name in enumerate(wide[0])
             if index >= len(table.place_columns)]
    return (f"{table.title}（按{table.place_columns[-1]}汇总，仅统计定稿记录）\n" + format_table(header, lines)
            + f"\n{DENOMINATOR_NOTE}。")


def _cell(value: object) -> str:
    if value is None:
        return EMPTY_CELL
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
