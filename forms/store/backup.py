"""Copies of the store made with SQLite's online backup API: make, list, rotate and restore."""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from types import MappingProxyType

from forms.errors import CodedError
from forms.store.database import Database
from forms.store.integrity import IntegrityReport, check_integrity, database_uri, read_only_uri
from forms.store.settings import get_setting, set_setting

log = logging.getLogger(__name__)

BACKUP_FOLDER = "backups"
KEEP_SETTING = "backup_keep"
DEFAULT_KEEP = 10
STALE_PARTIAL_S = 3600
SIDE_FILES = ("-wal", "-shm", "-journal")
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
# Why a backup was made: file-name code -> Chinese label shown in lists.
REASONS = MappingProxyType({
    "start": "启动时自动备份",
    "import": "导入前自动备份",
    "merge": "合并前自动备份",
    "manual": "手动备份",
    "restore": "恢复前自动备份",
})

BACKUP_ERRORS = MappingProxyType({
    "backup-001": "无法写入备份（{detail}）；请检查磁盘空间和备份文件夹 {folder} 的写入权限。",
    "backup-002": "找不到备份文件 {name}；请用“citycheck backup list”查看现有备份。",
    "backup-003": "备份文件已损坏或不是 CityCheck 数据库（{detail}），不能用来恢复；请选择其他备份。",
    "backup-004": "恢复后的数据库未通过完整性检查（{detail}）；恢复前的数据已另存为 {safety}。",
    "backup-005": "未知的备份原因 {reason}；可选：{known}。",
    "backup-006": "保留份数必须是 1 到 1000 之间的整数，收到 {value}。",
    "backup-007": "无法恢复数据库（{detail}）；请关闭其他正在使用该数据库的程序后重试。",
    "backup-008": "数据库没有通过快速检查（{detail}），已损坏，它的副本不能当作备份，没有写出备份；"
                  "请用“citycheck restore”恢复最近一次完好的备份。",
})


class BackupError(CodedError):
    """A coded problem with making or restoring a backup."""

    catalogue = BACKUP_ERRORS


backup_error = BackupError.make


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when and why it was made, and what it holds (None when unreadable)."""

    path: Path
    created_at: datetime
    reason: str
    size_bytes: int
    final: int | None = None
    draft: int | None = None

    @property
    def records(self) -> int | None:
        """Return how many records the backup holds, or None when it cannot be read."""
        return None if self.final is None or self.draft is None else self.final + self.draft

    @property
    def readable(self) -> bool:
        return self.records is not None

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def size_text(self) -> str:
        """Return the file size in KB or MB."""
        if self.size_bytes >= 1024 * 1024:
            return f"{self.size_bytes / 1024 / 1024:.1f} MB"
        return f"{max(self.size_bytes, 0) / 1024:.0f} KB"

    @property
    def local_time(self) -> datetime:
        """Return the creation time in this computer's time zone."""
        return self.created_at.astimezone()


@dataclass(frozen=True)
class RestoreResult:
    """A finished restore: the backup used, the copy of the replaced database, the check after."""

    restored: BackupInfo
    safety_backup: BackupInfo | None
    integrity: IntegrityReport


def backups_dir(db_path: Path) -> Path:
    """Return the folder beside the database that holds its backups."""
    return Path(db_path).parent / BACKUP_FOLDER


def backup_keep(db: Database) -> int:
    """Return how many backups to keep (setting `backup_keep`, default 10)."""
    return _keep_or_default(get_setting(db, KEEP_SETTING))


def set_backup_keep(db: Database, keep: int) -> None:
    """Store how many backups to keep."""
    set_setting(db, KEEP_SETTING, str(_valid_keep(keep)))


def backup_now(db: Database, reason: str = "manual") -> BackupInfo:
    """Copy the open database now, then drop the oldest backups beyond the kept number."""
    info = make_backup(db.path, reason)
    rotate_backups(db.path, backup_keep(db), protect=(info.path,))
    return info


def backup_before(db: Database, reason: str) -> BackupInfo:
    """Back up before a change that touches many records; `reason` is "import" or "merge"."""
    return backup_now(db, reason)


def backup_at_start(db: Database, *, now: datetime | None = None) -> BackupInfo | None:
    """Back up at start unless a start backup was already made today (local date)."""
    today = (now or datetime.now(timezone.utc)).astimezone().date()
    if any(b.reason == "start" and local_day(b) == today for b in list_backups(db.path, counts=False)):
        return None
    return backup_now(db, "start")


