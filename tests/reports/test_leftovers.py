"""Only CityCheck's own unfinished files of ended runs are cleared from an output folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from reports.leftovers import STALE_AFTER_S, partial_path, process_running, remove_leftovers


def ended_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_only_files_of_ended_or_day_old_runs_are_removed(tmp_path):
    dead = ended_pid()
    assert not process_running(dead)
    ours_dead = tmp_path / f".citycheck-{dead}-frame-导出.xlsx.partial"
    ours_live = partial_path(tmp_path / "导出.xlsx", "output")
    parent_live = tmp_path / f".citycheck-{os.getppid()}-output-合并.xlsx.partial"
    parent_old = tmp_path / f".citycheck-{os.getppid()}-frame-合并.xlsx.partial"
    others = [tmp_path / ".导出.xlsx.123.tmp", tmp_path / "citycheck-1-frame-x.partial", tmp_path / "导出.xlsx"]
    for path in (ours_dead, ours_live, parent_live, parent_old, *others):
        path.write_bytes(b"x")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(parent_old, (old, old))
    assert sorted(remove_leftovers(tmp_path)) == sorted([ours_dead, parent_old])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (ours_live, parent_live, *others))


def test_a_missing_folder_has_no_leftovers(tmp_path):
    assert remove_leftovers(tmp_path / "missing") == []
