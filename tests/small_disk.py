"""A small tmpfs mounted for a test, to fill a disk for real (needs root; the test is skipped otherwise)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

DISK_BYTES = 2 * 1024 * 1024


@contextmanager
def small_disk(path: Path, *, free: int) -> Iterator[Path]:
    """Mount a 2 MB tmpfs at `path` with all but `free` bytes taken by a file named "filler"."""
    path.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(path)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount tmpfs: {mounted.stderr.decode(errors='replace')}")
    try:
        (path / "filler").write_bytes(bytes(DISK_BYTES - free))
        yield path
    finally:
        subprocess.run(["umount", "--lazy", str(path)], check=True)
