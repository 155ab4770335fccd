"""The `citycheck` command: the desktop app by default, subcommands for the office workflow."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from forms.errors import CodedError

# Each module exposes register(subparsers); a subcommand sets func(args) -> int.
COMMANDS = (
    "desktop.cli.forms_cmd",
    "desktop.cli.demo_cmd",
    "desktop.cli.excel_cmds",
    "desktop.cli.indicators_cmd",
    "desktop.cli.report_cmd",
    "desktop.cli.map_cmd",
    "desktop.cli.backup_cmd",
    "desktop.cli.selftest_cmd",
)


def add_db_argument(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """Add --db; on subcommands it must not overwrite a --db given before the subcommand."""
    parser.add_argument("--db", type=Path, default=None if top_level else argparse.SUPPRESS,
                        help="数据库文件路径（默认：本机用户数据目录下的 citycheck.sqlite3）")


def build_parser() -> argparse.ArgumentParser:
    from desktop.version import __version__

    parser = argparse.ArgumentParser(prog="citycheck", description="CityCheck 城市体检外业调查与汇总")
    parser.add_argument("--version", action="version", version=f"CityCheck {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="自检：用临时数据库走一遍保存、导出、报告和界面，全部成功时退出码为 0")
    add_db_argument(parser, top_level=True)
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMANDS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    from desktop.cli.gui_cmd import run_gui_if_wanted

    # The app alone starts without importing every subcommand's libraries.
    code = run_gui_if_wanted(argv)
    if code is not None:
        return code
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "self_test", False):
            from desktop.cli.selftest_cmd import run_self_test

            return run_self_test(args)
        if getattr(args, "func", None) is None:
            from desktop.app import run_app

            return run_app(args)
        return args.func(args)
    except CodedError as exc:
        print(exc, file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a damaged or busy database is told as its code, others re-raised
        coded = _store_fault(exc, args)
        if coded is None:
            raise
        print(coded, file=sys.stderr)
        return 2


def _store_fault(error: Exception, args: argparse.Namespace) -> CodedError | None:
    from forms.store.faults import store_fault
    from forms.store.paths import default_database_path

    return store_fault(error, getattr(args, "db", None) or default_database_path())


if __name__ == "__main__":
    sys.exit(main())
