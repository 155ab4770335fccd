"""`citycheck report`: print 楼栋体检报告 and the 区级城市体检汇总 as PDF."""

from __future__ import annotations

import argparse
from contextlib import closing
from pathlib import Path

from desktop.cli import add_db_argument
from forms.loader import load_catalog
from forms.store.database import Database, open_database
from forms.store.faults import refuse_damaged
from forms.store.settings import get_setting
from reports.pdf import (
    Scope,
    report_fonts,
    write_building_report,
    write_building_reports,
    write_district_summary,
    write_record_report,
)
from reports.pdf.district_data import LEDGER_LIMIT
from reports.pdf.fonts import FONT_SETTING
from reports.pdf.glyphs import ReportFonts
from reports.output_names import check_suffix
from reports.pdf.errors import report_error
from reports.pdf.issue import DEFAULT_PREFIX, NUMBER_PREFIX_SETTING, SURVEYING_UNIT_SETTING, Numbering
from reports.progress import TextProgressBar


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="生成 PDF 报告：楼栋体检报告、单条记录报告、区级汇总、批量楼栋报告")
    nested = parser.add_subparsers(dest="report_command", metavar="报告类型", required=True)

    building = _subcommand(nested, "building", "一栋楼所有调查的楼栋体检报告", run_building)
    building.add_argument("--code", required=True, help="楼栋编码")
    building.add_argument("--district", help="区（不同区楼栋编码相同时用于区分）")
    building.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")

    record = _subcommand(nested, "record", "单条调查记录的报告", run_record)
    record.add_argument("--id", required=True, dest="record_id", help="记录编号（UUID）")
    record.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")

    district = _subcommand(nested, "district", "区级城市体检汇总", run_district)
    district.add_argument("--district", help="区（默认：全部）")
    district.add_argument("--street", help="街道（默认：全部）")
    district.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    district.add_argument("--ledger-limit", type=int, default=LEDGER_LIMIT,
                          help=f"问题清单最多列出的条数（默认 {LEDGER_LIMIT}，0 = 全部）")

    batch = _subcommand(nested, "batch", "按楼栋批量生成楼栋体检报告（每栋一个 PDF）", run_batch)
    batch.add_argument("--out", type=Path, required=True, help="输出目录")
    batch.add_argument("--district", help="区（默认：全部）")
    batch.add_argument("--street", help="街道（默认：全部）")
    batch.add_argument("--workers", type=int, default=1,
                       help="并行排版的进程数（默认 1；楼栋多时可设为 CPU 核数）")


def _subcommand(nested, name: str, help_text: str, func) -> argparse.ArgumentParser:
    parser = nested.add_parser(name, help=help_text)
    add_db_argument(parser)
    parser.add_argument("--font", help=f"中文字体文件（TrueType .ttf/.ttc，集合内字体用 路径#序号）；"
                                       f"默认读取设置 {FONT_SETTING}，再自动查找系统字体")
    parser.add_argument("--include-sensitive", action="store_true",
                        help="报告中显示个人信息（产权人姓名、电话、身份证号），默认隐藏")
    parser.add_argument("--number-prefix", help=f"报告编号前缀；默认读取设置 {NUMBER_PREFIX_SETTING}，"
                                                f"再用 {DEFAULT_PREFIX}（编号 = 前缀-日期-本机流水号）")
    parser.add_argument("--unit", help=f"调查单位，印在每页页脚和落款；默认读取设置 {SURVEYING_UNIT_SETTING}")
    parser.set_defaults(func=func)
    return parser


def pdf_out(args: argparse.Namespace) -> Path:
    """The --out file, refused (report-007) unless it ends in .pdf."""
    check_suffix(args.out, (".pdf",), report_error, "report-007")
    return args.out


def checked_database(path: Path | None) -> Database:
    """Open the store, refusing a damaged one (store-015) rather than printing a report that lacks records."""
    db = open_database(path)
    try:
        refuse_damaged(db.path)
    except BaseException:
        db.close()
        raise
    return db


def numbering(args: argparse.Namespace) -> Numbering:
    """The report number prefix and surveying unit given on the command line (None: the settings)."""
    return Numbering(args.number_prefix, args.unit)


def chosen_fonts(args: argparse.Namespace, db: Database) -> ReportFonts:
    """The --font argument, else the font setting of this database, else the system's CJK font."""
    return report_fonts(args.font or get_setting(db, FONT_SETTING))


def run_building(args: argparse.Namespace) -> int:
    with closing(checked_database(args.db)) as db:
        path = write_building_report(db, load_catalog(), args.code, pdf_out(args), district=args.district,
                                     fonts=chosen_fonts(args, db), include_sensitive=args.include_sensitive,
                                     numbering=numbering(args))
    print(f"已生成楼栋体检报告：{path}")
    return 0


def run_record(args: argparse.Namespace) -> int:
    with closing(checked_database(args.db)) as db:
        path = write_record_report(db, load_catalog(), args.record_id, pdf_out(args), fonts=chosen_fonts(args, db),
                                   include_sensitive=args.include_sensitive, numbering=numbering(args))
    print(f"已生成记录报告：{path}")
    return 0


def run_district(args: argparse.Namespace) -> int:
    with closing(checked_database(args.db)) as db:
        path = write_district_summary(db, load_catalog(), pdf_out(args), scope=Scope(args.district, args.street),
                                      fonts=chosen_fonts(args, db), ledger_limit=max(args.ledger_limit, 0),
                                      numbering=numbering(args))
    print(f"已生成区级城市体检汇总：{path}")
    return 0


def run_batch(args: argparse.Namespace) -> int:
    with closing(checked_database(args.db)) as db:
        result = write_building_reports(db, load_catalog(), args.out, scope=Scope(args.district, args.street),
                                        fonts=chosen_fonts(args, db), include_sensitive=args.include_sensitive,
                                        progress=TextProgressBar(), workers=max(args.workers, 1),
                                        numbering=numbering(args))
    print(f"已生成 {len(result.written)} 份楼栋体检报告到 {result.out_dir}")
    return 0
