"""CityCheck's own unfinished files beside an output, and clearing those a killed run left behind.

An export or merge writes its output under a temporary name in the output's folder, then moves
it into place. A run killed in between (SIGKILL, power cut) leaves that file. Every such file is
named `.citycheck-<pid>-<role>-<output name>.partial`, so the next run in the folder can tell
them from anyone else's files, and from those of a run still going: it removes only files whose
process has ended, or that are older than a day (the process id was reused).
"""

from __future__ import annotations

import logging
import os
import re
import time
from contextlib import suppress
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = ".citycheck-"
SUFFIX = ".partial"
STALE_AFTER_S = 24 * 3600
_NAME = re.compile(rf"^{re.escape(PREFIX)}(\d+)-[a-z]+-.+{re.escape(SUFFIX)}$")


def partial_path(out: Path, role: str) -> Path:
    """Return the unfinished file for `out` of this process: `.citycheck-<pid>-<role>-<name>.partial`."""
    out = Path(out)
    return out.with_name(f"{PREFIX}{os.getpid()}-{role}-{out.name}{SUFFIX}")


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the unfinished files of CityCheck runs in `folder` that are over; return what was deleted."""
    removed = []
    with suppress(OSError):
        for path in Path(folder).glob(f"{PREFIX}*{SUFFIX}"):
            match = _NAME.match(path.name)
            if match and _is_stale(path, int(match[1])):
                with suppress(OSError):
                    path.unlink()
                    removed.append(path)
    if removed:
        log.info("removed %d unfinished files of ended runs in %s", len(removed), folder)
    return removed


def _is_stale(path: Path, pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False
    return age > STALE_AFTER_S or not process_running(pid)


def process_running(pid: int) -> bool:
    """Tell whether a process with this id is running (on Windows through the Win32 API)."""
    if os.name == "nt":
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:     # running, as another user
        return True
    return True


def _windows_process_running(pid: int) -> bool:
    import ctypes
    from ctypes import wintypes

    query_limited_information, still_active = 0x1000, 259
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        access_denied = 5
        return ctypes.get_last_error() == access_denied
    try:
        code = wintypes.DWORD()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
