"""`PRAGMA integrity_check` on the store and the plain-language message when it fails."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from forms.store.clock import local_text

if TYPE_CHECKING:
    from forms.store.backup import BackupInfo

MAX_PROBLEMS = 20


@dataclass(frozen=True)
class IntegrityReport:
    """The outcome of checking one database file; no problems means it passed."""

    path: Path
    exists: bool
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        """Return the first problems SQLite reported, on one line."""
        shown = "；".join(" ".join(problem.split()) for problem in self.problems[:3])
        return shown + (f" 等 {len(self.problems)} 项" if len(self.problems) > 3 else "")


@dataclass(frozen=True)
class StartupCheck:
    """The check run at start, with the newest backup that passed its own check (if any)."""

    report: IntegrityReport
    newest_good: BackupInfo | None

    @property
    def ok(self) -> bool:
        return self.report.ok

    def message(self) -> str:
        """Return what to tell the person, in plain Chinese."""
        return failure_message(self.report, self.newest_good)


def database_uri(path: Path, *, mode: str = "rw", immutable: bool = False) -> str:
    """Return an SQLite URI that opens `path` without ever creating it."""
    uri = f"{Path(path).resolve().as_uri()}?mode={mode}"
    return uri + "&immutable=1" if immutable else uri


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """Return an SQLite URI that opens `path` read-only."""
    return database_uri(path, mode="ro", immutable=immutable)


def check_integrity(path: Path, *, max_problems: int = MAX_PROBLEMS, quick: bool = False) -> IntegrityReport:
    """Run `PRAGMA integrity_check` on `path`; a missing file passes (it will be created).

    `quick` runs `PRAGMA quick_check` instead: every page, without comparing indexes to their tables.
    """
    path = Path(path)
    if not path.exists():
        return IntegrityReport(path, exists=False)
    try:
        # Read-write, so a write-ahead log left by a crash is recovered before checking.
        with closing(sqlite3.connect(database_uri(path), uri=True)) as connection:
            pragma = "quick_check" if quick else "integrity_check"
            rows = connection.execute(f"PRAGMA {pragma}({int(max_problems)})").fetchall()
    except sqlite3.Error as error:
        return IntegrityReport(path, exists=True, problems=(f"{type(error).__name__}: {error}",))
    problems = tuple(str(row[0]) for row in rows if row and row[0] != "ok")
    return IntegrityReport(path, exists=True, problems=problems)


def check_at_start(db_path: Path) -> StartupCheck:
    """Check the database before opening it; on failure also find the newest good backup."""
    from forms.store.backup import newest_good_backup

    report = check_integrity(db_path)
    return StartupCheck(report, None if report.ok else newest_good_backup(db_path))


def failure_message(report: IntegrityReport, backup: BackupInfo | None) -> str:
    """Say plainly that the database is damaged and what can be done about it."""
    lines = [
        f"数据库文件“{report.path.name}”已损坏，没有通过完整性检查。",
        "继续使用可能丢失或弄乱调查记录。",
    ]
    if backup is not None:
        when = local_text(backup.created_at)
        count = f"，{backup.records} 条记录" if backup.records is not None else ""
        lines.append(f"可以从最近一次完好的备份恢复（{when}，{backup.reason_label}{count}）；"
                     "恢复前会先另存当前的损坏文件。")
    else:
        lines.append("没有找到完好的备份。请不要删除该文件，并联系技术支持。")
    lines.append(f"技术细节：{report.summary}")
    return "\n".join(lines)
