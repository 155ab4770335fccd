"""`citycheck indicators`: print the 城市体检 indicator table, or write it to an xlsx file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.cli import add_db_argument
from desktop.cli.text_table import format_table
from forms.indicators import IndicatorTable, indicators_for_database
from forms.indicators.table import GROUP_LEVELS
from forms.loader import load_catalog
from forms.store.database import open_database

SHEET_TITLE = "指标汇总"
EMPTY_CELL = "—"
GROUP_CHOICES = tuple(GROUP_LEVELS)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("indicators", help="按区、街道或社区汇总城市体检指标（仅统计定稿记录）")
    add_db_argument(parser)
    parser.add_argument("--district", help="只统计该区")
    parser.add_argument("--street", help="只统计该街道")
    parser.add_argument("--group-by", choices=GROUP_CHOICES, default="street",
                        help="汇总层级：district 区、street 街道（默认）、community 社区")
    parser.add_argument("--out", type=Path, help="写入 Excel 文件（.xlsx）；不给则在终端打印")
    parser.set_defaults(func=run_indicators)


def run_indicators(args: argparse.Namespace) -> int:
    db = open_database(getattr(args, "db", None))
    try:
        table = indicators_for_database(db, load_catalog(), district=args.district, street=args.street,
                                        group_by=args.group_by)
    finally:
        db.close()
    if args.out is not None:
        try:
            out = write_xlsx(table, args.out)
        except OSError as error:
            print(f"[indicators-001] {args.out}: 无法写入文件（{error.strerror or error}）；"
                  "请确认文件未在 Excel 中打开、目录存在且可写。", file=sys.stderr)
            return 2
        print(f"已写入指标汇总（{len(table.rows)} 个分组）到 {out}")
    else:
        print(format_indicators(table))
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
    return f"{table.title}（按{table.place_columns[-1]}汇总，仅统计定稿记录）\n" + format_table(header, lines)


def _cell(value: object) -> str:
    if value is None:
        return EMPTY_CELL
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_xlsx(table: IndicatorTable, out: Path) -> Path:
    """Write the table to one sheet; save to a temporary file first, then rename over `out`."""
    from openpyxl import Workbook

    out = Path(out)
    if not out.parent.is_dir():  # fail before openpyxl starts streaming the sheet
        raise FileNotFoundError(2, "目录不存在", str(out.parent))
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for number, row in enumerate(table.to_rows()):
        sheet.append([_header_cell(sheet, value) for value in row] if number == 0 else row)
    sheet.append([])
    sheet.append([f"指标体系：{table.title}，仅统计定稿记录"])
    temp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        book.save(temp)
        os.replace(temp, out)
    finally:
        if temp.exists():
            temp.unlink()
    return out


def _header_cell(sheet, value: object):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell
