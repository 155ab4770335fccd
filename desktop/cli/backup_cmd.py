"""`citycheck backup`, `citycheck backup list` and `citycheck restore`: copies of the database."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli import add_db_argument
from desktop.cli.text_table import format_table
from forms.store.backup import (
    BackupInfo,
    backup_error,
    backup_now,
    backups_dir,
    list_backups,
    newest_good_backup,
    restore_backup,
    set_backup_keep,
)
from forms.store.clock import local_text
from forms.store.database import open_database
from forms.store.paths import default_database_path


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="立即备份数据库；backup list 列出现有备份")
    add_db_argument(backup)
    backup.add_argument("--keep", type=int, default=None, help="以后保留的备份份数（默认 10）")
    backup.set_defaults(func=run_backup)
    nested = backup.add_subparsers(dest="backup_command", metavar="子命令")
    listing = nested.add_parser("list", help="列出备份：时间、原因、记录数")
    add_db_argument(listing)
    listing.set_defaults(func=run_list)

    restore = subparsers.add_parser("restore", help="从备份恢复数据库（恢复前先另存当前数据库）")
    add_db_argument(restore)
    restore.add_argument("backup", nargs="?", default=None,
                         help="备份文件名或路径（默认：最近一次通过完整性检查的备份）")
    restore.set_defaults(func=run_restore)


def database_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_database_path()


def run_backup(args: argparse.Namespace) -> int:
    db = open_database(database_path(args))
    try:
        if args.keep is not None:
            set_backup_keep(db, args.keep)
        info = backup_now(db, "manual")
    finally:
        db.close()
    print(f"已备份到 {info.path}（{record_text(info)}）")
    return 0


def run_list(args: argparse.Namespace) -> int:
    path = database_path(args)
    backups = list_backups(path)
    if not backups:
        print(f"还没有备份（备份文件夹：{backups_dir(path)}）")
        return 0
    print(format_table(("时间", "原因", "记录数", "已定稿", "草稿", "大小", "文件"),
                       [backup_row(info) for info in backups], right=(2, 3, 4, 5)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    path = database_path(args)
    chosen = args.backup if args.backup is not None else _newest_good(path)
    result = restore_backup(path, chosen)
    if result.safety_backup is not None:
        print(f"恢复前的数据库已另存为 {result.safety_backup.path}")
    print(f"已从备份 {result.restored.path.name} 恢复 {path}（{record_text(result.restored)}），完整性检查通过。")
    return 0


def _newest_good(path: Path) -> Path:
    info = newest_good_backup(path)
    if info is None:
        raise backup_error("backup-002", str(path), name="（没有通过完整性检查的备份）")
    return info.path


def backup_row(info: BackupInfo) -> tuple[object, ...]:
    counts = (info.records, info.final, info.draft) if info.readable else ("无法读取", "", "")
    return (local_text(info.created_at, seconds=True), info.reason_label, *counts,
            info.size_text, info.path.name)


def record_text(info: BackupInfo) -> str:
    if not info.readable:
        return "记录数无法读取"
    return f"{info.records} 条记录：已定稿 {info.final}，草稿 {info.draft}"
