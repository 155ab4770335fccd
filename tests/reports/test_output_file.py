"""An output file appears whole or not at all; a failure keeps the old file and leaves no unfinished one."""

from __future__ import annotations

import os
import time

import pytest

from reports.leftovers import PREFIX, STALE_AFTER_S, partial_path
from reports.output_file import replaced_when_done


def test_the_unfinished_file_replaces_the_output_when_the_block_succeeds(tmp_path):
    out = tmp_path / "导出.xlsx"
    out.write_bytes(b"old")
    with replaced_when_done(out) as partial:
        assert partial == partial_path(out, "output") and not partial.exists()
        partial.write_bytes(b"new")
        assert out.read_bytes() == b"old"
    assert out.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["导出.xlsx"]


@pytest.mark.parametrize("failure", [OSError(28, "磁盘已满"), KeyboardInterrupt()])
def test_any_failure_keeps_the_old_output_and_removes_the_unfinished_file(tmp_path, failure):
    out = tmp_path / "报告.pdf"
    out.write_bytes(b"old")
    with pytest.raises(type(failure)), replaced_when_done(out, "report") as partial:
        partial.write_bytes(b"half")
        raise failure
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.pdf"]


def test_unfinished_files_of_ended_runs_are_cleared_first(tmp_path):
    left = tmp_path / f"{PREFIX}{os.getppid()}-output-地图.gpkg.partial"
    left.write_bytes(b"x")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(left, (old, old))
    with replaced_when_done(tmp_path / "地图.gpkg") as partial:
        partial.write_bytes(b"map")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["地图.gpkg"]
