"""`citycheck export`, `import` and `merge`: the district office's Excel workflow."""

from __future__ import annotations

import argparse
from contextlib import closing
import sys
from pathlib import Path

from desktop.cli import add_db_argument
from forms.loader import load_catalog
from forms.store.database import open_database
from reports.excel.export import STATUSES, ExportSelection, export_workbook
from reports.excel.importer import ImportResult, import_files
from reports.excel.merge.workbooks import MergeResult, merge_workbooks
from reports.progress import TextProgressBar


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_export(subparsers)
    _register_import(subparsers)
    _register_merge(subparsers)


def _register_export(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="把记录导出为 Excel 工作簿（可附照片打包为 .zip）")
    add_db_argument(parser)
    parser.add_argument("--out", type=Path, required=True, help="输出文件 FILE.xlsx")
    parser.add_argument("--district", help="只导出这个区")
    parser.add_argument("--street", help="只导出这个街道")
    parser.add_argument("--form", help="只导出这个调查表（id 或中文名称，如 房屋安全）")
    parser.add_argument("--status", choices=STATUSES, default="all", help="记录状态（默认 all）")
    parser.add_argument("--with-photos", action="store_true", help="把工作簿和照片一起打包为 .zip")
    parser.add_argument("--include-sensitive", action="store_true",
                        help="包含个人信息（产权人姓名、电话、身份证号）；默认隐藏")
    parser.set_defaults(func=run_export)


def _register_import(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="把导出的 .xlsx 或 .zip 导入数据库")
    add_db_argument(parser)
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="导出文件（.xlsx 或 .zip）")
    parser.set_defaults(func=run_import)


def _register_merge(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("merge", help="不经数据库合并多个导出文件（去重、处理冲突）")
    parser.add_argument("inputs", nargs="+", type=Path, metavar="IN", help="要合并的导出文件")
    parser.add_argument("--out", type=Path, required=True, help="合并结果 MERGED.xlsx；输入含照片时写为同名 .zip，照片一并带上")
    parser.add_argument("--skip-bad", action="store_true", help="跳过无法读取的文件（在合并报告中列出）")
    parser.set_defaults(func=run_merge)


def run_export(args: argparse.Namespace) -> int:
    from desktop.version import __version__

    selection = ExportSelection(district=args.district, street=args.street, form_id=args.form, status=args.status)
    with closing(open_database(args.db)) as db:
        result = export_workbook(
            db, args.out, catalog=load_catalog(), selection=selection,
            include_sensitive=args.include_sensitive, with_photos=args.with_photos,
            generator=f"CityCheck {__version__}", progress=TextProgressBar(),
        )
    print(f"已导出 {result.total} 条记录到 {result.path}")
    if args.with_photos:
        print(f"照片 {result.photos} 张" + (f"；本机缺少 {len(result.missing_photos)} 张" if result.missing_photos else ""))
    if not result.include_sensitive:
        print("个人信息已隐藏（需要时加 --include-sensitive）")
    return 0


def run_import(args: argparse.Namespace) -> int:
    with closing(open_database(args.db)) as db:
        result = import_files(db, args.files, catalog=load_catalog(), progress=TextProgressBar())
    print(format_import(result))
    for path, error in result.refused:
        print(error, file=sys.stderr)
    return 0 if result.ok else 2


def run_merge(args: argparse.Namespace) -> int:
    from desktop.version import __version__

    result = merge_workbooks(args.inputs, args.out, catalog=load_catalog(), skip_bad=args.skip_bad,
                             progress=TextProgressBar(), generator=f"CityCheck {__version__}")
    print(format_merge(result))
    for refused in result.refused:
        print(refused.error, file=sys.stderr)
    return 0


def format_import(result: ImportResult) -> str:
    lines = []
    for item in result.imported:
        lines.append(f"{item.path.name}：新增 {item.inserted}，更新 {item.updated}，未变 {item.unchanged}，"
                     f"较旧未导入 {item.older}，冲突待处理 {item.conflicts}，照片 {item.photos_added}")
        lines += [f"  注意：{warning}" for warning in item.warnings]
    lines += [f"{path.name}：已拒绝（{error.code}），没有导入任何记录" for path, error in result.refused]
    return "\n".join(lines)


def format_merge(result: MergeResult) -> str:
    lines = [
        f"已合并 {len(result.files_read)} 个文件到 {result.out}",
        f"输入记录 {result.records_in}，输出记录 {result.records_out}，重复 {result.duplicates}，"
        f"冲突 {result.conflicts}，被取代的旧修订 {result.superseded}",
    ]
    if result.refused:
        lines.append(f"跳过被拒绝的文件 {len(result.refused)} 个：" + "、".join(r.path.name for r in result.refused))
    lines += [f"注意：{warning}" for warning in result.warnings]
    return "\n".join(lines)