def make_backup(db_path: Path, reason: str, *, now: datetime | None = None) -> BackupInfo:
    """Copy `db_path` with the online backup API into a new, self-contained backup file."""
    if reason not in REASONS:
        raise backup_error("backup-005", str(db_path), reason=reason, known="、".join(REASONS))
    folder = backups_dir(db_path)
    source_check = check_integrity(db_path, max_problems=3, quick=True)
    if not source_check.ok:
        raise backup_error("backup-008", str(db_path), detail=source_check.summary)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _new_backup_path(db_path, reason, now or datetime.now(timezone.utc))
    except OSError as error:
        raise backup_error("backup-001", str(folder), detail=error, folder=folder) from error
    partial = target.with_name(target.name + ".partial")
    try:
        _online_copy(db_path, partial, single_file=True)
        partial.replace(target)
    except (OSError, sqlite3.Error) as error:
        _remove_with_side_files(partial)
        raise backup_error("backup-001", str(target), detail=error, folder=folder) from error
    log.info("backup made: %s", target.name)
    return inspect_backup(target)


def list_backups(db_path: Path, *, counts: bool = True) -> list[BackupInfo]:
    """Return the backups of `db_path`, newest first; with record counts unless `counts` is False."""
    found = [(stamp, path) for path in _backup_files(db_path) if (stamp := _parsed_name(db_path, path))]
    found.sort(key=lambda item: (item[0][0], item[0][2], item[1].name), reverse=True)
    if counts:
        return [inspect_backup(path) for _stamp, path in found]
    return [BackupInfo(path, created, reason, _size(path)) for (created, reason, _seq), path in found]


def inspect_backup(path: Path) -> BackupInfo:
    """Describe one backup file, counting its records through a read-only connection."""
    parsed = _parsed_name(None, path)
    created, reason = (parsed[0], parsed[1]) if parsed else (_modified(path), "manual")
    final, draft = _status_counts(path)
    return BackupInfo(path, created, reason, _size(path), final, draft)


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """Return the newest backup that passes `PRAGMA integrity_check`, or None."""
    for info in list_backups(db_path, counts=False):
        if check_integrity(info.path).ok:
            return inspect_backup(info.path)
    return None


