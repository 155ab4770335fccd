"""The check before the store opens: the database's integrity, the newest good backup, the message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from forms.store.backup import BackupInfo, newest_good_backup
from forms.store.clock import local_text
from forms.store.integrity import IntegrityReport, check_integrity


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


def check_at_start(db_path: Path) -> StartupCheck:
    """Check the database before opening it; on failure also find the newest good backup."""
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