def rotate_backups(db_path: Path, keep: int, *, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Delete all but the newest `keep` backups (never those in `protect`); return what was deleted."""
    kept = {Path(p).resolve() for p in protect}
    removed = []
    for info in list_backups(db_path, counts=False)[_valid_keep(keep):]:
        if info.path.resolve() not in kept:
            _remove_with_side_files(info.path)
            removed.append(info.path)
    _remove_stale_partials(db_path)
    return removed


def _remove_stale_partials(db_path: Path) -> None:
    """Delete unfinished copies left by a backup that was killed (older than an hour)."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return
    cutoff = datetime.now(timezone.utc).timestamp() - STALE_PARTIAL_S
    for path in folder.glob(f"{glob_escape(Path(db_path).stem)}.*.sqlite3.partial"):
        with suppress(OSError):
            if path.stat().st_mtime < cutoff:
                _remove_with_side_files(path)


def find_backup(db_path: Path, name: str | Path) -> Path:
    """Return the backup named `name` (a file name in the backup folder, or a path)."""
    candidate = Path(name)
    for path in (candidate, backups_dir(db_path) / candidate.name):
        if path.is_file():
            return path
    raise backup_error("backup-002", str(db_path), name=name)


def restore_backup(db_path: Path, backup: Path, *, keep: int | None = None) -> RestoreResult:
    """Replace the database with `backup`: check the backup, save the current file, copy, verify."""
    db_path, backup = Path(db_path), find_backup(db_path, backup)
    source_check = check_integrity(backup)
    if not source_check.ok or not source_check.exists:
        raise backup_error("backup-003", str(backup), detail=source_check.summary)
    restored = inspect_backup(backup)
    safety = _save_current(db_path)
    _copy_back(backup, db_path)
    after = check_integrity(db_path)
    if not after.ok:
        raise backup_error("backup-004", str(db_path), detail=after.summary,
                           safety=safety.path if safety else "（无）")
    protect = tuple(p for p in (backup, safety.path if safety else None) if p is not None)
    rotate_backups(db_path, keep if keep is not None else _stored_keep(db_path), protect=protect)
    log.info("database restored from backup %s", backup.name)
    return RestoreResult(restored, safety, after)


def _save_current(db_path: Path) -> BackupInfo | None:
    """Keep the database about to be replaced; a raw file copy when SQLite cannot read it."""
    if not db_path.exists():
        return None
    try:
        return make_backup(db_path, "restore")
    except BackupError:
        backups_dir(db_path).mkdir(parents=True, exist_ok=True)
        target = _new_backup_path(db_path, "restore", datetime.now(timezone.utc))
        for suffix in ("", "-wal"):
            source = Path(f"{db_path}{suffix}")
            if source.exists():
                shutil.copy2(source, Path(f"{target}{suffix}"))
        target.with_name(target.name + ".partial").unlink(missing_ok=True)
        return inspect_backup(target)


def _copy_back(backup: Path, db_path: Path) -> None:
    """Copy `backup` over the database in place; replace the file when the old one is unreadable."""
    try:
        _online_copy(backup, db_path, single_file=False)
        return
    except sqlite3.DatabaseError as error:
        log.warning("in-place restore failed (%s); replacing the file", type(error).__name__)
    partial = db_path.with_name(db_path.name + ".restoring")
    try:
        _online_copy(backup, partial, single_file=True)
        for suffix in SIDE_FILES:
            with suppress(FileNotFoundError):
                Path(f"{db_path}{suffix}").unlink()
        partial.replace(db_path)
    except (OSError, sqlite3.Error) as error:
        _remove_with_side_files(partial)
        raise backup_error("backup-007", str(db_path), detail=error) from error


def _online_copy(source: Path, target: Path, *, single_file: bool) -> None:
    """Copy every page of `source` into `target` with `sqlite3.Connection.backup`."""
    if not Path(source).exists():
        raise sqlite3.OperationalError(f"unable to open database file {Path(source).name}")
    with closing(sqlite3.connect(database_uri(source), uri=True)) as src:
        with closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
            if single_file:
                dst.execute("PRAGMA journal_mode=DELETE")
            dst.commit()


def _status_counts(path: Path) -> tuple[int | None, int | None]:
    try:
        with closing(sqlite3.connect(read_only_uri(path, immutable=True), uri=True)) as connection:
            rows = dict(connection.execute("SELECT status, count(*) FROM record GROUP BY status").fetchall())
    except sqlite3.Error:
        return None, None
    return int(rows.get("final", 0)), int(rows.get("draft", 0))


def _stored_keep(db_path: Path) -> int:
    try:
        with closing(sqlite3.connect(database_uri(db_path), uri=True)) as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = ?", (KEEP_SETTING,)).fetchone()
    except sqlite3.Error:
        return DEFAULT_KEEP
    return _keep_or_default(row[0] if row else None)


def _keep_or_default(value: object) -> int:
    """Read a stored keep setting; a missing or unusable value means the default."""
    try:
        return _valid_keep(value) if value is not None else DEFAULT_KEEP
    except BackupError:
        return DEFAULT_KEEP


def _valid_keep(value: object) -> int:
    try:
        keep = int(str(value))
    except ValueError:
        keep = 0
    if not 1 <= keep <= 1000:
        raise backup_error("backup-006", value=value)
    return keep


def _backup_files(db_path: Path) -> list[Path]:
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    return [p for p in folder.glob(f"{glob_escape(Path(db_path).stem)}.*.sqlite3") if p.is_file()]


def glob_escape(text: str) -> str:
    """Escape glob wildcards in a file-name part."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _new_backup_path(db_path: Path, reason: str, now: datetime) -> Path:
    """Name a backup `<db stem>.<UTC yyyymmdd-hhmmss-mmm>[_n].<reason>.sqlite3`, unique in its folder.

    Its empty `.partial` file is created here, so the name is this program's alone.
    """
    stamp = now.astimezone(timezone.utc).strftime(STAMP_FORMAT)[:-3]
    folder, stem = backups_dir(db_path), Path(db_path).stem
    for sequence in range(1, 10_000):
        suffix = "" if sequence == 1 else f"_{sequence}"
        path = folder / f"{stem}.{stamp}{suffix}.{reason}.sqlite3"
        if path.exists():
            continue
        try:        # claimed atomically: two programs backing up in the same millisecond get two names
            path.with_name(path.name + ".partial").open("x").close()
        except FileExistsError:
            continue
        return path
    raise backup_error("backup-001", str(db_path), detail="too many backups in one millisecond", folder=folder)


_NAME = re.compile(r"\.(\d{8}-\d{6}-\d{3})(?:_(\d+))?\.([a-z]+)\.sqlite3$")


def _parsed_name(db_path: Path | None, path: Path) -> tuple[datetime, str, int] | None:
    """Read (created, reason, sequence) from a backup's name; None for files that are not backups."""
    match = _NAME.search(path.name)
    if match is None or (db_path is not None and path.name[: match.start()] != Path(db_path).stem):
        return None
    created = datetime.strptime(match[1] + "000", STAMP_FORMAT).replace(tzinfo=timezone.utc)
    return created, match[3], int(match[2] or 1)


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def local_day(info: BackupInfo) -> date:
    """Return the local calendar day a backup was made on."""
    return info.local_time.date()
